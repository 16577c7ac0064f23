#!/usr/bin/env node
// `hw7-mtl`: train and evaluate a multi-task text classifier on any TSV/CSV with a text column and
// one label column per task.
import { readFile } from 'node:fs/promises';
import { integerOption, numberOption, parseCommandLine } from '@hw7/tensor-utils/base';
import type { TaskColumn } from './data/table.js';
import { TASK_BATCHING_STRATEGIES, type TaskBatchingStrategy } from './data/task-batcher.js';
import { dataFile } from './data-argument.js';
import { runExperiment } from './experiment.js';
import type { ExperimentOptions } from './experiment-options.js';
import {
  type CheckpointSelection,
  ENCODER_KINDS,
  type EncoderKind,
  SHARING_KINDS,
  type SharingKind,
  type TaskWeightingKind,
} from './model/kinds.js';

const HELP = `Usage: hw7-mtl train --data FILE --text COLUMN --task NAME=COLUMN [--task ...] [--out DIR] [options]

Trains one model for several classification tasks (by default a fastText-style encoder over word and
character n-grams with a wide, linear part on the same TF-IDF n-grams in every task's head) on a
held-out split grouped by --group, and prints one JSON line per task with its test metrics. With
--out it also writes OUT/metrics.json, OUT/report.txt (scikit-learn style classification reports),
OUT/history.jsonl, OUT/validation-macro-f1.svg and the best epoch's checkpoint in OUT/checkpoints
(with --folds, the last three per model in OUT/fold-1, OUT/fold-2, ...).

Data:
  --data FILE            a .tsv (TAB) or .csv file with a header row, or huliu: the Hu & Liu
                         product reviews shipped in @hw7/datasets (read from $HW7_DATA_DIR when set;
                         columns set, product, category, review_id, sentiment, score_sum, sentence)
  --text COLUMN          the text column
  --task NAME=COLUMN[:A,B,...]
                         a task and its label column (repeat per task); with :A,B only those
                         labels count, other rows are unlabelled for this task
  --group COLUMN         rows sharing this column's value stay in one split (repeat for a key of
                         several columns, e.g. --group product --group review_id)
  --filter COLUMN=V1,V2  keep only rows whose COLUMN is one of the values (repeatable)
  --test-groups FILE     score on exactly these groups (a JSON list of --group values, each an array
                         when several columns group; or an object with such a list in "testGroups")
  --tokenizer NAME       whitespace (default: pre-tokenised text) | words (letters, like word2vec)
  --max-length N         tokens kept per text (default 48)

Model and training (the defaults are the configuration that won cross-validation on the homework's
data; each option below changes one part of it):
  --encoder NAME         ${ENCODER_KINDS.join(' | ')} (default fasttext: with no
                         other option the wide part, embedding size 16, dropout 0.5, batch 128,
                         lr 0.01 with cosine decay, 6 epochs on every non-test row, class weights
                         on every task; the other encoders: 20 epochs, 10% validation part)
  --wide, --no-wide      a linear part on the TF-IDF n-grams in every head (default: with fasttext)
  --embedding-dim N      embedding size (fasttext default 16, others 100)
  --validation-fraction X
                         validation part for early stopping (fasttext default 0: none)
  --attention-heads N    transformer: attention heads (default 4; must divide the embedding size)
  --transformer-blocks N transformer: self-attention blocks (default 1)
  --epochs N             maximum epochs (early stopping on validation macro-F1 when there is a
                         validation part)
  --batch-size N         default 32
  --lr X                 learning rate (fasttext default 0.01, others 2e-3)
  --lr-decay NAME        constant | cosine (fasttext default cosine)
  --weighting NAME       fixed (default) | uncertainty | dynamic
  --batching NAME        ${TASK_BATCHING_STRATEGIES.join(' | ')} (default mixed)
  --vectors FILE         initialise the embedding from word2vec vectors (.bin or text)
  --embedding-lr-factor X
                         learning-rate factor of the embedding once unfrozen (default 0.5 with
                         --vectors, else 1)
  --random-embedding-dim N
                         a second, randomly initialised embedding of N dimensions beside the first
                         (default 0: none)
  --sharing NAME         encoder (default: the tasks share the embedding and the encoder) |
                         embedding (they share the embedding only; one encoder per task)
  --selection NAME       mean (default: every task scored at the epoch with the best mean
                         validation macro-F1) | per-task (each task at its own best epoch)
  --folds K              train a cross-validated ensemble: K models, each validated on one of K
                         grouped folds of the non-test rows, scored with their mean probabilities
                         (default 1: one model and one validation part)
  --seed N               default 0

Imbalance:
  --class-weights TASK   balanced class weights in TASK's loss (repeatable; any imbalance option
                         replaces the default class weights on every task)
  --focal TASK=GAMMA     focal loss for TASK (repeatable)
  --oversample TASK      oversample TASK's minority classes
  --augment TASK         EDA augmentation (WordNet synonyms, insertion, swap, deletion) of TASK's
                         minority-class training texts
                         (oversampled and augmented copies train TASK only, not the other tasks)
  --tune-threshold TASK  threshold moving for binary TASK: predict its minority class from the
                         probability that maximises validation macro-F1 (repeatable)

  -h, --help             show this help
`;

