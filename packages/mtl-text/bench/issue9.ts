// `pnpm --filter @hw7/mtl-text exec tsx bench/issue9.ts`: issue #9's protocol, kept as a record (the
// bench's default is now repeated grouped cross-validation, bench/index.ts). The homework's multi-task setting on the Hu & Liu product
// reviews of @hw7/datasets (opinion sentences: sentiment neg/pos, imbalanced, and 7 topics). By
// default it scores on the test reviews issue #9 quotes its baseline on (bench/issue-split.json,
// written by issue_split.py) and trains every configuration as a 5-fold cross-validated ensemble
// over the other reviews. One JSON line per configuration with the test scores per task and the
// out-of-fold validation scores (the only basis for choosing a configuration), then the classic baseline
// (TF-IDF 1-2-grams + class-balanced logistic regression, scikit-learn) on the same split.
// The default configurations are the issue's five: single-task sentiment and topic, plain MTL, MTL +
// imbalance handling and MTL + word2vec transfer, with the variants validation chose (README).
// HW7_BENCH_CONFIGS=name,name runs only those (also the candidates below, and tfidf-logreg for the
// baseline); HW7_BENCH_SEED=N (default 0) changes the seed of the initialisation, the batches and
// the folds; HW7_BENCH_FOLDS=K (default 5; 1 = one model early-stopped on a 10% validation part);
// HW7_BENCH_SPLIT=seeded draws the test part with the seed instead (20% of the rows, by review);
// HW7_BENCH_SELECTION=per-task scores each task of a multi-task model at its own best validation
// epoch; HW7_BENCH_PREDICTIONS=DIR writes each configuration's test predictions for bench/compare.ts.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetFiles } from '@hw7/datasets';
import { cacheDirectory, writeFileAtomic } from '@hw7/tensor-utils/base';
import { benchLine, integerFromEnv, round, runPythonReference } from '@hw7/tensor-utils/dev';
import { KeyedVectors, loadWord2VecFormat, saveWord2VecFormat, trainWord2Vec } from '@hw7/word2vec';
import { groupedSplit } from '../src/data/split.js';
import { groupKey, loadLabeledTable } from '../src/data/table.js';
import { runExperiment } from '../src/experiment.js';
import type { ExperimentOptions } from '../src/experiment-options.js';
import { decide } from '../src/metrics/decision-threshold.js';
import type { TaskSummary } from '../src/metrics/task-evaluation.js';
import type { CheckpointSelection } from '../src/model/kinds.js';

const SEED = integerFromEnv('HW7_BENCH_SEED', 0, 0);
const SPLIT = process.env.HW7_BENCH_SPLIT ?? 'issue';
const SELECTION = (process.env.HW7_BENCH_SELECTION ?? 'mean') as CheckpointSelection;
const FOLDS = integerFromEnv('HW7_BENCH_FOLDS', 5, 1);
/** A directory for each configuration's test predictions (bench/compare.ts compares two), or none. */
const PREDICTIONS = process.env.HW7_BENCH_PREDICTIONS;
if (SPLIT !== 'issue' && SPLIT !== 'seeded') {
  throw new RangeError(`HW7_BENCH_SPLIT must be 'issue' or 'seeded'; got ${SPLIT}`);
}

