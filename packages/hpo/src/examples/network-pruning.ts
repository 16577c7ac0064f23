// Network pruning of the homework's CNN (question 6c): train it once, then for each sparsity prune it
// by weight magnitude (unstructured) and by filter L1 norm (structured), score it as pruned and after
// a short fine-tuning with the masks held fixed, and count the parameters and multiply-adds left.
import { currentBackend, initBackend, seedEverything, tf } from '@hw7/tensor-utils';
import { linePlotSvg } from '@hw7/tensor-utils/plots';
import { DEFAULT_PRUNING_CNN, DEFAULT_SPARSITIES } from './cnn-names.js';
import { buildCnn, type CnnHyperparameters } from './cnn-objective.js';
import { createOptimizer, testAccuracy, trainCnn } from './cnn-training.js';
import { type ImageDataset, type ImageDatasetOptions, loadImageDataset } from './image-dataset.js';
import {
  filterPruningMasks,
  type MagnitudeScope,
  magnitudePruningMasks,
  PRUNING_METHODS,
  type PruningMasks,
  type PruningMethod,
} from './pruning-masks.js';

export interface NetworkPruningOptions extends ImageDatasetOptions {
  /** The network to train and prune (e.g. a study's best trial); default `DEFAULT_PRUNING_CNN`. */
  hyperparameters?: CnnHyperparameters;
  /** Training epochs of the network before pruning (default 3). */
  epochs?: number;
  /**
   * Steps (batches) of fine-tuning after each pruning, with the masks held fixed; default one epoch,
   * 0 for none.
   */
  fineTuneSteps?: number;
  /** Default 64. */
  batchSize?: number;
  /** Fractions in [0, 1) of weights (magnitude) or of each layer's filters (filter); default `DEFAULT_SPARSITIES`. */
  sparsities?: readonly number[];
  /** Magnitude pruning's threshold over the whole network ('global', default) or per layer. */
  magnitudeScope?: MagnitudeScope;
  /** Seeds initialisation and the order of the training images (default 0). */
  seed?: number;
  /** Progress bars on stderr (default false). */
  progress?: boolean;
  /** Receives one line per measurement. */
  log?: (line: string) => void;
}

/** Parameters and multiply-adds (per image) of a network, counting only the weights its masks keep. */
export interface NetworkSize {
  parameters: number;
  flops: number;
}

/** One pruned network, scored before or after fine-tuning. */
export interface PruningMeasurement extends NetworkSize {
  method: PruningMethod;
  /** The asked sparsity: of the weights (magnitude) or of each convolution's filters (filter). */
  sparsity: number;
  fineTuned: boolean;
  testAccuracy: number;
  /** Fraction of the unpruned network's parameters and multiply-adds that remain. */
  parametersFraction: number;
  flopsFraction: number;
}

/** Test accuracy against sparsity, for one method with or without fine-tuning. */
export interface PruningCurve {
  method: PruningMethod;
  fineTuned: boolean;
  /** 'magnitude (unstructured)', 'magnitude, fine-tuned', 'filter L1 (structured)' or 'filter L1, fine-tuned'. */
  name: string;
  points: [sparsity: number, testAccuracy: number][];
}

export interface NetworkPruningResult {
  dataset: ImageDatasetOptions['dataset'];
  hyperparameters: CnnHyperparameters;
  epochs: number;
  fineTuneSteps: number;
  magnitudeScope: MagnitudeScope;
  /** The trained, unpruned network. */
  unpruned: NetworkSize & { testAccuracy: number };
  measurements: PruningMeasurement[];
  /** Four curves: each method, without and with fine-tuning. */
  curves: PruningCurve[];
  seconds: { training: number; pruning: number };
}

/** Multiplies each masked weight of `model` by its mask, so pruned weights become exactly 0. */
export function applyPruningMasks(model: tf.LayersModel, masks: PruningMasks): void {
  tf.tidy(() => {
    for (const mask of masks) {
      const variable = model.getLayer(mask.layer).weights[mask.weight];
      variable.write(variable.read().mul(tf.tensor(mask.values, mask.shape)));
    }
  });
}

/**
 * Parameters and multiply-adds per image of the convolution and dense layers of `model`, counting
 * only the weights `masks` keep (a removed filter's bias included). Pooling and flattening have none.
 */
export function networkSize(model: tf.LayersModel, masks: PruningMasks = []): NetworkSize {
  const kept = (layer: string, weight: number, size: number) => {
    const mask = masks.find((m) => m.layer === layer && m.weight === weight);
    return mask ? mask.values.reduce((sum, v) => sum + v, 0) : size;
  };
  let parameters = 0;
  let flops = 0;
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className !== 'Conv2D' && className !== 'Dense') continue;
    const [kernel, bias] = layer.weights;
    const kernelKept = kept(layer.name, 0, kernel.shape.reduce((a, b) => (a as number) * (b as number), 1) as number);
    parameters += kernelKept + kept(layer.name, 1, bias.shape[0] as number);
    const output = layer.outputShape as number[];
    // A convolution applies its kernel at every output position.
    flops += className === 'Conv2D' ? kernelKept * output[1] * output[2] : kernelKept;
  }
  return { parameters, flops };
}

