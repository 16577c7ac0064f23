// A real architecture search on a subset of an image data set (MNIST, or CIFAR-10/100 when the user
// supplies its files): a strategy proposes macro-space CNNs, each is trained briefly (warm-up, cosine
// decay, early stopping), inheriting its parent's weights when the strategy bred it from one,
// optionally behind a surrogate pre-screen. With `out`, every finished evaluation is saved there at
// once (with the best-so-far plot and results.json), so a stopped or killed search resumes exactly.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CheckpointManager,
  createProgress,
  type GlobalRandom,
  IMAGE_DATASETS,
  type ImageDatasetName,
  type Progress,
  seedEverything,
  tf,
  writeFileAtomic,
  writeLinePlot,
} from '@hw7/tensor-utils';
import { type DatasetSource, datasetName, loadCandidateData } from '../data/image-data.js';
import { createMacroSpace, type MacroArchitecture, type MacroSpaceOptions } from '../spaces/macro-cnn.js';
import { buildMacroModel } from '../spaces/macro-cnn-model.js';
import { createStrategy, type StrategyName } from '../strategies/create-strategy.js';
import { NeatEvolution } from '../strategies/neat-evolution.js';
import { runSearch } from '../strategies/run-search.js';
import type { Candidate, SearchStrategy } from '../strategies/strategy.js';
import { MlpSurrogate } from './mlp-surrogate.js';
import {
  assertSameSettings,
  type EvaluatedArchitecture,
  modelDirectory,
  readSearchState,
  type SavedEvaluation,
  type SearchState,
  SearchStateError,
  writeSearchState,
} from './search-state.js';
import { SurrogateScreen } from './surrogate-screen.js';
import { type CandidateData, trainCandidate } from './train-candidate.js';

/** `dataset` picks MNIST (default), CIFAR-10 or CIFAR-100 (those need `cifarDirectory`). */
export interface ImageSearchOptions extends DatasetSource {
  strategy: StrategyName | 'neat';
  /** Architectures trained (proposals the surrogate screens out do not count). */
  budget: number;
  /** Training images, the first of the dataset's training split (default 2000). */
  trainLimit?: number;
  /** Validation images, the next ones of the training split (default 500). */
  validationLimit?: number;
  /** Most epochs per candidate (default 2). */
  maxEpochs?: number;
  /** Score candidates every N steps instead of every epoch, so early stopping can act within an epoch. */
  evaluateEvery?: number;
  /** Evaluations without improvement tolerated before a candidate's training stops (default 1). */
  patience?: number;
  /** Seeds the strategy, the batch order and (through `seedEverything`) the initial weights; default 0. */
  seed?: number;
  /** Start children from their parent's weights (default true). */
  inherit?: boolean;
  /** Pre-screen proposals with an MLP surrogate (default false). */
  surrogate?: boolean;
  space?: MacroSpaceOptions;
  /**
   * Directory for best-so-far.svg, results.json and the search's state (search-state/), all
   * updated after every evaluation. An `out` that holds a search is an error unless `resume`.
   */
  out?: string;
  /** Continue the search saved in `out` (same options; a larger budget extends it). */
  resume?: boolean;
  /** Show a progress line on stderr (default false). */
  progress?: boolean;
  /** Stops after the current training step; finished evaluations stay saved in `out`. */
  signal?: AbortSignal;
}

export type { EvaluatedArchitecture };

export interface ImageSearchResult {
  dataset: ImageDatasetName;
  strategy: string;
  evaluations: EvaluatedArchitecture[];
  best: EvaluatedArchitecture;
  /** Proposals the surrogate told its prediction instead of training them. */
  screened: number;
  /** Evaluations taken from the saved search when resuming (0 otherwise). */
  resumed: number;
}

/** Trained models kept for weight inheritance (evolution's parents are recent ones). */
const KEPT_MODELS = 16;

/** The options that decide what a search does, as saved with it and compared on resume. */
function settingsOf(options: ImageSearchOptions) {
  const { strategy, trainLimit = 2000, validationLimit = 500, maxEpochs = 2, evaluateEvery = null } = options;
  const { patience = 1, seed = 0, inherit = true, surrogate = false, space = null } = options;
  const dataset = datasetName(options);
  return {
    strategy,
    dataset,
    trainLimit,
    validationLimit,
    maxEpochs,
    evaluateEvery,
    patience,
    seed,
    inherit,
    surrogate,
    space,
  };
}
type Settings = ReturnType<typeof settingsOf>;