/** The (product, review_id) groups of issue #9's test part. */
function issueTestGroups(): string[][] {
  const path = join(dirname(fileURLToPath(import.meta.url)), 'issue-split.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { testGroups: string[][] }).testGroups;
}

function scores(summary: TaskSummary, minority?: string) {
  return {
    macroF1: round(summary.macroF1, 4),
    ...(minority ? { minorityF1: round(summary.perClass[minority]?.f1 ?? Number.NaN, 4) } : {}),
    rocAuc: summary.rocAuc === null ? null : round(summary.rocAuc, 4),
    specificity: round(summary.specificity, 4),
    accuracy: round(summary.accuracy, 4),
  };
}

/**
 * The ELTeC corpus's vectors with skip-gram vectors of the reviews' own training sentences appended
 * to each word (zeros where one of the two lacks the word): the novels know sentiment words, the
 * reviews know product words. Written to `directory`.
 */
async function corpusAndReviewVectors(reviewTexts: string[], directory: string): Promise<string> {
  const corpus = await loadWord2VecFormat(await corpusVectors());
  const { vectors: reviews } = await trainWord2Vec({
    corpus: { lines: () => reviewTexts },
    dim: 50,
    epochs: 20,
    minCount: 2,
    threads: 1,
    seed: 1,
  });
  const words = [...new Set([...corpus.words, ...reviews.words])];
  const dim = corpus.dim + reviews.dim;
  const joined = new Float32Array(words.length * dim);
  words.forEach((word, i) => {
    if (corpus.has(word)) joined.set(corpus.vector(word), i * dim);
    if (reviews.has(word)) joined.set(reviews.vector(word), i * dim + corpus.dim);
  });
  const path = join(directory, 'corpus-and-reviews.bin');
  await saveWord2VecFormat(new KeyedVectors(words, joined, dim), path);
  return path;
}

/** Skip-gram vectors of the 99 ELTeC novels (dim 100, 3 epochs), trained once and cached. */
async function corpusVectors(): Promise<string> {
  const path = cacheDirectory('word2vec', 'eltec-sg100-e3.bin');
  if (existsSync(path)) return path;
  const { vectors } = await trainWord2Vec({
    corpus: await datasetFiles('eltec'),
    dim: 100,
    epochs: 3,
    threads: 2,
    seed: 1,
  });
  await saveWord2VecFormat(vectors, path);
  return path;
}

const [data] = (await datasetFiles('huliu')) as [string];
const common: ExperimentOptions = {
  data,
  text: 'sentence',
  tasks: { sentiment: { column: 'sentiment', labels: ['neg', 'pos'] }, topic: 'category' },
  group: ['product', 'review_id'],
  filter: { sentiment: ['pos', 'neg'] },
  seed: SEED,
  selection: SELECTION,
  folds: FOLDS,
  ...(SPLIT === 'issue' ? { testGroups: issueTestGroups() } : {}),
  epochs: 25,
  progress: false,
};
const temporaryDirectories: string[] = [];
const transfer = async () => ({ tokenizer: 'words' as const, vectors: await corpusVectors() });
const imbalance = { classWeights: ['sentiment'], augment: { task: 'sentiment', perExample: 1 } };
// The transferred vectors only initialise the embedding: after the frozen first epoch it trains at
// the full learning rate, so the topic task can move the novel-corpus vectors towards product words.
const finetuned = async (): Promise<ExperimentOptions> => ({
  ...common,
  imbalance,
  ...(await transfer()),
  embeddingLearningRateFactor: 1,
});
// Issue #9's five configurations, each MTL variant the one validation chose (README).
const configurations: Record<string, () => Promise<ExperimentOptions>> = {
  'single-sentiment': async () => ({ ...common, trainTasks: ['sentiment'] }),
  'single-topic': async () => ({ ...common, trainTasks: ['topic'] }),
  'mtl-plain': async () => common,
  'mtl-class-weights': async () => ({ ...common, imbalance: { classWeights: ['sentiment'] } }),
  'mtl-word2vec-finetune-twochannel': async () => ({ ...(await finetuned()), randomEmbeddingDim: 100 }),
};
// The other candidates compared on validation; run only when named in HW7_BENCH_CONFIGS.
const candidates: Record<string, () => Promise<ExperimentOptions>> = {
  // The issue's second encoder on the plain MTL model: a record of the encoders, not a candidate
  // for the rows the README chooses (every one of those uses the CNN).
  'mtl-plain-bigru': async () => ({ ...common, encoder: 'bigru' }),
  // Imbalance methods: class weights with EDA, oversampling, focal loss, threshold moving.
  'mtl-imbalance': async () => ({ ...common, imbalance }),
  'mtl-imbalance-uncertainty': async () => ({ ...common, imbalance, weighting: 'uncertainty' }),
  'mtl-oversample': async () => ({ ...common, imbalance: { oversample: 'sentiment' } }),
  'mtl-focal': async () => ({ ...common, imbalance: { focal: { sentiment: 2 } } }),
  'mtl-threshold': async () => ({ ...common, imbalance: { tuneThreshold: ['sentiment'] } }),
  // Transfer variants.
  'mtl-word2vec': async () => ({ ...common, imbalance, ...(await transfer()) }),
  // A second, random embedding channel beside the transferred vectors, for the product words they lack.
  'mtl-word2vec-twochannel': async () => ({ ...common, imbalance, ...(await transfer()), randomEmbeddingDim: 100 }),
  'mtl-word2vec-uncertainty': async () => ({ ...common, imbalance, ...(await transfer()), weighting: 'uncertainty' }),
  'mtl-word2vec-dynamic': async () => ({ ...common, imbalance, ...(await transfer()), weighting: 'dynamic' }),
  'mtl-word2vec-topic2': async () => ({ ...common, imbalance, ...(await transfer()), taskWeights: [1, 2] }),
  'mtl-word2vec-finetune': finetuned,
  // The tasks share the fine-tuned embedding only, each with its own encoder.
  'mtl-word2vec-finetune-separate': async () => ({ ...(await finetuned()), sharing: 'embedding' }),
  // The small transformer encoder instead of the CNN.
  'mtl-word2vec-finetune-transformer': async () => ({ ...(await finetuned()), encoder: 'transformer' }),
  // The corpus vectors plus vectors of the reviews' own training sentences (never validation or test
  // sentences, which would flatter the validation scores that choose between configurations).
  'mtl-word2vec-reviews': async () => {
    const { table, split } = await benchSplit(data, common);
    const texts = Array.from(split.train, (row) => table.texts[row] as string);
    const directory = await mkdtemp(join(tmpdir(), 'mtl-vectors-'));
    temporaryDirectories.push(directory);
    return {
      ...common,
      imbalance,
      tokenizer: 'words' as const,
      vectors: await corpusAndReviewVectors(texts, directory),
    };
  },
  'mtl-word2vec-freeze3': async () => ({
    ...common,
    imbalance,
    ...(await transfer()),
    freezeEmbeddingEpochs: 3,
    embeddingLearningRateFactor: 0.1,
  }),
  // The transfer without multi-task learning: does a gain come from the second task or from the vectors?
  'single-sentiment-word2vec': async () => ({
    ...common,
    trainTasks: ['sentiment'],
    imbalance,
    ...(await transfer()),
  }),
  'single-topic-word2vec': async () => ({ ...common, trainTasks: ['topic'], ...(await transfer()) }),
};
const wanted = process.env.HW7_BENCH_CONFIGS?.split(',');
const known = { ...configurations, ...candidates };
const unknown = wanted?.filter((name) => !(name in known) && name !== 'tfidf-logreg');
if (unknown?.length) {
  throw new RangeError(
    `HW7_BENCH_CONFIGS: unknown configuration(s) ${unknown.join(', ')} (known: ${[...Object.keys(known), 'tfidf-logreg'].join(', ')})`,
  );
}
// The test rows' labels and groups, for the prediction files (the same for every configuration).
const predictionRows = PREDICTIONS ? await benchSplit(data, common) : undefined;
for (const [name, configure] of Object.entries(wanted ? known : configurations)) {
  if (wanted && !wanted.includes(name)) continue;
  const started = performance.now();
  const result = await runExperiment(await configure());
  const line: Record<string, unknown> = {
    config: name,
    seconds: round((performance.now() - started) / 1000, 1),
    seed: SEED,
    split: SPLIT,
    testRows: result.testRows,
    selection: SELECTION,
    folds: FOLDS,
    // Each model's kept epoch per task (one model, or one per fold).
    keptEpochs: result.models.map((model) => model.bestEpochByTask),
    // The model-selection basis (never the test split): validation scores of the kept epoch, or
    // out of fold with HW7_BENCH_FOLDS.
    validation: Object.fromEntries(
      result.validation.map(({ summary }) => [
        summary.task,
        scores(summary, summary.task === 'sentiment' ? 'neg' : undefined),
      ]),
    ),
    ...(Object.keys(result.decisions).length === 0 ? {} : { decisions: result.decisions }),
    ...(result.models[0]?.vectorCoverage === undefined
      ? {}
      : { vectorCoverage: round(result.models[0].vectorCoverage, 3) }),
  };
  for (const evaluation of result.evaluations) {
    const { task } = evaluation.summary;
    line[task] = scores(evaluation.summary, task === 'sentiment' ? 'neg' : undefined);
  }
  benchLine('mtl-text', line);
  if (PREDICTIONS && predictionRows) {
    const { table, split } = predictionRows;
    await writePredictions(
      PREDICTIONS,
      name,
      Object.fromEntries(
        result.evaluations.map(({ summary, probabilities }) => {
          const y = table.tasks.find((task) => task.name === summary.task)?.y ?? [];
          // The class each labelled test row was scored as, in test-row order (as the baseline reports them).
          const predicted = probabilities
            .filter((_, i) => (y[split.test[i] as number] as number) >= 0)
            .map((row) => decide(row, result.decisions[summary.task]));
          return [summary.task, predicted];
        }),
      ),
      predictionRows,
    );
  }
}

for (const directory of temporaryDirectories) await rm(directory, { recursive: true, force: true });
// The baseline sees the same rows: train + validation to fit, test to score.
if (!wanted || wanted.includes('tfidf-logreg')) await runBaseline(data, common);

/** The rows and the split every configuration of this run sees (as runExperiment makes it). */
async function benchSplit(data: string, common: ExperimentOptions) {
  const table = await loadLabeledTable(data, common);
  return { table, split: groupedSplit(table.groups, { seed: SEED, testGroups: common.testGroups?.map(groupKey) }) };
}

/**
 * Writes PREDICTIONS/<config>.json: per task the truth, the predicted class and the group (review)
 * of each labelled test row, for bench/compare.ts's paired bootstrap.
 */
async function writePredictions(
  directory: string,
  config: string,
  predictedByTask: Record<string, number[]>,
  { table, split }: Awaited<ReturnType<typeof benchSplit>>,
): Promise<void> {
  const tasks = Object.fromEntries(
    Object.entries(predictedByTask).map(([name, predicted]) => {
      const task = table.tasks.find((candidate) => candidate.name === name);
      if (!task) throw new Error(`writePredictions: no task '${name}'`);
      const rows = Array.from(split.test).filter((row) => (task.y[row] as number) >= 0);
      if (rows.length !== predicted.length) {
        throw new Error(
          `writePredictions: ${config} predicted ${predicted.length} ${name} rows, expected ${rows.length}`,
        );
      }
      return [
        name,
        {
          classes: task.labels,
          truth: rows.map((row) => task.y[row]),
          predicted,
          groups: rows.map((row) => table.groups[row]),
        },
      ];
    }),
  );
  await mkdir(directory, { recursive: true });
  await writeFileAtomic(join(directory, `${config}.json`), JSON.stringify({ config, seed: SEED, folds: FOLDS, tasks }));
}

async function runBaseline(data: string, common: ExperimentOptions): Promise<void> {
  const { table, split } = await benchSplit(data, common);
  const directory = await mkdtemp(join(tmpdir(), 'mtl-baseline-'));
  try {
    const specPath = join(directory, 'split.json');
    await writeFile(
      specPath,
      JSON.stringify({
        texts: table.texts,
        tasks: table.tasks.map((task) => ({ name: task.name, classes: task.labels, y: Array.from(task.y) })),
        train: Array.from(split.train),
        validation: Array.from(split.validation),
        test: Array.from(split.test),
      }),
    );
    const script = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_baseline.py');
    const baseline = await runPythonReference<
      Record<string, { macroF1: number; perClassF1: Record<string, number>; rocAuc: number; predicted: number[] }>
    >(script, [specPath]);
    if (!baseline.ok) {
      benchLine('mtl-text-baseline', { skipped: baseline.reason });
      return;
    }
    const tasks = Object.entries(baseline.value);
    const printed = Object.fromEntries(tasks.map(([task, { predicted: _, ...taskScores }]) => [task, taskScores]));
    benchLine('mtl-text-baseline', { config: 'tfidf-logreg', seed: SEED, split: SPLIT, ...printed });
    if (PREDICTIONS) {
      await writePredictions(
        PREDICTIONS,
        'tfidf-logreg',
        Object.fromEntries(tasks.map(([task, { predicted }]) => [task, predicted])),
        { table, split },
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
