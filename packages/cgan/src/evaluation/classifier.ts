// The judge of generated digits: a small MNIST CNN on 28x28x1 images in [-1, 1] (the generator's
// range), trained on the 60,000 training images and checked to reach >= 98.5% on the 10,000 test
// images. One trained by `hw7-cgan train-classifier` ships in the package (weights/mnist-classifier,
// checked against the sizes and SHA-256s in its classifier.json before every load), so nobody waits
// minutes for it; others (another architecture, a retrain) are trained on demand and cached on disk
// in the same tf.io format (model.json + weights.bin + classifier.json, written atomically). Its
// 128-unit penultimate layer, named 'features', supplies the features of the Fréchet distance.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
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
import { CLASSIFIER_FILES, SHIPPED_CLASSIFIER_DIRECTORY } from '../classifier-files.js';
import type { FeatureMatrix } from './frechet-distance.js';

/** The homework's bar for the classifier's accuracy on the MNIST test set. */
export const MIN_CLASSIFIER_ACCURACY = 0.985;
/** The name of the penultimate (feature) layer. */
export const FEATURES_LAYER = 'features';

const { model: MODEL_FILE, weights: WEIGHTS_FILE, info: INFO_FILE } = CLASSIFIER_FILES;
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
// On disk: the shipped classifier and the cache

/** The size and SHA-256 (hex) of one file of a classifier directory. */
export interface ClassifierFileChecksum {
  bytes: number;
  sha256: string;
}

/** What is stored next to the weights, in `classifier.json`. */
export interface ClassifierInfo {
  format: typeof INFO_FORMAT;
  version: number;
  createdAt: string;
  /** Test accuracy measured before saving, on the 10,000 MNIST test images. */
  testAccuracy: number;
  trainSeconds?: number;
  trainImages?: number;
  backend?: string;
  settings?: TrainedClassifier['settings'];
  /** The command that made this classifier, e.g. `hw7-cgan train-classifier --out DIR --seed 0 ...`. */
  command?: string;
  /** The size and SHA-256 of `model.json` and `weights.bin`, checked before every load. */
  files?: Record<string, ClassifierFileChecksum>;
}

/** A file of a classifier directory that is missing, unreadable, or differs from its classifier.json entry. */
export class ClassifierFileError extends Error {
  override readonly name = 'ClassifierFileError';
  constructor(
    message: string,
    /** The file's path. */
    readonly path: string,
    /** Its size and SHA-256 recorded in classifier.json, when there is an entry. */
    readonly expected?: ClassifierFileChecksum,
  ) {
    super(message);
  }
}

/** `$HW7_CACHE_DIR/mnist-classifier`, by default `~/.cache/hw7/mnist-classifier`. */
export function defaultClassifierCacheDir(): string {
  return cacheDirectory('mnist-classifier');
}

function toArrayBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