/** The trained models children may inherit from, by evaluation, saved to `out` when there is one. */
class KeptModels {
  private readonly models = new Map<string, { index: number; model: tf.LayersModel }>();

  constructor(private readonly out: string | undefined) {}

  get(key: string | undefined): tf.LayersModel | undefined {
    return key === undefined ? undefined : this.models.get(key)?.model;
  }

  /** Keeps `model` as the latest of `key`, dropping the oldest beyond KEPT_MODELS; returns the dropped indices. */
  async add(key: string, index: number, model: tf.LayersModel): Promise<number[]> {
    if (this.out)
      await new CheckpointManager(modelDirectory(this.out, index), { keep: 1 }).save({ step: 0, models: { model } });
    const dropped: number[] = [];
    const replaced = this.models.get(key);
    if (replaced) this.drop(key, dropped);
    this.models.set(key, { index, model });
    while (this.models.size > KEPT_MODELS) this.drop(this.models.keys().next().value as string, dropped);
    return dropped;
  }

  private drop(key: string, dropped: number[]): void {
    const entry = this.models.get(key);
    entry?.model.dispose();
    if (entry) dropped.push(entry.index);
    this.models.delete(key);
  }

  /** Rebuilds the models a saved search kept, with their saved weights. */
  async restore(state: SearchState, build: (key: string) => tf.LayersModel): Promise<void> {
    for (const index of state.kept) {
      const { key } = state.evaluations[index].evaluation;
      const model = build(key);
      this.models.set(key, { index, model });
      const restored = await new CheckpointManager(modelDirectory(this.out as string, index)).restore({
        models: { model },
      });
      if (restored === null)
        throw new Error(`${modelDirectory(this.out as string, index)}: the saved model of ${key} is missing`);
    }
  }

  indices(): number[] {
    return [...this.models.values()].map(({ index }) => index);
  }

  dispose(): void {
    for (const { model } of this.models.values()) model.dispose();
    this.models.clear();
  }
}

/** What one search run holds while it runs. */
interface SearchRun {
  options: ImageSearchOptions;
  settings: Settings;
  data: CandidateData;
  kept: KeptModels;
  global: GlobalRandom;
  saved: SavedEvaluation[];
  /** Evaluations of the saved search still to replay. */
  replay: SavedEvaluation[];
  progress: Progress | undefined;
}

/** The reward of one candidate: replayed from the saved search, or trained now and saved. */
async function evaluateCandidate(run: SearchRun, candidate: Candidate<MacroArchitecture>): Promise<number> {
  const index = run.saved.length;
  const replayed = run.replay[index];
  if (replayed) {
    if (replayed.evaluation.key !== candidate.key) {
      throw new Error(
        `cannot resume the search in ${run.options.out}: evaluation ${index + 1} was ${replayed.evaluation.key}, the strategy now proposes ${candidate.key}`,
      );
    }
    run.global.restore(replayed.randomState);
    run.saved.push(replayed);
    return replayed.evaluation.accuracy;
  }
  const { settings } = run;
  const started = performance.now();
  const trained = await trainCandidate(candidate.architecture, run.data, {
    maxEpochs: settings.maxEpochs,
    evaluateEvery: settings.evaluateEvery ?? undefined,
    patience: settings.patience,
    seed: settings.seed,
    parent: settings.inherit ? run.kept.get(candidate.parentKey) : undefined,
    signal: run.options.signal,
  });
  const evaluation: EvaluatedArchitecture = {
    key: candidate.key,
    accuracy: trained.accuracy,
    epochs: trained.epochs,
    steps: trained.steps,
    stoppedEarly: trained.stoppedEarly,
    inherited: trained.inherited.length,
    seconds: (performance.now() - started) / 1000,
  };
  run.saved.push({ evaluation, randomState: run.global.state() });
  const dropped = await run.kept.add(candidate.key, index, trained.model);
  if (run.options.out) await saveProgress(run, dropped);
  return trained.accuracy;
}

/** After an evaluation: the state first (so it never names a missing model), then plot and results. */
async function saveProgress(run: SearchRun, dropped: number[]): Promise<void> {
  const out = run.options.out as string;
  await writeSearchState(out, { settings: run.settings, evaluations: run.saved, kept: run.kept.indices() });
  for (const index of dropped) await rm(modelDirectory(out, index), { recursive: true, force: true });
  await writeReport(out, resultOf(run, undefined));
}

