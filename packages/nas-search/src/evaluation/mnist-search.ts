// A real architecture search on a subset of MNIST (or of CIFAR-10/100 when the user supplies its
// files): a strategy proposes macro-space CNNs, each is trained briefly (warm-up, cosine decay,
// early stopping), inheriting its parent's weights when the strategy bred it from one, optionally
// behind a surrogate pre-screen; writes a best-so-far plot.
import { join } from 'node:path';
import { createProgress, tf, writeFileAtomic, writeLinePlot } from '@hw7/tensor-utils';
import {
  DATASET_TITLES,
  type DatasetName,
  type DatasetSource,
  datasetName,
  loadCandidateData,
} from '../data/image-data.js';
import { createMacroSpace, type MacroArchitecture, type MacroSpaceOptions } from '../spaces/macro-cnn.js';
import { createStrategy, type StrategyName } from '../strategies/create-strategy.js';
import { NeatEvolution } from '../strategies/neat-evolution.js';
import { runSearch } from '../strategies/run-search.js';
import type { SearchStrategy } from '../strategies/strategy.js';
import { MlpSurrogate } from './mlp-surrogate.js';
import { SurrogateScreen } from './surrogate-screen.js';
import { trainCandidate } from './train-candidate.js';

/** `dataset` picks MNIST (default), CIFAR-10 or CIFAR-100 (those need `cifarDirectory`). */
export interface MnistSearchOptions extends DatasetSource {
  strategy: StrategyName | 'neat';
  /** Architectures trained. */
  budget: number;
  /** Training images, the first of the dataset's training split (default 2000). */
  trainLimit?: number;
  /** Validation images, the next ones of the training split (default 500). */
  validationLimit?: number;
  /** Most epochs per candidate (default 2). */
  maxEpochs?: number;
  seed?: number;
  /** Start children from their parent's weights (default true). */
  inherit?: boolean;
  /** Pre-screen proposals with an MLP surrogate (default false). */
  surrogate?: boolean;
  space?: MacroSpaceOptions;
  /** Directory for best-so-far.svg and results.json. */
  out?: string;
  /** Show a progress line on stderr (default false). */
  progress?: boolean;
}

export interface EvaluatedArchitecture {
  key: string;
  accuracy: number;
  epochs: number;
  /** Layers whose weights came from the parent. */
  inherited: number;
  seconds: number;
}

export interface MnistSearchResult {
  dataset: DatasetName;
  strategy: string;
  evaluations: EvaluatedArchitecture[];
  best: EvaluatedArchitecture;
  /** Proposals the surrogate told its prediction instead of training them. */
  screened: number;
}

/** Trained models kept for weight inheritance (evolution's parents are recent ones). */
const KEPT_MODELS = 16;

export async function runMnistSearch(options: MnistSearchOptions): Promise<MnistSearchResult> {
  const { budget, trainLimit = 2000, validationLimit = 500, maxEpochs = 2, seed = 0, inherit = true } = options;
  const dataset = datasetName(options);
  const space = createMacroSpace(options.space);
  // The decoded models take the dataset's image shape and class count from these tensors.
  const data = await loadCandidateData(options, trainLimit, validationLimit);
  const base: SearchStrategy<MacroArchitecture> =
    options.strategy === 'neat' ? new NeatEvolution(space, { seed }) : createStrategy(options.strategy, space, seed);
  const surrogate = options.surrogate ? new MlpSurrogate(space.encodingLength, { seed }) : undefined;
  const strategy = surrogate ? new SurrogateScreen(base, space, surrogate) : base;
  const models = new Map<string, tf.LayersModel>();
  const progress = options.progress ? createProgress({ total: budget, label: `search ${strategy.name}` }) : undefined;
  const evaluations: EvaluatedArchitecture[] = [];
  try {
    await runSearch(
      strategy,
      async (candidate) => {
        const start = performance.now();
        const parent = inherit && candidate.parentKey ? models.get(candidate.parentKey) : undefined;
        const trained = await trainCandidate(candidate.architecture, data, { maxEpochs, seed, parent });
        models.get(candidate.key)?.dispose();
        models.delete(candidate.key);
        models.set(candidate.key, trained.model);
        if (models.size > KEPT_MODELS) {
          const [oldest] = models.keys();
          models.get(oldest)?.dispose();
          models.delete(oldest);
        }
        const evaluation = {
          key: candidate.key,
          accuracy: trained.accuracy,
          epochs: trained.epochs,
          inherited: trained.inherited.length,
          seconds: (performance.now() - start) / 1000,
        };
        evaluations.push(evaluation);
        progress?.tick(1, { acc: evaluation.accuracy, best: Math.max(...evaluations.map((e) => e.accuracy)) });
        return trained.accuracy;
      },
      { budget },
    );
  } finally {
    progress?.stop();
    for (const model of models.values()) model.dispose();
    strategy.dispose?.();
    surrogate?.dispose();
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
  }
  const best = evaluations.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const result: MnistSearchResult = {
    dataset,
    strategy: strategy.name,
    evaluations,
    best,
    screened: strategy instanceof SurrogateScreen ? strategy.screened : 0,
  };
  if (options.out) await writeReport(options.out, result);
  return result;
}

async function writeReport(directory: string, result: MnistSearchResult): Promise<void> {
  let best = Number.NEGATIVE_INFINITY;
  const bestSoFar = result.evaluations.map((evaluation, i) => {
    best = Math.max(best, evaluation.accuracy);
    return [i + 1, best] as const;
  });
  await writeLinePlot(join(directory, 'best-so-far.svg'), {
    title: `${DATASET_TITLES[result.dataset]} architecture search (${result.strategy})`,
    xLabel: 'architectures trained',
    yLabel: 'validation accuracy',
    series: [
      { name: 'best so far', points: bestSoFar },
      { name: 'candidate', points: result.evaluations.map((evaluation, i) => [i + 1, evaluation.accuracy] as const) },
    ],
  });
  await writeFileAtomic(join(directory, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
}