interface PruningSettings
  extends Required<Pick<NetworkPruningOptions, 'epochs' | 'batchSize' | 'seed' | 'magnitudeScope'>> {
  sparsities: number[];
  /** Undefined: one epoch. */
  fineTuneSteps: number | undefined;
}

function checkOptions(options: NetworkPruningOptions): PruningSettings {
  const { epochs = 3, fineTuneSteps, batchSize = 64, seed = 0, magnitudeScope = 'global' } = options;
  const sparsities = [...(options.sparsities ?? DEFAULT_SPARSITIES)];
  const integer = (value: number, name: string, min: number) => {
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(`${name} must be an integer >= ${min}; got ${value}`);
  };
  integer(epochs, 'epochs', 1);
  if (fineTuneSteps !== undefined) integer(fineTuneSteps, 'fineTuneSteps', 0);
  integer(batchSize, 'batchSize', 1);
  if (sparsities.length === 0 || sparsities.some((s) => !(s >= 0 && s < 1))) {
    throw new RangeError(`sparsities must be fractions in [0, 1); got [${sparsities.join(', ')}]`);
  }
  if (magnitudeScope !== 'global' && magnitudeScope !== 'layer') {
    throw new RangeError(`magnitudeScope must be 'global' or 'layer'; got ${String(magnitudeScope)}`);
  }
  return { epochs, fineTuneSteps, batchSize, seed, magnitudeScope, sparsities };
}

interface PruningRun {
  model: tf.LayersModel;
  data: ImageDataset;
  hyperparameters: CnnHyperparameters;
  settings: PruningSettings;
  unpruned: NetworkSize;
  progress: boolean;
}

export interface FineTuneOptions {
  optimizer: CnnHyperparameters['optimizer'];
  learningRate: number;
  /** Steps (batches); default one epoch. */
  steps?: number;
  batchSize: number;
  seed: number;
  /** A progress bar on stderr with this label. */
  progressLabel?: string;
}

/**
 * Fine-tunes a pruned `model` with a new optimizer, putting its pruned weights back to 0 after every
 * step, so the masks hold (whatever momentum the optimizer keeps); resolves with the test accuracy.
 */
