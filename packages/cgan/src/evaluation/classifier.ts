// The judge of generated digits: a small MNIST CNN on 28x28x1 images in [-1, 1] (the generator's
// range), trained once on the 60,000 training images, checked to reach >= 98.5% on the 10,000 test
// images and cached on disk in the tf.io format (model.json + weights.bin, written atomically). Its
// 128-unit penultimate layer, named 'features', supplies the features of the Fréchet distance.
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  cacheDirectory,
  createProgress,
  currentBackend,
  epochOrder,
  loadMnist,
  type MnistData,
  mnistToTensors,
  type Progress,
  seedEverything,
  tf,
  trainLoop,
  writeDirectoryAtomic,
} from '@hw7/tensor-utils';
import type { FeatureMatrix } from './frechet-distance.js';

/** The homework's bar for the classifier's accuracy on the MNIST test set. */
export const MIN_CLASSIFIER_ACCURACY = 0.985;
/** The name of the penultimate (feature) layer. */
export const FEATURES_LAYER = 'features';
/** The environment variable that moves the cache root (default `~/.cache/hw7`). */

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';
const INFO_FILE = 'classifier.json';
const INFO_FORMAT = 'hw7-mnist-classifier';
const INFO_VERSION = 1;
const DEFAULT_INFERENCE_BATCH = 500;

export interface ClassifierArchitecture {
  /** Filters of the three 3x3 convolutions (default [32, 32, 64]). */
  filters: [number, number, number];
  /** Units of the penultimate dense layer 'features' (default 128). */
  units: number;
  /** Dropout rate after 'features' (default 0.3). */
  dropout: number;
}

export const DEFAULT_CLASSIFIER_ARCHITECTURE: Readonly<ClassifierArchitecture> = Object.freeze({
  filters: [32, 32, 64] as [number, number, number],
  units: 128,
  dropout: 0.3,
});

/**
 * conv 3x3 relu, conv 3x3 relu, maxpool 2, conv 3x3 relu, maxpool 2, flatten, dense relu
 * ('features'), dropout, dense 10 (logits, no softmax). Input: [N, 28, 28, 1] in [-1, 1].
 */
export function buildMnistClassifier(architecture: Partial<ClassifierArchitecture> = {}): tf.Sequential {
  const { filters, units, dropout } = { ...DEFAULT_CLASSIFIER_ARCHITECTURE, ...architecture };
  if (filters?.length !== 3 || !filters.every((f) => Number.isInteger(f) && f >= 1)) {
    throw new RangeError(`architecture.filters must be three integers >= 1; got ${JSON.stringify(filters)}`);
  }
  if (!Number.isInteger(units) || units < 1) throw new RangeError(`architecture.units must be >= 1; got ${units}`);
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`architecture.dropout must be in [0, 1); got ${dropout}`);
  return tf.sequential({
    name: 'mnist_classifier',
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: filters[0],
        kernelSize: 3,
        activation: 'relu',
        name: 'conv1',
      }),
      tf.layers.conv2d({ filters: filters[1], kernelSize: 3, activation: 'relu', name: 'conv2' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tf.layers.conv2d({ filters: filters[2], kernelSize: 3, activation: 'relu', name: 'conv3' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units, activation: 'relu', name: FEATURES_LAYER }),
      tf.layers.dropout({ rate: dropout, name: 'dropout' }),
      tf.layers.dense({ units: 10, name: 'logits' }),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Inference

/** Per classifier, the two-output view built by `featuresAndLogitsModel`. */
const featureModels = new WeakMap<tf.LayersModel, tf.LayersModel>();

/** A model with two outputs, [features, logits], sharing the classifier's layers and weights. */
function featuresAndLogitsModel(model: tf.LayersModel): tf.LayersModel {
  let both = featureModels.get(model);
  if (both) return both;
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(FEATURES_LAYER);
  } catch {
    throw new Error(`classifier '${model.name}' has no layer named '${FEATURES_LAYER}' (its penultimate features)`);
  }
  both = tf.model({
    inputs: model.inputs,
    outputs: [layer.output as tf.SymbolicTensor, model.outputs[0]],
    name: `${model.name}_features_and_logits`,
  });
  featureModels.set(model, both);
  return both;
}

function assertImages(images: tf.Tensor, name: string): asserts images is tf.Tensor4D {
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    throw new TypeError(`${name} must be a rank-4 tensor [N, 28, 28, 1]; got ${describeValue(images)}`);
  }
}

