// `pnpm --filter @hw7/mtl-text bench`: the homework's multi-task setting on the shared product
// reviews (opinion sentences: sentiment neg/pos, imbalanced, and 7 topics), split by review with a
// fixed seed. One JSON line per configuration with the test scores per task and the validation
// macro-F1 at the kept epoch (the only basis for choosing a configuration), then the classic
// baseline (TF-IDF 1-2-grams + class-balanced logistic regression, scikit-learn) on the same split.
// The configurations: single-task and MTL as issue #9 lists them, MTL + word2vec with the embedding
// fine-tuned at the full learning rate (chosen on validation over 3 seeds), and single-task +
// word2vec (to tell the transfer's gain from the multi-task one).
// HW7_BENCH_CONFIGS=name,name runs only those (also the validation candidates mtl-word2vec-uncertainty,
// -dynamic, -topic2, -freeze3, and tfidf-logreg for the baseline); HW7_BENCH_SEED=N (default 0)
// changes the seed of the split, the initialisation and the batches.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchLine,
  cacheDirectory,
  findSharedDirectory,
  integerFromEnv,
  round,
  runPythonReference,
  sharedCorpusFiles,
} from '@hw7/tensor-utils/base';
import { saveWord2VecFormat, trainVectors } from '@hw7/word2vec';
import {
  type ExperimentOptions,
  groupedSplit,
  loadLabeledTable,
  runExperiment,
  type TaskSummary,
} from '../src/index.js';

const SEED = integerFromEnv('HW7_BENCH_SEED', 0, 0);

function scores(summary: TaskSummary, minority?: string) {
  return {
    macroF1: round(summary.macroF1, 4),
    ...(minority ? { minorityF1: round(summary.perClass[minority]?.f1 ?? Number.NaN, 4) } : {}),
    rocAuc: summary.rocAuc === null ? null : round(summary.rocAuc, 4),
    specificity: round(summary.specificity, 4),
    accuracy: round(summary.accuracy, 4),
  };
}

/** Skip-gram vectors of the shared corpus (dim 100, 3 epochs), trained once and cached. */
async function corpusVectors(shared: string): Promise<string> {
  const path = cacheDirectory('word2vec', 'shared-corpus-sg100-e3.bin');
  if (existsSync(path)) return path;
  const { vectors } = await trainVectors({
    corpus: sharedCorpusFiles(shared),
    dim: 100,
    epochs: 3,
    threads: 2,
    seed: 1,
  });
  await saveWord2VecFormat(vectors, path);
  return path;
}

const shared = findSharedDirectory();
if (!shared) {
  benchLine('mtl-text', { skipped: 'no ../shared directory with data/mtl (set HW7_SHARED_DIR)' });
} else {
  const data = join(shared, 'data', 'mtl', 'huliu_product_reviews.tsv');
  const common: ExperimentOptions = {
    data,
    text: 'sentence',
    tasks: { sentiment: { column: 'sentiment', labels: ['neg', 'pos'] }, topic: 'category' },
    group: ['product', 'review_id'],
    filter: { sentiment: ['pos', 'neg'] },
    seed: SEED,
    epochs: 25,
    progress: false,
  };
  const transfer = async () => ({ tokenizer: 'words' as const, vectors: await corpusVectors(shared) });
  const imbalance = { classWeights: ['sentiment'], augment: { task: 'sentiment', perExample: 1 } };
  const configurations: Record<string, () => Promise<ExperimentOptions>> = {
    'single-sentiment': async () => ({ ...common, trainTasks: ['sentiment'] }),
    'single-topic': async () => ({ ...common, trainTasks: ['topic'] }),
    'mtl-plain': async () => common,
    'mtl-imbalance': async () => ({ ...common, imbalance }),
    'mtl-imbalance-uncertainty': async () => ({ ...common, imbalance, weighting: 'uncertainty' }),
    'mtl-word2vec': async () => ({ ...common, imbalance, ...(await transfer()) }),
    // The transferred vectors only initialise the embedding: after the frozen first epoch it trains at
    // the full learning rate, so the topic task can move the novel-corpus vectors towards product words.
    'mtl-word2vec-finetune': async () => ({
      ...common,
      imbalance,
      ...(await transfer()),
      embeddingLearningRateFactor: 1,
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
  // The other transfer variants compared on validation; run only when named in HW7_BENCH_CONFIGS.
  const candidates: Record<string, () => Promise<ExperimentOptions>> = {
    'mtl-word2vec-uncertainty': async () => ({ ...common, imbalance, ...(await transfer()), weighting: 'uncertainty' }),
    'mtl-word2vec-dynamic': async () => ({ ...common, imbalance, ...(await transfer()), weighting: 'dynamic' }),
    'mtl-word2vec-topic2': async () => ({ ...common, imbalance, ...(await transfer()), taskWeights: [1, 2] }),
    'mtl-word2vec-freeze3': async () => ({
      ...common,
      imbalance,
      ...(await transfer()),
      freezeEmbeddingEpochs: 3,
      embeddingLearningRateFactor: 0.1,
    }),
  };
  const wanted = process.env.HW7_BENCH_CONFIGS?.split(',');
  const known = { ...configurations, ...candidates };
  const unknown = wanted?.filter((name) => !(name in known) && name !== 'tfidf-logreg');
  if (unknown?.length) {
    throw new RangeError(
      `HW7_BENCH_CONFIGS: unknown configuration(s) ${unknown.join(', ')} (known: ${[...Object.keys(known), 'tfidf-logreg'].join(', ')})`,
    );
  }
  for (const [name, configure] of Object.entries(wanted ? known : configurations)) {
    if (wanted && !wanted.includes(name)) continue;
    const started = performance.now();
    const result = await runExperiment(await configure());
    const line: Record<string, unknown> = {
      config: name,
      seconds: round((performance.now() - started) / 1000, 1),
      seed: SEED,
      bestEpoch: result.bestEpoch,
      // The model-selection basis (never the test split): validation macro-F1 at the kept epoch.
      validationMacroF1: Object.fromEntries(
        Object.entries(result.history[result.bestEpoch - 1]?.validationMacroF1 ?? {}).map(([task, f1]) => [
          task,
          round(f1, 4),
        ]),
      ),
      ...(result.vectorCoverage === undefined ? {} : { vectorCoverage: round(result.vectorCoverage, 3) }),
    };
    for (const evaluation of result.evaluations) {
      const { task } = evaluation.summary;
      line[task] = scores(evaluation.summary, task === 'sentiment' ? 'neg' : undefined);
    }
    benchLine('mtl-text', line);
  }

  // The baseline sees the same rows: train + validation to fit, test to score.
  if (!wanted || wanted.includes('tfidf-logreg')) await runBaseline(data, common);
}

async function runBaseline(data: string, common: ExperimentOptions): Promise<void> {
  const table = await loadLabeledTable(data, common);
  const split = groupedSplit(table.groups, { seed: SEED });
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
      Record<string, { macroF1: number; perClassF1: Record<string, number>; rocAuc: number }>
    >(script, [specPath]);
    if (!baseline.ok) benchLine('mtl-text-baseline', { skipped: baseline.reason });
    else benchLine('mtl-text-baseline', { config: 'tfidf-logreg', ...baseline.value });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
