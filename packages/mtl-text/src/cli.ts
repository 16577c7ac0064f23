#!/usr/bin/env node
// `hw7-mtl`: train and evaluate a multi-task text classifier on any TSV/CSV with a text column and
// one label column per task. Every option is declared once here; parsing, validation (paths and
// the options' combinations, before the data or TensorFlow.js load) and --help derive from it.
import {
  CliError,
  checkOutputsApartFromInputs,
  defineCommand,
  defineProgram,
  type OptionValues,
  option,
  quoteValue,
  readJsonFile,
  runMain,
} from '@hw7/tensor-utils/base';
import type { TaskColumn } from './data/table.js';
import { TASK_BATCHING_STRATEGIES } from './data/task-batcher.js';
import { checkDataArgument, SHIPPED_TABLES } from './data-argument.js';
import { checkExperimentOptions, type ExperimentOptions, resolveExperimentOptions } from './experiment-options.js';
import { CHECKPOINT_SELECTIONS, ENCODER_KINDS, SHARING_KINDS, TASK_WEIGHTING_KINDS } from './model/kinds.js';
import { OptionError, shownValue } from './option-error.js';

/** `KEY=VALUE` split at the first '='; both parts non-empty. */
function keyValue(raw: string): [string, string] {
  const at = raw.indexOf('=');
  if (at <= 0 || at === raw.length - 1) throw new Error();
  return [raw.slice(0, at), raw.slice(at + 1)];
}

const task = option.custom({
  multiple: true,
  required: true,
  valueName: 'NAME=COLUMN[:A,B,...]',
  expected: 'NAME=COLUMN, or NAME=COLUMN:A,B,... to count only the labels A, B, ...',
  description:
    'a task and its label column (one per task); with :A,B only those labels count, other rows are unlabelled for it',
  parse: (raw): [string, TaskColumn] => {
    const [name, rest] = keyValue(raw);
    const colon = rest.indexOf(':');
    if (colon < 0) return [name, rest];
    const labels = rest.slice(colon + 1).split(',');
    if (colon === 0 || labels.some((label) => label === '')) throw new Error();
    return [name, { column: rest.slice(0, colon), labels }];
  },
});

const filter = option.custom({
  multiple: true,
  valueName: 'COLUMN=V1,V2',
  expected: 'COLUMN=V1,V2,... (the values to keep)',
  description: "keep only rows whose COLUMN is one of the values, e.g. 'sentiment=pos,neg'",
  parse: (raw): [string, string[]] => {
    const [column, values] = keyValue(raw);
    return [column, values.split(',')];
  },
});

const focal = option.custom({
  multiple: true,
  valueName: 'TASK=GAMMA',
  expected: 'TASK=GAMMA with GAMMA a number >= 0',
  description: 'focal loss for TASK with focusing parameter GAMMA',
  parse: (raw): [string, number] => {
    const [name, gamma] = keyValue(raw);
    const value = Number(gamma);
    if (!(Number.isFinite(value) && value >= 0)) throw new Error();
    return [name, value];
  },
});

const taskName = (description: string) => option.string({ valueName: 'TASK', description });