function describeValue(value: unknown): string {
  return value instanceof tf.Tensor ? `shape [${value.shape.join(', ')}]` : typeof value;
}

function assertBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be an integer >= 1; got ${batchSize}`);
}

/** Penultimate features and predicted classes of `images`, in one batched pass (inference mode). */
export async function featuresAndPredictions(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  batchSize = DEFAULT_INFERENCE_BATCH,
): Promise<{ features: FeatureMatrix & { data: Float32Array }; classes: Int32Array }> {
  assertImages(images, 'images');
  assertBatchSize(batchSize);
  const both = featuresAndLogitsModel(model);
  const count = images.shape[0];
  const dim = (both.outputs[0].shape[1] ?? 0) as number;
  const features = new Float32Array(count * dim);
  const classes = new Int32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [batchFeatures, batchClasses] = tf.tidy(() => {
      const batch = images.slice([start, 0, 0, 0], [size, -1, -1, -1]);
      const [f, logits] = both.predict(batch) as tf.Tensor[];
      return [f, logits.argMax(-1)];
    });
    try {
      features.set(await batchFeatures.data(), start * dim);
      classes.set(await batchClasses.data(), start);
    } finally {
      batchFeatures.dispose();
      batchClasses.dispose();
    }
  }
  return { features: { data: features, rows: count, cols: dim }, classes };
}

/** The classifier's penultimate ('features') activations of `images`: [N, d] float32, batched. */
export async function penultimateFeatures(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  batchSize = DEFAULT_INFERENCE_BATCH,
): Promise<FeatureMatrix & { data: Float32Array }> {
  return (await featuresAndPredictions(model, images, batchSize)).features;
}

/** The predicted digit (argmax of the logits) of each image, batched, inference mode. */
export async function predictClasses(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  batchSize = DEFAULT_INFERENCE_BATCH,
): Promise<Int32Array> {
  assertImages(images, 'images');
  assertBatchSize(batchSize);
  const count = images.shape[0];
  const classes = new Int32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const predicted = tf.tidy(() => {
      const batch = images.slice([start, 0, 0, 0], [size, -1, -1, -1]);
      return (model.predict(batch) as tf.Tensor).argMax(-1);
    });
    try {
      classes.set(await predicted.data(), start);
    } finally {
      predicted.dispose();
    }
  }
  return classes;
}

/** Class indices from an int32 [N] tensor, a one-hot [N, C] tensor or an array of digits. */
async function labelIndices(labels: tf.Tensor | ArrayLike<number>): Promise<Int32Array> {
  if (!(labels instanceof tf.Tensor)) return Int32Array.from(labels as ArrayLike<number>);
  if (labels.rank === 1) return Int32Array.from(await labels.data());
  if (labels.rank === 2) {
    const indices = tf.tidy(() => labels.argMax(-1));
    try {
      return Int32Array.from(await indices.data());
    } finally {
      indices.dispose();
    }
  }
  throw new TypeError(`labels must be class indices [N] or one-hot [N, C]; got shape [${labels.shape.join(', ')}]`);
}

/** Share of `images` whose predicted class is the label (labels: indices, one-hot, or an array). */
export async function classifierAccuracy(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  labels: tf.Tensor | ArrayLike<number>,
  batchSize = DEFAULT_INFERENCE_BATCH,
): Promise<number> {
  assertImages(images, 'images');
  const truth = await labelIndices(labels);
  if (truth.length !== images.shape[0]) {
    throw new RangeError(`labels has ${truth.length} entries but images has ${images.shape[0]}`);
  }
  if (truth.length === 0) throw new RangeError('classifierAccuracy: no images');
  const predicted = await predictClasses(model, images, batchSize);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct / truth.length;
}

/** Accuracy on MNIST data (default the whole test split), converting to [-1, 1] batch by batch. */
export async function mnistAccuracy(
  model: tf.LayersModel,
  data?: MnistData,
  batchSize = DEFAULT_INFERENCE_BATCH,
): Promise<number> {
  const test = data ?? (await loadMnist({ split: 'test' }));
  const { x, y } = mnistToTensors(test, { range: [-1, 1] });
  try {
    return await classifierAccuracy(model, x, y, batchSize);
  } finally {
    x.dispose();
    y.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Training

export interface ClassifierProgress {
  /** Completed steps. */
  step: number;
  steps: number;
  epoch: number;
  loss: number;
  /** Training accuracy of the last batch. */
  accuracy: number;
}

export interface TrainMnistClassifierOptions {
  /** Passes over the training images (default 2: about 99% test accuracy). */
  epochs?: number;
  /** Default 128. */
  batchSize?: number;
  /** Seeds the initialisers, dropout and the batch order (default 0). */
  seed?: number;
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /** Training images (default: the whole MNIST training split, 60,000). */
  data?: MnistData;
  /** Train on the first `limit` images only (for tests). */
  limit?: number;
  architecture?: Partial<ClassifierArchitecture>;
  /** Show a progress bar / lines on stderr (default true). */
  progress?: boolean;
  /** Called after every step. */
  onProgress?: (progress: ClassifierProgress) => void;
}

export interface TrainedClassifier {
  model: tf.Sequential;
  steps: number;
  trainSeconds: number;
  trainImages: number;
  /** The options used, defaults filled in (stored next to a cached model). */
  settings: {
    epochs: number;
    batchSize: number;
    seed: number;
    learningRate: number;
    architecture: ClassifierArchitecture;
  };
}

/** Trains the classifier with Adam on softmax cross-entropy, seeded and reproducible on one backend. */
export async function trainMnistClassifier(options: TrainMnistClassifierOptions = {}): Promise<TrainedClassifier> {
  const { epochs = 2, batchSize = 128, seed = 0, learningRate = 1e-3, limit, progress = true, onProgress } = options;
  const architecture = { ...DEFAULT_CLASSIFIER_ARCHITECTURE, ...options.architecture };
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be an integer >= 1; got ${epochs}`);
  assertBatchSize(batchSize);
  if (!(learningRate > 0)) throw new RangeError(`learningRate must be > 0; got ${learningRate}`);

  let data = options.data ?? (await loadMnist({ split: 'train', limit }));
  if (limit !== undefined && data.count > limit) {
    data = {
      ...data,
      images: data.images.subarray(0, limit * 784),
      labels: data.labels.subarray(0, limit),
      count: limit,
    };
  }
  const count = data.count;
  const stepsPerEpoch = Math.ceil(count / batchSize);
  const steps = epochs * stepsPerEpoch;

  seedEverything(seed);
  const model = buildMnistClassifier(architecture);
  const optimizer = tf.train.adam(learningRate);
  const varList = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const display = progress ? createProgress({ total: steps, label: 'mnist-classifier' }) : undefined;
  const reporter: Progress = {
    tick: (n, fields) => display?.tick(n, fields),
    update: (current, fields) => {
      display?.update(current, fields);
      if (onProgress && fields?.loss !== undefined) {
        const epoch = Math.floor((current - 1) / stepsPerEpoch);
        onProgress({ step: current, steps, epoch, loss: Number(fields.loss), accuracy: Number(fields.accuracy) });
      }
    },
    stop: () => display?.stop(),
  };

  let orderEpoch = -1;
  let order: Int32Array = new Int32Array(0);
  const started = performance.now();
  try {
    await trainLoop({
      steps,
      optimizer,
      varList,
      progress: reporter,
      lossFn: (step) => {
        const epoch = Math.floor(step / stepsPerEpoch);
        if (epoch !== orderEpoch) {
          order = epochOrder(count, seed, epoch);
          orderEpoch = epoch;
        }
        const start = (step % stepsPerEpoch) * batchSize;
        const indices = order.subarray(start, Math.min(start + batchSize, count));
        const { x, y } = mnistToTensors(data, { range: [-1, 1], oneHot: true, indices });
        const logits = model.apply(x, { training: true }) as tf.Tensor2D;
        const loss = tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        const accuracy = logits.argMax(-1).equal(y.argMax(-1)).mean() as tf.Scalar;
        return { loss, metrics: { accuracy } };
      },
    });
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  return {
    model,
    steps,
    trainSeconds: (performance.now() - started) / 1000,
    trainImages: count,
    settings: { epochs, batchSize, seed, learningRate, architecture },
  };
}

