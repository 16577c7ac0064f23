// `hw7-nas search`: a black-box search of the macro space (runImageSearch), single-path one-shot or
// DARTS over cells, on MNIST or the user's CIFAR files; prints the outcome as JSON.
import type { BackendName, ImageDatasetName } from '@hw7/tensor-utils';
import { CliError, quoteValue } from '@hw7/tensor-utils/base';
import type { DartsDerivation, DartsOrder } from '../darts/darts-variants.js';
import type { StrategyName } from '../strategies/create-strategy.js';

export interface SearchCommandOptions {
  strategy: StrategyName | 'neat' | 'oneshot' | 'darts';
  budget: number;
  dataset: ImageDatasetName;
  cifarDir: string | undefined;
  trainLimit: number;
  validationLimit: number;
  epochs: number | undefined;
  evaluateEvery: number | undefined;
  patience: number | undefined;
  surrogate: boolean;
  noInherit: boolean;
  steps: number | undefined;
  warmup: number | undefined;
  order: DartsOrder | undefined;
  derivation: DartsDerivation | undefined;
  retrainSeeds: number | undefined;
  seed: number;
  out: string;
  resume: boolean;
  backend: BackendName | 'auto' | undefined;
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

async function dartsCommand(options: SearchCommandOptions, signal: AbortSignal): Promise<void> {
  const { runDartsExperiment } = await import('../darts/darts-experiment.js');
  const { order = 'second', derivation = 'perturbation', retrainSeeds = 3, out } = options;
  const result = await runDartsExperiment({
    dataset: options.dataset,
    cifarDirectory: options.cifarDir,
    trainExamples: options.trainLimit,
    validationExamples: options.validationLimit,
    searchSteps: options.steps,
    warmupSteps: options.warmup,
    order,
    derivation,
    retrainSeeds: Array.from({ length: retrainSeeds }, (_, i) => i),
    seed: options.seed,
    out,
    signal,
  });
  print({
    dataset: result.dataset,
    strategy: 'darts',
    derivation,
    cell: result.search.cellString,
    derivedAccuracy: result.meanDerivedAccuracy,
    argmaxAccuracy: result.meanArgmaxAccuracy,
    randomAccuracy: result.meanRandomAccuracy,
    sizeMatchedAccuracy: result.meanSizeMatchedAccuracy,
    out,
  });
}

async function oneShotCommand(options: SearchCommandOptions, signal: AbortSignal): Promise<void> {
  const { runOneShotExperiment } = await import('../oneshot/oneshot-experiment.js');
  const result = await runOneShotExperiment({
    dataset: options.dataset,
    cifarDirectory: options.cifarDir,
    trainExamples: options.trainLimit,
    validationExamples: options.validationLimit,
    supernetSteps: options.steps,
    candidates: options.budget,
    seed: options.seed,
    out: options.out,
    signal,
  });
  print({ dataset: result.dataset, strategy: 'oneshot', ranking: result.ranking.slice(0, 10), out: options.out });
}

async function blackBoxCommand(options: SearchCommandOptions, strategy: StrategyName | 'neat', signal: AbortSignal) {
  const [{ runImageSearch }, { SearchStateError }] = await Promise.all([
    import('../evaluation/image-search.js'),
    import('../evaluation/search-state.js'),
  ]);
  const result = await runImageSearch({
    dataset: options.dataset,
    cifarDirectory: options.cifarDir,
    strategy,
    budget: options.budget,
    trainLimit: options.trainLimit,
    validationLimit: options.validationLimit,
    maxEpochs: options.epochs,
    evaluateEvery: options.evaluateEvery,
    patience: options.patience,
    surrogate: options.surrogate,
    inherit: !options.noInherit,
    seed: options.seed,
    out: options.out,
    resume: options.resume,
    progress: true,
    signal,
  }).catch((error: unknown) => {
    if (!(error instanceof SearchStateError)) throw error;
    throw new CliError(error.problem, `--out ${quoteValue(error.out)}`, error.expected, { cause: error });
  });
  const { best, screened, evaluations, resumed } = result;
  print({
    dataset: result.dataset,
    strategy: result.strategy,
    trained: evaluations.length,
    resumed,
    screened,
    best,
    out: options.out,
  });
}

export async function searchCommand(options: SearchCommandOptions, signal: AbortSignal): Promise<void> {
  const { initBackend, seedEverything } = await import('@hw7/tensor-utils');
  await initBackend({ backend: options.backend });
  seedEverything(options.seed);
  const { strategy } = options;
  if (strategy === 'darts') return dartsCommand(options, signal);
  if (strategy === 'oneshot') return oneShotCommand(options, signal);
  return blackBoxCommand(options, strategy, signal);
}