function checksumOf(bytes: Uint8Array): ClassifierFileChecksum {
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes the classifier's three files into `directory` (which exists and is empty). */
async function writeClassifierFiles(
  model: tf.LayersModel,
  directory: string,
  info: Omit<ClassifierInfo, 'format' | 'version' | 'createdAt' | 'files'>,
): Promise<void> {
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
  const weights = new Uint8Array(toArrayBuffer(artifacts.weightData));
  const modelBytes = new TextEncoder().encode(`${JSON.stringify(modelJson)}\n`);
  await fs.writeFile(join(directory, WEIGHTS_FILE), weights);
  await fs.writeFile(join(directory, MODEL_FILE), modelBytes);
  const fullInfo: ClassifierInfo = {
    format: INFO_FORMAT,
    version: INFO_VERSION,
    createdAt: new Date().toISOString(),
    ...info,
    files: { [MODEL_FILE]: checksumOf(modelBytes), [WEIGHTS_FILE]: checksumOf(weights) },
  };
  await fs.writeFile(join(directory, INFO_FILE), `${JSON.stringify(fullInfo, null, 2)}\n`);
}

function siblingName(directory: string, purpose: string): string {
  return join(
    dirname(directory),
    `.${basename(directory)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

export interface SaveClassifierOptions {
  /**
   * Replace the classifier `directory` holds (default false: an existing non-empty directory is an
   * error). The new files are complete before the old ones are moved away.
   */
  replace?: boolean;
}

/**
 * Writes `model` in the tf.io layers-model format (model.json + weights.bin) plus `classifier.json`
 * (`info`, and the size and SHA-256 of the other two) to `directory`. The files are written into a
 * temporary sibling that is renamed into place only when all of them are complete.
 */
export async function saveClassifier(
  model: tf.LayersModel,
  directory: string,
  info: Omit<ClassifierInfo, 'format' | 'version' | 'createdAt' | 'files'>,
  { replace = false }: SaveClassifierOptions = {},
): Promise<void> {
  const existing = existsSync(directory) ? readdirSync(directory) : undefined;
  if (existing !== undefined && existing.length > 0 && !replace) {
    throw new Error(`saveClassifier: ${directory} already exists; remove it first, or pass replace: true`);
  }
  if (existing === undefined) {
    await writeDirectoryAtomic(directory, (temporary) => writeClassifierFiles(model, temporary, info));
    return;
  }
  const staged = siblingName(directory, 'new');
  await writeDirectoryAtomic(staged, (temporary) => writeClassifierFiles(model, temporary, info));
  // Renamed away before removal, so no reader ever sees a half-deleted directory.
  const old = siblingName(directory, 'old');
  await fs.rename(directory, old);
  await fs.rename(staged, directory);
  await fs.rm(old, { recursive: true, force: true });
}

export interface LoadClassifierOptions {
  /**
   * Refuse a directory whose classifier.json does not record the size and SHA-256 of model.json and
   * weights.bin (default false: any tf.io layers-model directory loads; recorded ones are checked).
   */
  requireChecksums?: boolean;
  /** What to do about a bad file, appended to the error (default: how to make the classifier again). */
  remedy?: string;
}

const MAKE_AGAIN = 'make it again with hw7-cgan train-classifier';

async function readInfo(directory: string, options: LoadClassifierOptions): Promise<ClassifierInfo | null> {
  const path = join(directory, INFO_FILE);
  const remedy = options.remedy ?? MAKE_AGAIN;
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ClassifierFileError(`${path} cannot be read: ${(error as Error).message}; ${remedy}`, path);
    }
    if (options.requireChecksums) throw new ClassifierFileError(`${path} is missing; ${remedy}`, path);
    return null;
  }
  let info: ClassifierInfo;
  try {
    info = JSON.parse(text) as ClassifierInfo;
  } catch (error) {
    throw new ClassifierFileError(`${path} is not valid JSON (${(error as Error).message}); ${remedy}`, path);
  }
  const files = info?.files;
  const wellFormed =
    files === undefined ||
    (typeof files === 'object' &&
      Object.values(files).every(
        (file) => Number.isInteger(file?.bytes) && /^[0-9a-f]{64}$/.test(String(file?.sha256 ?? '')),
      ));
  const required =
    !options.requireChecksums || (files?.[MODEL_FILE] !== undefined && files?.[WEIGHTS_FILE] !== undefined);
  if (info === null || typeof info !== 'object' || !wellFormed || !required) {
    throw new ClassifierFileError(
      `${path} does not record the size and SHA-256 of ${MODEL_FILE} and ${WEIGHTS_FILE} ` +
        `(expected "files": {"${WEIGHTS_FILE}": {"bytes": N, "sha256": "<64 hex digits>"}, ...}); ${remedy}`,
      path,
    );
  }
  return info;
}

/** Checks each file recorded in classifier.json: its size first (a truncated copy fails without hashing), then its SHA-256. */
async function verifyClassifierFiles(directory: string, info: ClassifierInfo | null, remedy: string): Promise<void> {
  for (const [name, expected] of Object.entries(info?.files ?? {})) {
    const path = join(directory, name);
    const wanted = `${expected.bytes} bytes, SHA-256 ${expected.sha256}, as recorded in ${INFO_FILE}`;
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path);
    } catch (error) {
      const problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'cannot be read';
      throw new ClassifierFileError(`${path} ${problem} (expected ${wanted}); ${remedy}`, path, expected);
    }
    if (bytes.byteLength !== expected.bytes) {
      throw new ClassifierFileError(
        `${path} is truncated or altered: ${bytes.byteLength} bytes, expected ${wanted}; ${remedy}`,
        path,
        expected,
      );
    }
    const { sha256 } = checksumOf(bytes);
    if (sha256 !== expected.sha256) {
      throw new ClassifierFileError(
        `${path} is altered: SHA-256 ${sha256}, expected ${expected.sha256} (recorded in ${INFO_FILE}); ${remedy}`,
        path,
        expected,
      );
    }
  }
}

/**
 * Loads a classifier written by `saveClassifier` (any tf.io layers-model directory works), after
 * checking the files its classifier.json records against their sizes and SHA-256s: a missing,
 * truncated or altered file is a `ClassifierFileError` naming it and the expected hash.
 */
export async function loadClassifier(
  directory: string,
  options: LoadClassifierOptions = {},
): Promise<{ model: tf.LayersModel; info: ClassifierInfo | null }> {
  const info = await readInfo(directory, options);
  await verifyClassifierFiles(directory, info, options.remedy ?? MAKE_AGAIN);
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
  return { model, info };
}

// ---------------------------------------------------------------------------------------------
// Training a classifier into a directory, and loading the one to use

export interface TrainAndSaveClassifierOptions extends TrainMnistClassifierOptions {
  /** Required test accuracy (default 0.985); a classifier below it is not saved. */
  minAccuracy?: number;
  /** The test set to measure on (default the 10,000 MNIST test images). */
  testData?: MnistData;
  /** Replace the classifier `directory` already holds (default false: an existing one is an error). */
  replace?: boolean;
  /** The command that made it, recorded in classifier.json. */
  command?: string;
}

export interface SavedClassifier {
  model: tf.Sequential;
  /** Measured on the test set before saving. */
  testAccuracy: number;
  directory: string;
  /** The classifier.json written. */
  info: ClassifierInfo;
}

function belowBar(accuracy: number, minAccuracy: number, what: string): Error {
  return new Error(
    `${what} has MNIST test accuracy ${(accuracy * 100).toFixed(2)}%, below the required ` +
      `${(minAccuracy * 100).toFixed(2)}%`,
  );
}

/**
 * Trains a classifier (`trainMnistClassifier`), measures its accuracy on the test set, and saves it
 * to `directory` with its settings, accuracy, the command that made it and the SHA-256 of its files,
 * only if it reaches `minAccuracy` (otherwise this throws and writes nothing). An existing
 * `directory` is refused before training unless `replace` is set.
 */
export async function trainAndSaveClassifier(
  directory: string,
  options: TrainAndSaveClassifierOptions = {},
): Promise<SavedClassifier> {
  const { minAccuracy = MIN_CLASSIFIER_ACCURACY, testData, replace = false, command, ...training } = options;
  if (!(minAccuracy >= 0 && minAccuracy <= 1))
    throw new RangeError(`minAccuracy must be in [0, 1]; got ${minAccuracy}`);
  if (!replace && existsSync(directory) && readdirSync(directory).length > 0) {
    throw new Error(`${directory} already exists; remove it first, or pass replace: true`);
  }
  const trained = await trainMnistClassifier(training);
  try {
    const testAccuracy = await mnistAccuracy(trained.model, testData);
    if (testAccuracy < minAccuracy) {
      throw belowBar(testAccuracy, minAccuracy, `the classifier just trained (${trained.settings.epochs} epochs)`);
    }
    await saveClassifier(
      trained.model,
      directory,
      {
        testAccuracy,
        trainSeconds: trained.trainSeconds,
        trainImages: trained.trainImages,
        backend: currentBackend()?.name ?? tf.getBackend(),
        settings: trained.settings,
        ...(command === undefined ? {} : { command }),
      },
      { replace },
    );
    const info = JSON.parse(await fs.readFile(join(directory, INFO_FILE), 'utf8')) as ClassifierInfo;
    return { model: trained.model, testAccuracy, directory, info };
  } catch (error) {
    trained.model.dispose();
    throw error;
  }
}

/** Where `loadOrTrainClassifier` takes the classifier from. */
export type ClassifierSource = 'shipped' | 'cache';

export interface LoadOrTrainClassifierOptions {
  /**
   * 'shipped': the classifier shipped in this package (`SHIPPED_CLASSIFIER_DIRECTORY`), never
   * trained; 'cache': the one in `cacheDir`, trained and cached there first when missing. Default
   * 'cache' when `cacheDir`, `train` or `retrain` is given, else 'shipped'.
   */
  source?: ClassifierSource;
  /** Default `defaultClassifierCacheDir()`. */
  cacheDir?: string;
  /** Options for training when there is no cache (another architecture, seed, ...). */
  train?: TrainMnistClassifierOptions;
  /** Required test accuracy (default 0.985). */
  minAccuracy?: number;
  /**
   * Measure the test accuracy on load (a few seconds) instead of trusting the one in
   * classifier.json. Default true for a cached classifier, false for the shipped one (its files are
   * checked against their SHA-256, so it is the classifier whose accuracy was recorded).
   */
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
  /** Measured now (trained or verified), else the value stored in classifier.json. */
  testAccuracy: number;
  /** 'shipped' (this package's weights), 'cache' (loaded from the cache) or 'trained' (trained now and cached). */
  source: 'shipped' | 'cache' | 'trained';
  /** The directory it was loaded from or saved to. */
  directory: string;
  info: ClassifierInfo | null;
}

const SHIPPED_REMEDY =
  'these files ship with @hw7/cgan: reinstall the package, or make them again with pnpm --filter @hw7/cgan make-classifier';

/**
 * The classifier that judges generated digits. By default the one shipped in this package (loaded
 * in well under a second; its files are checked against their SHA-256). With `source: 'cache'`
 * (implied by `cacheDir`, `train` or `retrain`), the one cached in `cacheDir`, or, when there is
 * none (or `retrain`), one trained on the 60,000 training images (minutes) and cached there. Its
 * test accuracy (measured when `verify`, else the recorded one) must reach `minAccuracy` (98.5%),
 * otherwise this throws and nothing is cached.
 */
export async function loadOrTrainClassifier(options: LoadOrTrainClassifierOptions = {}): Promise<LoadedClassifier> {
  const { minAccuracy = MIN_CLASSIFIER_ACCURACY, retrain = false, progress = true } = options;
  const source =
    options.source ?? (options.cacheDir !== undefined || options.train !== undefined || retrain ? 'cache' : 'shipped');

  const accept = async (
    loaded: { model: tf.LayersModel; info: ClassifierInfo | null },
    directory: string,
    from: LoadedClassifier['source'],
    verify: boolean,
    what: string,
  ): Promise<LoadedClassifier> => {
    const { model, info } = loaded;
    try {
      const stored = typeof info?.testAccuracy === 'number' ? info.testAccuracy : undefined;
      const testAccuracy =
        verify || stored === undefined ? await mnistAccuracy(model, options.testData) : (stored as number);
      if (testAccuracy < minAccuracy) throw belowBar(testAccuracy, minAccuracy, what);
      return { model, testAccuracy, source: from, directory, info };
    } catch (error) {
      model.dispose();
      throw error;
    }
  };

  if (source === 'shipped') {
    for (const key of ['cacheDir', 'train', 'retrain'] as const) {
      if (options[key] !== undefined && options[key] !== false) {
        throw new RangeError(`options.${key} needs source: 'cache' (the shipped classifier is never trained)`);
      }
    }
    const directory = SHIPPED_CLASSIFIER_DIRECTORY;
    const loaded = await loadClassifier(directory, { requireChecksums: true, remedy: SHIPPED_REMEDY });
    return accept(
      loaded,
      directory,
      'shipped',
      options.verify ?? false,
      `the classifier shipped with @hw7/cgan (${directory})`,
    );
  }

  const cacheDir = options.cacheDir ?? defaultClassifierCacheDir();
  const loadCached = async () =>
    accept(
      await loadClassifier(cacheDir, { remedy: `delete ${cacheDir} to train a new one, or pass retrain: true` }),
      cacheDir,
      'cache',
      options.verify ?? true,
      `the classifier in ${cacheDir}`,
    );
  if (existsSync(cacheDir) && !retrain) return loadCached();

  try {
    const saved = await trainAndSaveClassifier(cacheDir, {
      progress,
      ...options.train,
      minAccuracy,
      testData: options.testData,
      replace: retrain,
    });
    return {
      model: saved.model,
      testAccuracy: saved.testAccuracy,
      source: 'trained',
      directory: cacheDir,
      info: saved.info,
    };
  } catch (error) {
    // Another process may have cached its classifier meanwhile: use that one.
    if (!retrain && existsSync(cacheDir) && readdirSync(cacheDir).length > 0) return loadCached();
    throw error;
  }
}