const options = {
  data: option.string({
    required: true,
    valueName: 'FILE',
    description: `a .tsv (TAB) or .csv file with a header row, or ${SHIPPED_TABLES.join(', ')}: the Hu & Liu product reviews shipped in @hw7/datasets (read from $HW7_DATA_DIR when set; columns set, product, category, review_id, sentiment, score_sum, sentence)`,
  }),
  text: option.string({ required: true, valueName: 'COLUMN', description: 'the text column' }),
  task,
  group: option.string({
    multiple: true,
    valueName: 'COLUMN',
    description:
      "rows sharing this column's value stay in one split (repeat for a key of several columns, e.g. --group product --group review_id)",
  }),
  filter,
  testGroups: option.inputFile({
    description:
      'score on exactly these groups: a JSON list of --group values (each an array when several columns group), or an object with such a list in "testGroups"',
  }),
  testFraction: option.number({
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
    defaultText: '0.2',
    description: 'the share of the rows (whole groups) held out for the test scores',
  }),
  tokenizer: option.choice(['whitespace', 'words'] as const, {
    defaultText: 'whitespace: pre-tokenised text',
    description: 'how texts become tokens; words: runs of letters, lower-cased, as @hw7/word2vec does',
  }),
  maxLength: option.integer({ min: 1, defaultText: '48', description: 'tokens kept per text' }),
  encoder: option.choice(ENCODER_KINDS, {
    defaultText: 'fasttext',
    description:
      'fasttext (with no other option: the wide part, embedding size 16, dropout 0.5, batch 128, lr 0.01 with cosine decay, 6 epochs on every non-test row, class weights on every task); the others: 20 epochs, a 10% validation part',
  }),
  wide: option.flag({ description: 'a linear part on the TF-IDF n-grams in every head (default: with fasttext)' }),
  noWide: option.flag({ description: 'no wide part' }),
  embeddingDim: option.integer({ min: 1, defaultText: 'fasttext 16, others 100', description: 'embedding size' }),
  validationFraction: option.number({
    min: 0,
    max: 1,
    exclusiveMax: true,
    defaultText: 'fasttext 0: none, others 0.1',
    description: 'the share of the non-test rows held out for early stopping',
  }),
  attentionHeads: option.integer({
    min: 1,
    defaultText: '4',
    description: 'transformer: attention heads; they must divide the embedding size',
  }),
  transformerBlocks: option.integer({ min: 1, defaultText: '1', description: 'transformer: self-attention blocks' }),
  epochs: option.integer({
    min: 1,
    defaultText: 'fasttext 6, others 20',
    description: 'maximum epochs (early stopping on validation macro-F1 when there is a validation part)',
  }),
  batchSize: option.integer({ min: 1, defaultText: 'fasttext 128, others 32', description: 'texts per step' }),
  learningRate: option.number({
    flag: 'lr',
    min: 0,
    exclusiveMin: true,
    defaultText: 'fasttext 0.01, others 2e-3',
    description: 'learning rate',
  }),
  learningRateDecay: option.choice(['constant', 'cosine'] as const, {
    flag: 'lr-decay',
    defaultText: 'fasttext cosine, others constant',
    description: 'the learning rate over the epochs',
  }),
  weighting: option.choice(TASK_WEIGHTING_KINDS, { defaultText: 'fixed', description: 'how task losses combine' }),
  batching: option.choice(TASK_BATCHING_STRATEGIES, { defaultText: 'mixed', description: 'how batches mix tasks' }),
  vectors: option.inputFile({
    description: 'initialise the embedding from word2vec vectors (text or binary); needs a token encoder',
  }),
  embeddingLearningRateFactor: option.number({
    flag: 'embedding-lr-factor',
    min: 0,
    exclusiveMin: true,
    defaultText: '0.5 with --vectors, else 1',
    description: 'learning-rate factor of the embedding once unfrozen',
  }),
  randomEmbeddingDim: option.integer({
    min: 0,
    defaultText: '0: none',
    description: 'a second, randomly initialised embedding of N dimensions beside the first',
  }),
  sharing: option.choice(SHARING_KINDS, {
    defaultText: 'encoder',
    description: 'what the tasks share: the embedding and the encoder, or the embedding only (one encoder per task)',
  }),
  selection: option.choice(CHECKPOINT_SELECTIONS, {
    defaultText: 'mean',
    description:
      'the epoch whose weights score each task: the best mean validation macro-F1, or each task its own best',
  }),
  folds: option.integer({
    min: 1,
    defaultText: '1: one model',
    description:
      'a cross-validated ensemble: N models, each validated on one of N grouped folds of the non-test rows, scored with their mean probabilities',
  }),
  seed: option.seed(),
  classWeights: option.string({
    multiple: true,
    valueName: 'TASK',
    description:
      "balanced class weights in TASK's loss (any imbalance option replaces the default class weights on every task)",
  }),
  focal,
  oversample: taskName("oversample TASK's minority classes (the copies train TASK only)"),
  augment: taskName(
    "EDA augmentation (WordNet synonyms, insertion, swap, deletion) of TASK's minority-class training texts (the copies train TASK only)",
  ),
  tuneThreshold: option.string({
    multiple: true,
    valueName: 'TASK',
    description:
      'threshold moving for binary TASK: predict its minority class from the probability that maximises validation macro-F1 (needs a validation part or folds)',
  }),
  out: option.outputDirectory({
    existing: 'refuse-non-empty',
    defaultText: 'none: nothing is written',
    description:
      'a new or empty directory for metrics.json, report.txt, history.jsonl, validation-macro-f1.svg and checkpoints/ (with --folds, per model in fold-1/, fold-2/, ...); it appears whole when training ends',
  }),
  backend: option.backend(),
};

type TrainValues = OptionValues<typeof options>;

