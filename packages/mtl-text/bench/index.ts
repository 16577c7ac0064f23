// `pnpm --filter @hw7/mtl-text bench`: the homework's multi-task setting on the shared product
// reviews (opinion sentences: sentiment neg/pos, imbalanced, and 7 topics), split by review with a
// fixed seed. One JSON line per configuration with the test scores per task, then the classic
// baseline (TF-IDF 1-2-grams + class-balanced logistic regression, scikit-learn) on the same split.
// HW7_BENCH_CONFIGS=name,name limits the configurations.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchLine,
  cacheDirectory,
  findSharedDirectory,
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

const SEED = 0;

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
  const imbalance = { classWeights: ['sentiment'], augment: { task: 'sentiment', perExample: 1 } };
  const configurations: Record<string, () => Promise<ExperimentOptions>> = {
    'single-sentiment': async () => ({ ...common, trainTasks: ['sentiment'] }),
    'single-topic': async () => ({ ...common, trainTasks: ['topic'] }),
    'mtl-plain': async () => common,
    'mtl-imbalance': async () => ({ ...common, imbalance }),
    'mtl-imbalance-uncertainty': async () => ({ ...common, imbalance, weighting: 'uncertainty' }),
    'mtl-word2vec': async () => ({ ...common, imbalance, tokenizer: 'words', vectors: await corpusVectors(shared) }),
  };
  const wanted = process.env.HW7_BENCH_CONFIGS?.split(',');
  for (const [name, configure] of Object.entries(configurations)) {
    if (wanted && !wanted.includes(name)) continue;
    const started = performance.now();
    const result = await runExperiment(await configure());
    const line: Record<string, unknown> = {
      config: name,
      seconds: round((performance.now() - started) / 1000, 1),
      bestEpoch: result.bestEpoch,
      ...(result.vectorCoverage === undefined ? {} : { vectorCoverage: round(result.vectorCoverage, 3) }),
    };
    for (const evaluation of result.evaluations) {
      const { task } = evaluation.summary;
      line[task] = scores(evaluation.summary, task === 'sentiment' ? 'neg' : undefined);
    }
    benchLine('mtl-text', line);
  }

  // The baseline sees the same rows: train + validation to fit, test to score.
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