function resultOf(run: SearchRun, strategy: SearchStrategy<MacroArchitecture> | undefined): ImageSearchResult {
  const evaluations = run.saved.map(({ evaluation }) => evaluation);
  return {
    dataset: run.settings.dataset,
    strategy: strategy?.name ?? run.settings.strategy,
    evaluations,
    best: evaluations.reduce((a, b) => (b.accuracy > a.accuracy ? b : a)),
    screened: strategy instanceof SurrogateScreen ? strategy.screened : 0,
    resumed: run.replay.length,
  };
}

async function createSearchStrategy(settings: Settings, space: ReturnType<typeof createMacroSpace>) {
  const { strategy: name, seed } = settings;
  const base: SearchStrategy<MacroArchitecture> =
    name === 'neat' ? new NeatEvolution(space, { seed }) : await createStrategy(name, space, seed);
  const surrogate = settings.surrogate ? new MlpSurrogate(space.encodingLength, { seed }) : undefined;
  return { strategy: surrogate ? new SurrogateScreen(base, space, surrogate) : base, surrogate };
}

/** The saved search to resume, checked against `settings`; undefined for a new search. */
async function savedSearch(options: ImageSearchOptions, settings: Settings): Promise<SearchState | undefined> {
  if (!options.out) {
    if (options.resume) throw new Error('runImageSearch: resume needs out, the directory of the saved search');
    return undefined;
  }
  const state = await readSearchState(options.out);
  if (state && !options.resume) {
    const problem = `already holds a search (${state.evaluations.length} evaluations)`;
    throw new SearchStateError(options.out, problem, 'resume it, or choose a new directory');
  }
  if (!state && options.resume) {
    throw new SearchStateError(options.out, 'holds no search to resume', 'a directory an earlier search wrote');
  }
  if (state) assertSameSettings(state.settings, settings, options.out);
  return state;
}

export async function runImageSearch(options: ImageSearchOptions): Promise<ImageSearchResult> {
  const settings = settingsOf(options);
  const saved = await savedSearch(options, settings);
  const { global } = seedEverything(settings.seed);
  const space = createMacroSpace(options.space);
  // The decoded models take the dataset's image shape and class count from these tensors.
  const data = await loadCandidateData(options, settings.trainLimit, settings.validationLimit);
  const [, height, width, channels] = data.train.x.shape;
  const build = (key: string) =>
    buildMacroModel(space.parse(key), { inputShape: [height, width, channels], numClasses: data.train.y.shape[1] });
  const { strategy, surrogate } = await createSearchStrategy(settings, space);
  const replay = saved?.evaluations ?? [];
  const label = `search ${strategy.name}${replay.length > 0 ? ` (resumed after ${replay.length})` : ''}`;
  const progress = options.progress ? createProgress({ total: options.budget, label }) : undefined;
  const run: SearchRun = {
    options,
    settings,
    data,
    kept: new KeptModels(options.out),
    global,
    saved: [],
    replay,
    progress,
  };
  try {
    if (saved) await run.kept.restore(saved, build);
    await runSearch(strategy, (candidate) => evaluateCandidate(run, candidate), {
      budget: Math.max(options.budget, replay.length),
      onResult: (_record, index) => {
        const { accuracy } = run.saved[index].evaluation;
        progress?.update(index + 1, { acc: accuracy, best: Math.max(...run.saved.map((s) => s.evaluation.accuracy)) });
      },
    });
    const result = resultOf(run, strategy);
    if (options.out) await writeReport(options.out, result);
    return result;
  } finally {
    progress?.stop();
    run.kept.dispose();
    strategy.dispose?.();
    surrogate?.dispose();
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
  }
}

async function writeReport(directory: string, result: ImageSearchResult): Promise<void> {
  let best = Number.NEGATIVE_INFINITY;
  const bestSoFar = result.evaluations.map((evaluation, i) => {
    best = Math.max(best, evaluation.accuracy);
    return [i + 1, best] as const;
  });
  await writeLinePlot(join(directory, 'best-so-far.svg'), {
    title: `${IMAGE_DATASETS[result.dataset].title} architecture search (${result.strategy})`,
    xLabel: 'architectures trained',
    yLabel: 'validation accuracy',
    series: [
      { name: 'best so far', points: bestSoFar },
      { name: 'candidate', points: result.evaluations.map((evaluation, i) => [i + 1, evaluation.accuracy] as const) },
    ],
  });
  await writeFileAtomic(join(directory, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
}