// ---------------------------------------------------------------------------------------------
// Cache on disk

/** What is stored next to the cached weights, in `classifier.json`. */
export interface ClassifierInfo {
  format: typeof INFO_FORMAT;
  version: number;
  createdAt: string;
  /** Test accuracy measured before caching, on the 10,000 MNIST test images. */
  testAccuracy: number;
  trainSeconds?: number;
  trainImages?: number;
  backend?: string;
  settings?: TrainedClassifier['settings'];
}

/** `$HW7_CACHE_DIR/mnist-classifier`, by default `~/.cache/hw7/mnist-classifier`. */
export function defaultClassifierCacheDir(): string {
  return cacheDirectory('mnist-classifier');
}

function toArrayBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/**
 * Writes `model` in the tf.io layers-model format (model.json + weights.bin) plus `classifier.json`
 * to `directory`, which must not exist yet: the files are written into a temporary sibling that is
 * renamed into place only when all of them are complete.
 */
export async function saveClassifier(
  model: tf.LayersModel,
  directory: string,
  info: Omit<ClassifierInfo, 'format' | 'version' | 'createdAt'>,
): Promise<void> {
  if (existsSync(directory)) throw new Error(`saveClassifier: ${directory} already exists; remove it first`);
  await writeDirectoryAtomic(directory, async (temporary) => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
      }),
    );
    if (!artifacts?.modelTopology) throw new Error('saveClassifier: tfjs returned no model topology');
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
    };
    await fs.writeFile(join(temporary, WEIGHTS_FILE), new Uint8Array(toArrayBuffer(artifacts.weightData)));
    await fs.writeFile(join(temporary, MODEL_FILE), `${JSON.stringify(modelJson)}\n`);
    const fullInfo: ClassifierInfo = {
      ...info,
      format: INFO_FORMAT,
      version: INFO_VERSION,
      createdAt: new Date().toISOString(),
    };
    await fs.writeFile(join(temporary, INFO_FILE), `${JSON.stringify(fullInfo, null, 2)}\n`);
  });
}

