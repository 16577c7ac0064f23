// Scores a conditional generator with the MNIST classifier: generate `samples` digits, the same
// number for every label, and report the share classified as the label they were conditioned on
// (overall and per class), plus the Fréchet distance between the classifier's penultimate
// features of the generated digits and of the real test digits.
import { createProgress, loadMnist, type MnistData, mnistToTensors, type Progress, Rng, tf } from '@hw7/tensor-utils';
import { FEATURES_LAYER, featuresAndPredictions } from './classifier.js';
import { type FeatureStatistics, featureStatistics, frechetDistanceFromStatistics } from './frechet-distance.js';

const IMAGE_SHAPE = [28, 28, 1] as const;
const IMAGE_SIZE = 28 * 28;

export interface EvaluateCganOptions {
  /**
   * The trained generator, run with `predict` (inference mode). Either one input
   * concat(noise [B, zDim], one-hot [B, nClasses]) or two inputs [noise, one-hot]; output
   * [B, 28, 28, 1] (or [B, 784]) in [-1, 1].
   */
  generator: tf.LayersModel;
  /** The MNIST classifier (see `loadOrTrainClassifier`), with a 'features' layer. */
  classifier: tf.LayersModel;
  /** Generated digits, a multiple of nClasses (default 10,000: 1,000 per digit). */
  samples?: number;
  nClasses?: number;
  zDim?: number;
  /** Seeds the noise (default 0): the same seed gives the same samples whatever the batch size. */
  seed?: number;
  batchSize?: number;
  /** Real images for the Fréchet distance (default: the 10,000 MNIST test images). */
  real?: MnistData;
  /** Precomputed statistics of the real features (skips `real`). */
  realStatistics?: FeatureStatistics;
  /** Progress on stderr (default true). */
  progress?: boolean;
}

export interface CganEvaluation {
  /** Share of generated digits classified as their conditioning label. */
  conditionalAccuracy: number;
  /** The same, per label 0..nClasses-1. */
  perClassAccuracy: number[];
  /** Fréchet distance of the classifier's penultimate features, generated vs real. */
  frechetDistance: number;
  /** Number of generated digits. */
  samples: number;
  /** Number of real images behind the real statistics. */
  realSamples: number;
}

/** Generated features held in memory at most: 1 GiB of float32 (about 2 million digits of 128 features). */
const MAX_FEATURE_VALUES = 2 ** 28;

/** The number of penultimate features of a classifier, when its 'features' layer says. */
function featureSize(classifier: tf.LayersModel): number | undefined {
  try {
    const shape = classifier.getLayer(FEATURES_LAYER).outputShape as (number | null)[];
    const size = shape[shape.length - 1];
    return typeof size === 'number' ? size : undefined;
  } catch {
    return undefined;
  }
}