export async function fineTunePruned(
  model: tf.LayersModel,
  data: ImageDataset,
  masks: PruningMasks,
  options: FineTuneOptions,
): Promise<number> {
  const optimizer = createOptimizer(options.optimizer, options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  try {
    return await trainCnn(model, data, {
      epochs: 1,
      stepsPerEpoch: options.steps,
      batchSize: options.batchSize,
      seed: options.seed,
      afterStep: () => applyPruningMasks(model, masks),
      onTestAccuracy: () => undefined,
      progressLabel: options.progressLabel,
    });
  } finally {
    optimizer.dispose();
  }
}

/** Prunes the trained weights `trained` by `method` at `sparsity`; scores it, then fine-tuned. */
async function measure(
  run: PruningRun,
  trained: tf.Tensor[],
  method: PruningMethod,
  sparsity: number,
): Promise<PruningMeasurement[]> {
  const { model, data } = run;
  model.setWeights(trained);
  const masks =
    method === 'magnitude'
      ? magnitudePruningMasks(model, sparsity, run.settings.magnitudeScope)
      : filterPruningMasks(model, sparsity);
  applyPruningMasks(model, masks);
  const size = networkSize(model, masks);
  const base = {
    method,
    sparsity,
    ...size,
    parametersFraction: size.parameters / run.unpruned.parameters,
    flopsFraction: size.flops / run.unpruned.flops,
  };
  const measurements = [
    { ...base, fineTuned: false, testAccuracy: testAccuracy(model, data.testImages, data.testLabels) },
  ];
  if (run.settings.fineTuneSteps !== 0) {
    const { hyperparameters, settings } = run;
    const accuracy = await fineTunePruned(model, data, masks, {
      optimizer: hyperparameters.optimizer,
      learningRate: hyperparameters.learningRate,
      steps: settings.fineTuneSteps,
      batchSize: settings.batchSize,
      seed: settings.seed + 1,
      progressLabel: run.progress ? `fine-tune ${method} ${sparsity}` : undefined,
    });
    measurements.push({ ...base, fineTuned: true, testAccuracy: accuracy });
  }
  return measurements;
}

/** The four curves (or two, without fine-tuning) of `measurements`. */
export function pruningCurves(measurements: readonly PruningMeasurement[]): PruningCurve[] {
  const curves: PruningCurve[] = [];
  for (const method of PRUNING_METHODS) {
    for (const fineTuned of [false, true]) {
      const points = measurements
        .filter((m) => m.method === method && m.fineTuned === fineTuned)
        .map((m): [number, number] => [m.sparsity, m.testAccuracy]);
      const kind = method === 'magnitude' ? 'magnitude' : 'filter L1';
      const name = fineTuned
        ? `${kind}, fine-tuned`
        : `${kind} (${method === 'magnitude' ? 'unstructured' : 'structured'})`;
      if (points.length > 0) curves.push({ method, fineTuned, name, points });
    }
  }
  return curves;
}

/** One line per measurement, e.g. `filter 0.5 fine-tuned: accuracy 0.9410, 38% of parameters, 27% of FLOPs`. */
export function describeMeasurement(m: PruningMeasurement): string {
  const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;
  return (
    `${m.method} ${m.sparsity}${m.fineTuned ? ' fine-tuned' : ''}: accuracy ${m.testAccuracy.toFixed(4)}, ` +
    `${percent(m.parametersFraction)} of parameters, ${percent(m.flopsFraction)} of FLOPs`
  );
}

/**
 * Question 6c: trains the CNN `hyperparameters` describe on the data set, then prunes it at every
 * sparsity by magnitude (unstructured) and by filter (structured), each scored on the test images as
 * pruned and after `fineTuneSteps` steps of fine-tuning with the masks held fixed. Resolves with the
 * measurements and the four accuracy-against-sparsity curves. Every tensor is freed.
 */
export async function runNetworkPruning(options: NetworkPruningOptions): Promise<NetworkPruningResult> {
  const settings = checkOptions(options);
  const hyperparameters = options.hyperparameters ?? DEFAULT_PRUNING_CNN;
  if (!currentBackend()) await initBackend();
  seedEverything(settings.seed);
  const data = await loadImageDataset(options);
  const [, height, width, channels] = data.trainImages.shape;
  const model = buildCnn(hyperparameters, [height, width, channels], data.numClasses);
  const trained: tf.Tensor[] = [];
  try {
    let started = performance.now();
    const optimizer = createOptimizer(hyperparameters.optimizer, hyperparameters.learningRate);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const { epochs, batchSize, seed } = settings;
    await trainCnn(model, data, { epochs, batchSize, seed, progressLabel: options.progress ? 'training' : undefined });
    optimizer.dispose();
    const training = (performance.now() - started) / 1000;
    trained.push(...model.getWeights().map((weight) => weight.clone()));
    const unpruned = { ...networkSize(model), testAccuracy: testAccuracy(model, data.testImages, data.testLabels) };
    options.log?.(`unpruned: accuracy ${unpruned.testAccuracy.toFixed(4)}, ${unpruned.parameters} parameters`);
    started = performance.now();
    const run: PruningRun = { model, data, hyperparameters, settings, unpruned, progress: options.progress ?? false };
    const measurements: PruningMeasurement[] = [];
    for (const method of PRUNING_METHODS) {
      for (const sparsity of settings.sparsities) {
        for (const m of await measure(run, trained, method, sparsity)) {
          measurements.push(m);
          options.log?.(describeMeasurement(m));
        }
      }
    }
    return {
      dataset: options.dataset,
      hyperparameters,
      epochs,
      fineTuneSteps: settings.fineTuneSteps ?? Math.ceil(data.trainImages.shape[0] / batchSize),
      magnitudeScope: settings.magnitudeScope,
      unpruned,
      measurements,
      curves: pruningCurves(measurements),
      seconds: { training, pruning: (performance.now() - started) / 1000 },
    };
  } finally {
    tf.dispose(trained);
    model.dispose();
    data.dispose();
  }
}

/** Test accuracy against sparsity, one line per curve, with the unpruned network's accuracy dashed. */
export function networkPruningSvg(result: NetworkPruningResult, options: { title?: string } = {}): string {
  const last = Math.max(...result.curves.flatMap((curve) => curve.points.map(([s]) => s)));
  return linePlotSvg({
    title: options.title ?? `Pruning the trained CNN (${result.dataset})`,
    xLabel: 'sparsity (fraction of weights, or of each layer’s filters, pruned)',
    yLabel: 'test accuracy',
    yRange: [0, 1],
    series: result.curves.map((curve) => ({ name: curve.name, points: curve.points, style: 'line+points' })),
    referenceLines: [
      {
        from: [0, result.unpruned.testAccuracy],
        to: [last, result.unpruned.testAccuracy],
        label: 'unpruned',
      },
    ],
  });
}