/** Loads a classifier written by `saveClassifier` (any tf.io layers-model directory works). */
export async function loadClassifier(
  directory: string,
): Promise<{ model: tf.LayersModel; info: ClassifierInfo | null }> {
  const modelPath = join(directory, MODEL_FILE);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await fs.readFile(modelPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new Error(`cannot read a classifier from ${directory}: ${modelPath}: ${(error as Error).message}`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const path of group.paths) {
        const bytes = await fs.readFile(join(directory, basename(path)));
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  let info: ClassifierInfo | null = null;
  try {
    info = JSON.parse(await fs.readFile(join(directory, INFO_FILE), 'utf8')) as ClassifierInfo;
  } catch {
    info = null;
  }
  return { model, info };
}

export interface LoadOrTrainClassifierOptions {
  /** Default `defaultClassifierCacheDir()`. */
  cacheDir?: string;
  /** Options for training when there is no cache. */
  train?: TrainMnistClassifierOptions;
  /** Required test accuracy (default 0.985). */
  minAccuracy?: number;
  /** Measure a cached model's test accuracy again on load (default true; a few seconds). */
  verify?: boolean;
  /** Retrain and replace an existing cache (default false). */
  retrain?: boolean;
  /** The test set to verify on (default the 10,000 MNIST test images). */
  testData?: MnistData;
  /** Progress display for training (default true). */
  progress?: boolean;
}

export interface LoadedClassifier {
  model: tf.LayersModel;
  /** Measured now (trained or verified), else the value stored in the cache. */
  testAccuracy: number;
  fromCache: boolean;
  cacheDir: string;
  info: ClassifierInfo | null;
}

function belowBar(accuracy: number, minAccuracy: number, what: string): Error {
  return new Error(
    `${what} has MNIST test accuracy ${(accuracy * 100).toFixed(2)}%, below the required ` +
      `${(minAccuracy * 100).toFixed(2)}%`,
  );
}

/**
 * Loads the cached classifier from `cacheDir`, or trains one on the 60,000 training images and
 * caches it. Either way its test accuracy must reach `minAccuracy` (98.5%), otherwise this throws
 * (and nothing is cached).
 */
export async function loadOrTrainClassifier(options: LoadOrTrainClassifierOptions = {}): Promise<LoadedClassifier> {
  const {
    cacheDir = defaultClassifierCacheDir(),
    minAccuracy = MIN_CLASSIFIER_ACCURACY,
    verify = true,
    retrain = false,
    progress = true,
  } = options;
  const testAccuracyOf = async (model: tf.LayersModel) => mnistAccuracy(model, options.testData);

  const loadCached = async (): Promise<LoadedClassifier> => {
    const { model, info } = await loadClassifier(cacheDir);
    const stored = typeof info?.testAccuracy === 'number' ? info.testAccuracy : undefined;
    const testAccuracy = verify || stored === undefined ? await testAccuracyOf(model) : stored;
    if (testAccuracy < minAccuracy) {
      model.dispose();
      throw belowBar(testAccuracy, minAccuracy, `the cached classifier in ${cacheDir}`);
    }
    return { model, testAccuracy, fromCache: true, cacheDir, info };
  };

  if (existsSync(cacheDir)) {
    if (!retrain) return loadCached();
  }

  const trained = await trainMnistClassifier({ progress, ...options.train });
  const testAccuracy = await testAccuracyOf(trained.model);
  if (testAccuracy < minAccuracy) {
    trained.model.dispose();
    throw belowBar(testAccuracy, minAccuracy, `the classifier just trained (${trained.settings.epochs} epochs)`);
  }
  const info = {
    testAccuracy,
    trainSeconds: trained.trainSeconds,
    trainImages: trained.trainImages,
    backend: currentBackend()?.name ?? tf.getBackend(),
    settings: trained.settings,
  };
  if (retrain && existsSync(cacheDir)) {
    // Renamed away before removal, so no reader ever sees a half-deleted cache.
    const old = join(dirname(cacheDir), `.${basename(cacheDir)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fs.rename(cacheDir, old);
    await fs.rm(old, { recursive: true, force: true });
  }
  try {
    await saveClassifier(trained.model, cacheDir, info);
  } catch (error) {
    // Another process may have cached its classifier meanwhile: use that one.
    if (existsSync(cacheDir)) {
      trained.model.dispose();
      return loadCached();
    }
    throw error;
  }
  const saved = JSON.parse(await fs.readFile(join(cacheDir, INFO_FILE), 'utf8')) as ClassifierInfo;
  return { model: trained.model, testAccuracy, fromCache: false, cacheDir, info: saved };
}