function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1; got ${value}`);
}

/** Default-split statistics per classifier, and per classifier and dataset for explicit data. */
const defaultRealStatistics = new WeakMap<tf.LayersModel, Promise<FeatureStatistics>>();
const explicitRealStatistics = new WeakMap<tf.LayersModel, WeakMap<MnistData, Promise<FeatureStatistics>>>();

export interface RealFeatureStatisticsOptions {
  /** Default: the 10,000 MNIST test images. */
  real?: MnistData;
  batchSize?: number;
  /** Ticked once per image. */
  progress?: Progress;
}

/** Mean and covariance of the classifier's penultimate features of real digits (in [-1, 1]). */
export async function realFeatureStatistics(
  classifier: tf.LayersModel,
  options: RealFeatureStatisticsOptions = {},
): Promise<FeatureStatistics> {
  const { batchSize = 500, progress } = options;
  assertPositiveInteger(batchSize, 'batchSize');
  const real = options.real ?? (await loadMnist({ split: 'test' }));
  const chunks: Float32Array[] = [];
  let dim = 0;
  for (let start = 0; start < real.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, real.count - start) }, (_, i) => start + i);
    const { x, y } = mnistToTensors(real, { range: [-1, 1], indices });
    try {
      const { features } = await featuresAndPredictions(classifier, x, batchSize);
      chunks.push(features.data);
      dim = features.cols;
    } finally {
      x.dispose();
      y.dispose();
    }
    progress?.tick(indices.length);
  }
  const data = new Float32Array(real.count * dim);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.length;
  }
  return featureStatistics({ data, rows: real.count, cols: dim }, 'real features');
}

/**
 * `realFeatureStatistics`, memoised per classifier (and per dataset object), so evaluating every
 * epoch runs the real images through the classifier once. The classifier must not change after.
 */
function cachedRealStatistics(
  classifier: tf.LayersModel,
  real: MnistData | undefined,
  batchSize: number,
  progress: Progress | undefined,
): { statistics: Promise<FeatureStatistics>; computing: boolean } {
  let perData = real ? explicitRealStatistics.get(classifier) : undefined;
  const cached = real ? perData?.get(real) : defaultRealStatistics.get(classifier);
  if (cached) return { statistics: cached, computing: false };
  const statistics = realFeatureStatistics(classifier, { real, batchSize, progress });
  // A failed computation is not remembered.
  const forget = () => {
    if (real) explicitRealStatistics.get(classifier)?.delete(real);
    else defaultRealStatistics.delete(classifier);
  };
  statistics.catch(forget);
  if (real) {
    if (!perData) {
      perData = new WeakMap();
      explicitRealStatistics.set(classifier, perData);
    }
    perData.set(real, statistics);
  } else {
    defaultRealStatistics.set(classifier, statistics);
  }
  return { statistics, computing: true };
}

/** Which generator input takes what: one concatenated input, or [noise, one-hot] in some order. */
function generatorFeeds(
  generator: tf.LayersModel,
  zDim: number,
  nClasses: number,
): 'concat' | 'noise-first' | 'label-first' {
  const widths = generator.inputs.map((input) => input.shape[input.shape.length - 1]);
  const describe = () => `[${generator.inputs.map((input) => `[${input.shape.join(', ')}]`).join(', ')}]`;
  if (widths.length === 1) {
    if (widths[0] !== null && widths[0] !== zDim + nClasses) {
      throw new RangeError(
        `generator input ${describe()} does not take concat(noise [B, ${zDim}], one-hot [B, ${nClasses}]) = ` +
          `[B, ${zDim + nClasses}]; check zDim and nClasses`,
      );
    }
    return 'concat';
  }
  if (widths.length === 2) {
    if (widths[0] === zDim && widths[1] === nClasses) return 'noise-first';
    if (widths[0] === nClasses && widths[1] === zDim) return 'label-first';
  }
  throw new RangeError(
    `generator inputs ${describe()} are neither [B, ${zDim + nClasses}] nor [noise [B, ${zDim}], one-hot [B, ${nClasses}]]`,
  );
}

/** Generated images [B, 28, 28, 1] from noise and one-hot labels, inference mode. */
function generate(
  generator: tf.LayersModel,
  feeds: ReturnType<typeof generatorFeeds>,
  noise: tf.Tensor2D,
  oneHot: tf.Tensor2D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const batch = noise.shape[0];
    const input =
      feeds === 'concat' ? tf.concat([noise, oneHot], 1) : feeds === 'noise-first' ? [noise, oneHot] : [oneHot, noise];
    const output = generator.predict(input, { batchSize: batch });
    const images = Array.isArray(output) ? output[0] : output;
    if (images.size !== batch * IMAGE_SIZE) {
      throw new RangeError(
        `generator output has shape [${images.shape.join(', ')}]; expected [${batch}, 28, 28, 1] (or [${batch}, 784])`,
      );
    }
    return images.reshape([batch, ...IMAGE_SHAPE]).asType('float32') as tf.Tensor4D;
  });
}

/** Checks the options of `evaluateCgan` against each other and against memory, before any work. */
function assertEvaluationFits(
  options: Required<
    Pick<EvaluateCganOptions, 'generator' | 'classifier' | 'samples' | 'nClasses' | 'zDim' | 'batchSize'>
  >,
): void {
  const { generator, classifier, samples, nClasses, zDim, batchSize } = options;
  if (!(generator instanceof tf.LayersModel)) throw new TypeError('options.generator must be a tf.LayersModel');
  if (!(classifier instanceof tf.LayersModel)) throw new TypeError('options.classifier must be a tf.LayersModel');
  assertPositiveInteger(samples, 'samples');
  assertPositiveInteger(nClasses, 'nClasses');
  assertPositiveInteger(zDim, 'zDim');
  assertPositiveInteger(batchSize, 'batchSize');
  if (samples % nClasses !== 0 || samples / nClasses < 2) {
    throw new RangeError(`samples (${samples}) must be a multiple of nClasses (${nClasses}), at least 2 per class`);
  }
  const classifierClasses = classifier.outputs[0].shape[classifier.outputs[0].shape.length - 1];
  if (classifierClasses !== null && classifierClasses !== nClasses) {
    throw new RangeError(`classifier predicts ${classifierClasses} classes but nClasses is ${nClasses}`);
  }
  const features = featureSize(classifier);
  if (features !== undefined && samples * features > MAX_FEATURE_VALUES) {
    const most = Math.floor(MAX_FEATURE_VALUES / features / nClasses) * nClasses;
    throw new RangeError(
      `samples (${samples}) must be at most ${most}: the classifier's ${features} features of every generated digit are held in memory`,
    );
  }
}