/** runExperiment's options from the command line; `testGroups` as read from --test-groups. */
function experimentOptions(values: TrainValues, testGroups?: ExperimentOptions['testGroups']): ExperimentOptions {
  const imbalanceGiven =
    [values.classWeights, values.focal, values.tuneThreshold].some((list) => list.length > 0) ||
    values.oversample !== undefined ||
    values.augment !== undefined;
  const { task: tasks, filter: filters, group, wide, noWide, classWeights, focal: gammas, tuneThreshold } = values;
  return resolveExperimentOptions({
    data: values.data,
    text: values.text,
    tasks: Object.fromEntries(tasks),
    filter: Object.fromEntries(filters),
    group: group.length > 0 ? group : undefined,
    tokenizer: values.tokenizer,
    maxLength: values.maxLength,
    testFraction: values.testFraction,
    validationFraction: values.validationFraction,
    folds: values.folds,
    encoder: values.encoder,
    wide: wide ? true : noWide ? false : undefined,
    embeddingDim: values.embeddingDim,
    attentionHeads: values.attentionHeads,
    transformerBlocks: values.transformerBlocks,
    epochs: values.epochs,
    batchSize: values.batchSize,
    learningRate: values.learningRate,
    learningRateDecay: values.learningRateDecay,
    weighting: values.weighting,
    batching: values.batching,
    vectors: values.vectors,
    embeddingLearningRateFactor: values.embeddingLearningRateFactor,
    randomEmbeddingDim: values.randomEmbeddingDim,
    sharing: values.sharing,
    selection: values.selection,
    seed: values.seed,
    out: values.out,
    testGroups,
    // Without imbalance options, the encoder's default (class weights on every task with fasttext).
    imbalance: imbalanceGiven
      ? {
          classWeights,
          focal: Object.fromEntries(gammas),
          oversample: values.oversample,
          augment: values.augment === undefined ? undefined : { task: values.augment },
          tuneThreshold,
        }
      : undefined,
  });
}

/** The flag of each of runExperiment's options that the command line sets under another name. */
const FLAG_OF_OPTION: Record<string, string> = {
  'imbalance.classWeights': 'class-weights',
  'imbalance.focal': 'focal',
  'imbalance.oversample': 'oversample',
  'imbalance.augment.task': 'augment',
  'imbalance.tuneThreshold': 'tune-threshold',
  learningRate: 'lr',
};

/** An OptionError about one of runExperiment's options, said about the flag that set it. */
function asFlagError(error: unknown): unknown {
  if (!(error instanceof OptionError)) return error;
  const flag = FLAG_OF_OPTION[error.option] ?? error.option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const subject = error.value === undefined ? `--${flag}` : `--${flag} ${shownValue(error.value)}`;
  return new CliError(error.problem, subject, error.expected, { cause: error });
}

function checkTrain(values: TrainValues): void {
  checkDataArgument(values.data);
  if (values.wide && values.noWide) throw new CliError('given together with --no-wide', '--wide', 'one of the two');
  const names = values.task.map(([name]) => name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined)
    throw new CliError('names a task twice', `--task ${quoteValue(repeated)}`, 'one --task per task');
  if (values.out !== undefined) {
    const output = {
      subject: `--out ${quoteValue(values.out)}`,
      path: values.out,
      rule: { role: 'output', kind: 'directory' },
    } as const;
    const data = {
      subject: `--data ${quoteValue(values.data)}`,
      path: values.data,
      rule: { role: 'input', kind: 'file' },
    } as const;
    checkOutputsApartFromInputs([output, data]);
  }
  try {
    checkExperimentOptions(experimentOptions(values, values.testGroups === undefined ? undefined : []));
  } catch (error) {
    throw asFlagError(error);
  }
}

/** The groups listed in a --test-groups file. */
async function readTestGroups(path: string): Promise<(string | string[])[]> {
  const parsed = await readJsonFile(path);
  const list = Array.isArray(parsed) ? parsed : (parsed as { testGroups?: unknown } | null)?.testGroups;
  const isGroup = (group: unknown) =>
    typeof group === 'string' || (Array.isArray(group) && group.every((value) => typeof value === 'string'));
  if (!Array.isArray(list) || !list.every(isGroup)) {
    throw new CliError(
      'holds no list of groups',
      `--test-groups ${quoteValue(path)}`,
      'a JSON list of groups (strings, or arrays of strings), or {"testGroups": [...]}',
    );
  }
  return list as (string | string[])[];
}

const train = defineCommand({
  summary:
    'Train one model for several classification tasks on a split grouped by --group and print one JSON line per task with its test metrics.',
  description:
    'The default model is a fastText-style encoder over word and character n-grams with a wide, linear part on the same TF-IDF n-grams in every head: the configuration that won cross-validation on the homework data; each model option changes one part of it. Ctrl-C stops after the current step (nothing is written to --out).',
  options,
  check: ({ options: values }) => checkTrain(values),
  cancellable: true,
  run: async ({ options: values, signal }) => {
    try {
      const testGroups = values.testGroups === undefined ? undefined : await readTestGroups(values.testGroups);
      const { trainCommand } = await import('./cli-train.js');
      await trainCommand(experimentOptions(values, testGroups), values.backend, signal);
    } catch (error) {
      throw asFlagError(error);
    }
  },
});

runMain(
  defineProgram({
    name: 'hw7-mtl',
    summary:
      'Multi-task text classification (TensorFlow.js): one model, one head per task, scikit-learn-exact metrics.',
    commands: { train },
  }),
);