const OPTIONS = {
  data: { type: 'string' },
  text: { type: 'string' },
  task: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  filter: { type: 'string', multiple: true },
  tokenizer: { type: 'string' },
  'max-length': { type: 'string' },
  encoder: { type: 'string' },
  wide: { type: 'boolean' },
  'no-wide': { type: 'boolean' },
  'embedding-dim': { type: 'string' },
  'validation-fraction': { type: 'string' },
  'lr-decay': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  weighting: { type: 'string' },
  batching: { type: 'string' },
  vectors: { type: 'string' },
  'embedding-lr-factor': { type: 'string' },
  'random-embedding-dim': { type: 'string' },
  sharing: { type: 'string' },
  'attention-heads': { type: 'string' },
  'transformer-blocks': { type: 'string' },
  selection: { type: 'string' },
  'test-groups': { type: 'string' },
  folds: { type: 'string' },
  seed: { type: 'string' },
  'class-weights': { type: 'string', multiple: true },
  focal: { type: 'string', multiple: true },
  oversample: { type: 'string' },
  augment: { type: 'string' },
  'tune-threshold': { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

function keyValue(text: string, name: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new Error(`--${name} must look like KEY=VALUE; got "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** The groups listed in a --test-groups file. */
async function readTestGroups(path: string | undefined): Promise<(string | string[])[] | undefined> {
  if (path === undefined) return undefined;
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  const list = Array.isArray(parsed) ? parsed : (parsed as { testGroups?: unknown } | null)?.testGroups;
  const isGroup = (group: unknown) =>
    typeof group === 'string' || (Array.isArray(group) && group.every((value) => typeof value === 'string'));
  if (!Array.isArray(list) || !list.every(isGroup)) {
    throw new Error(
      `--test-groups ${path} must hold a JSON list of groups (strings, or arrays of strings), or {"testGroups": [...]}`,
    );
  }
  return list as (string | string[])[];
}

function wideConflict(): never {
  throw new Error('give --wide or --no-wide, not both');
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new Error(`train needs --${name}; run hw7-mtl --help`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { command, values } = parseCommandLine(argv, {
    program: 'hw7-mtl',
    options: OPTIONS,
    commands: {
      train: { options: Object.keys(OPTIONS).filter((name) => name !== 'help') as (keyof typeof OPTIONS)[] },
    },
  });
  if (command === undefined) {
    process.stdout.write(HELP);
    return;
  }
  if (!values.task?.length) throw new Error('train needs at least one --task NAME=COLUMN; run hw7-mtl --help');
  const tasks: Record<string, TaskColumn> = {};
  for (const spec of values.task) {
    const [name, rest] = keyValue(spec, 'task');
    const [column, labels] = rest.split(':') as [string, string | undefined];
    tasks[name] = labels === undefined ? column : { column, labels: labels.split(',') };
  }
  const filter = Object.fromEntries(
    (values.filter ?? []).map((spec) => {
      const [column, list] = keyValue(spec, 'filter');
      return [column, list.split(',')];
    }),
  );
  const focal = Object.fromEntries(
    (values.focal ?? []).map((spec) => {
      const [task, gamma] = keyValue(spec, 'focal');
      return [task, numberOption(gamma, 'focal') as number];
    }),
  );
  const options: ExperimentOptions = {
    data: await dataFile(required(values.data, 'data')),
    text: required(values.text, 'text'),
    tasks,
    group: values.group,
    filter,
    tokenizer: oneOf(values.tokenizer, 'tokenizer', ['whitespace', 'words'] as const),
    maxLength: integerOption(values['max-length'], 'max-length', 1),
    encoder: oneOf<EncoderKind>(values.encoder, 'encoder', ENCODER_KINDS),
    attentionHeads: integerOption(values['attention-heads'], 'attention-heads', 1),
    transformerBlocks: integerOption(values['transformer-blocks'], 'transformer-blocks', 1),
    wide:
      values.wide && values['no-wide'] ? wideConflict() : values.wide ? true : values['no-wide'] ? false : undefined,
    embeddingDim: integerOption(values['embedding-dim'], 'embedding-dim', 1),
    validationFraction: numberOption(values['validation-fraction'], 'validation-fraction'),
    learningRateDecay: oneOf(values['lr-decay'], 'lr-decay', ['constant', 'cosine'] as const),
    epochs: integerOption(values.epochs, 'epochs', 1),
    batchSize: integerOption(values['batch-size'], 'batch-size', 1),
    learningRate: numberOption(values.lr, 'lr'),
    weighting: oneOf<TaskWeightingKind>(values.weighting, 'weighting', ['fixed', 'uncertainty', 'dynamic']),
    batching: oneOf<TaskBatchingStrategy>(values.batching, 'batching', TASK_BATCHING_STRATEGIES),
    vectors: values.vectors,
    embeddingLearningRateFactor: numberOption(values['embedding-lr-factor'], 'embedding-lr-factor'),
    randomEmbeddingDim: integerOption(values['random-embedding-dim'], 'random-embedding-dim', 0),
    sharing: oneOf<SharingKind>(values.sharing, 'sharing', SHARING_KINDS),
    selection: oneOf<CheckpointSelection>(values.selection, 'selection', ['mean', 'per-task']),
    testGroups: await readTestGroups(values['test-groups']),
    folds: integerOption(values.folds, 'folds', 1),
    seed: integerOption(values.seed, 'seed', 0),
    // Without imbalance options the encoder's default (class weights on every task with fasttext).
    imbalance: [
      values['class-weights'],
      values.focal,
      values.oversample,
      values.augment,
      values['tune-threshold'],
    ].some((value) => value !== undefined)
      ? {
          classWeights: values['class-weights'],
          focal,
          oversample: values.oversample,
          augment: values.augment ? { task: values.augment } : undefined,
          tuneThreshold: values['tune-threshold'],
        }
      : undefined,
    out: values.out,
  };
  const result = await runExperiment(options);
  for (const evaluation of result.evaluations) {
    const { support: _, ...summary } = evaluation.summary;
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hw7-mtl: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