/**
 * Generates `samples` digits (label of sample i: i mod nClasses, so every label gets
 * samples / nClasses), classifies them, and compares their features with the real ones.
 */
export async function evaluateCgan(options: EvaluateCganOptions): Promise<CganEvaluation> {
  const {
    generator,
    classifier,
    samples = 10_000,
    nClasses = 10,
    zDim = 64,
    seed = 0,
    batchSize = 500,
    real,
    realStatistics,
    progress: showProgress = true,
  } = options;
  assertEvaluationFits({ generator, classifier, samples, nClasses, zDim, batchSize });
  const feeds = generatorFeeds(generator, zDim, nClasses);

  const realCount = realStatistics ? 0 : (real?.count ?? 10_000);
  const progress = showProgress ? createProgress({ total: samples + realCount, label: 'evaluate-cgan' }) : undefined;
  try {
    const rng = new Rng(`cgan-evaluation:${seed}`);
    const correctPerClass = new Array<number>(nClasses).fill(0);
    let generatedFeatures: Float32Array | undefined;
    let dim = 0;
    for (let start = 0; start < samples; start += batchSize) {
      const size = Math.min(batchSize, samples - start);
      const labels = Int32Array.from({ length: size }, (_, i) => (start + i) % nClasses);
      const noise = tf.tensor2d(rng.normalArray(size * zDim), [size, zDim], 'float32');
      const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), nClasses).asType('float32') as tf.Tensor2D);
      let images: tf.Tensor4D | undefined;
      try {
        images = generate(generator, feeds, noise, oneHot);
        const { features, classes } = await featuresAndPredictions(classifier, images, size);
        if (!generatedFeatures) {
          dim = features.cols;
          generatedFeatures = new Float32Array(samples * dim);
        }
        generatedFeatures.set(features.data, start * dim);
        for (let i = 0; i < size; i++) if (classes[i] === labels[i]) correctPerClass[labels[i]]++;
      } finally {
        noise.dispose();
        oneHot.dispose();
        images?.dispose();
      }
      progress?.tick(size);
    }

    const perClassCount = samples / nClasses;
    const perClassAccuracy = correctPerClass.map((correct) => correct / perClassCount);
    const conditionalAccuracy = correctPerClass.reduce((sum, correct) => sum + correct, 0) / samples;

    let realStats = realStatistics;
    if (!realStats) {
      const cached = cachedRealStatistics(classifier, real, batchSize, progress);
      realStats = await cached.statistics;
      if (!cached.computing) progress?.tick(realCount);
    }
    const generatedStats = featureStatistics(
      { data: generatedFeatures as Float32Array, rows: samples, cols: dim },
      'generated features',
    );
    return {
      conditionalAccuracy,
      perClassAccuracy,
      frechetDistance: frechetDistanceFromStatistics(generatedStats, realStats),
      samples,
      realSamples: realStats.count,
    };
  } finally {
    progress?.stop();
  }
}
