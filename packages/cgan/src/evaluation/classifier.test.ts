// The classifier on a small scale: training, inference helpers, and the on-disk cache (atomic
// writes, round trips, checksums, the accuracy bar). The real classifier is trained outside the
// tests (it ships in the package; shipped-classifier.test.ts checks it).
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, loadMnist, type MnistData, mnistToTensors, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMnistClassifier,
  type ClassifierArchitecture,
  type ClassifierProgress,
  classifierAccuracy,
  defaultClassifierCacheDir,
  loadClassifier,
  loadOrTrainClassifier,
  mnistAccuracy,
  penultimateFeatures,
  predictClasses,
  saveClassifier,
  trainAndSaveClassifier,
  trainMnistClassifier,
} from './classifier.js';

const TINY: Partial<ClassifierArchitecture> = { filters: [4, 8, 8], units: 16, dropout: 0.1 };

let root: string;
let test: MnistData;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  root = mkdtempSync(join(tmpdir(), 'hw7-classifier-test-'));
  test = await loadMnist({ split: 'test', limit: 600 });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function samePredictions(a: tf.LayersModel, b: tf.LayersModel): Promise<void> {
  const x = tf.randomUniform([7, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
  const logitsA = tf.tidy(() => a.predict(x) as tf.Tensor);
  const logitsB = tf.tidy(() => b.predict(x) as tf.Tensor);
  expect(Array.from(await logitsB.data())).toEqual(Array.from(await logitsA.data()));
  expect(Array.from((await penultimateFeatures(b, x)).data)).toEqual(
    Array.from((await penultimateFeatures(a, x)).data),
  );
  tf.dispose([x, logitsA, logitsB]);
}

describe('buildMnistClassifier', () => {
  it('maps [N, 28, 28, 1] to 10 logits through a named features layer', () => {
    const model = buildMnistClassifier();
    expect(model.outputs[0].shape).toEqual([null, 10]);
    expect(model.getLayer('features').outputShape).toEqual([null, 128]);
    expect(model.layers.map((layer) => layer.name)).toEqual([
      'conv1',
      'conv2',
      'pool1',
      'conv3',
      'pool2',
      'flatten',
      'features',
      'dropout',
      'logits',
    ]);
    model.dispose();
  });

  it('rejects bad architectures', () => {
    expect(() => buildMnistClassifier({ units: 0 })).toThrow(/units/);
    expect(() => buildMnistClassifier({ dropout: 1 })).toThrow(/dropout/);
    expect(() => buildMnistClassifier({ filters: [1, 2] as unknown as [number, number, number] })).toThrow(/filters/);
  });
});

describe('trainMnistClassifier and the inference helpers', () => {
  it('learns MNIST well above chance, reports progress, and is reproducible from its seed', async () => {
    const reports: ClassifierProgress[] = [];
    const options = {
      limit: 2000,
      epochs: 2,
      batchSize: 50,
      seed: 7,
      learningRate: 3e-3,
      architecture: TINY,
      progress: false,
    };
    const { model, steps, trainImages } = await trainMnistClassifier({
      ...options,
      onProgress: (p) => reports.push(p),
    });
    expect(trainImages).toBe(2000);
    expect(steps).toBe(80);
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(reports.at(-1)?.epoch).toBe(1);
    expect(reports.every((r) => Number.isFinite(r.loss) && r.accuracy >= 0 && r.accuracy <= 1)).toBe(true);
    expect(await mnistAccuracy(model, test)).toBeGreaterThan(0.75);

    const again = await trainMnistClassifier(options);
    await samePredictions(model, again.model);
    model.dispose();
    again.model.dispose();
  });

  it('agrees on accuracy for labels as indices, one-hot or an array, and batches without changing results', async () => {
    const model = buildMnistClassifier(TINY);
    const { x, y } = mnistToTensors(test, { range: [-1, 1] });
    const oneHot = tf.oneHot(y as tf.Tensor1D, 10);
    const predicted = await predictClasses(model, x as tf.Tensor4D, 64);
    const expected = predicted.filter((label, i) => label === test.labels[i]).length / test.count;
    expect(await classifierAccuracy(model, x, y)).toBe(expected);
    expect(await classifierAccuracy(model, x, oneHot, 7)).toBe(expected);
    expect(await classifierAccuracy(model, x, test.labels)).toBe(expected);
    expect(Array.from(await predictClasses(model, x, 1000))).toEqual(Array.from(predicted));

    const whole = await penultimateFeatures(model, x);
    const batched = await penultimateFeatures(model, x, 37);
    expect([whole.rows, whole.cols]).toEqual([600, 16]);
    expect(whole.data.length).toBe(600 * 16);
    let maxDifference = 0;
    for (let i = 0; i < whole.data.length; i++) {
      maxDifference = Math.max(maxDifference, Math.abs(whole.data[i] - batched.data[i]));
    }
    expect(maxDifference).toBeLessThan(1e-5);

    await expect(classifierAccuracy(model, x, test.labels.subarray(0, 5))).rejects.toThrow(/labels has 5/);
    await expect(penultimateFeatures(model, x.reshape([600, 784]) as unknown as tf.Tensor4D)).rejects.toThrow(/rank-4/);
    const numTensors = tf.memory().numTensors;
    await penultimateFeatures(model, x, 50);
    expect(tf.memory().numTensors).toBe(numTensors);
    tf.dispose([x, y, oneHot]);
    model.dispose();
  });

  it('explains a model without a features layer', async () => {
    const model = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10 })],
    });
    const x = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    await expect(penultimateFeatures(model, x)).rejects.toThrow(/no layer named 'features'/);
    tf.dispose(x);
    model.dispose();
  });
});

describe('the classifier cache', () => {
  it('round-trips a model through model.json + weights.bin with identical predictions', async () => {
    const model = buildMnistClassifier(TINY);
    const directory = join(root, 'round-trip');
    await saveClassifier(model, directory, { testAccuracy: 0.5 });
    expect(readdirSync(directory).sort()).toEqual(['classifier.json', 'model.json', 'weights.bin']);
    const modelJson = JSON.parse(await fs.readFile(join(directory, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['./weights.bin']);

    const loaded = await loadClassifier(directory);
    expect(loaded.info?.testAccuracy).toBe(0.5);
    expect(loaded.info?.format).toBe('hw7-mnist-classifier');
    await samePredictions(model, loaded.model);
    await expect(saveClassifier(model, directory, { testAccuracy: 0.5 })).rejects.toThrow(/already exists/);
    model.dispose();
    loaded.model.dispose();
  });

  it('records the size and SHA-256 of model.json and weights.bin, and replaces a classifier whole', async () => {
    const directory = join(root, 'replaced');
    const first = buildMnistClassifier(TINY);
    await saveClassifier(first, directory, { testAccuracy: 0.25 });
    const weights = await fs.readFile(join(directory, 'weights.bin'));
    const { info } = await loadClassifier(directory, { requireChecksums: true });
    expect(info?.files?.['weights.bin']).toEqual({
      bytes: weights.byteLength,
      sha256: createHash('sha256').update(weights).digest('hex'),
    });
    // TINY: conv 40 + 296 + 584, features 200 * 16 + 16, logits 170 parameters.
    expect(weights.byteLength).toBe(4306 * 4);

    const second = buildMnistClassifier({ ...TINY, units: 8 });
    await saveClassifier(second, directory, { testAccuracy: 0.75 }, { replace: true });
    const replaced = await loadClassifier(directory, { requireChecksums: true });
    expect(replaced.info?.testAccuracy).toBe(0.75);
    await samePredictions(second, replaced.model);
    expect(readdirSync(root).filter((name) => name.startsWith('.replaced.'))).toEqual([]);
    for (const model of [first, second, replaced.model]) model.dispose();
  });

  it('leaves nothing behind when a write fails part-way', async () => {
    const model = buildMnistClassifier(TINY);
    const parent = join(root, 'failing');
    const directory = join(parent, 'cache');
    // The weights and model.json are written before classifier.json, whose JSON.stringify throws.
    await expect(
      saveClassifier(model, directory, { testAccuracy: 0.5, trainImages: 10n as unknown as number }),
    ).rejects.toThrow(/BigInt/);
    expect(existsSync(directory)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
    await expect(loadClassifier(directory)).rejects.toThrow(/cannot read a classifier/);
    model.dispose();
  });

  it('loadOrTrainClassifier uses a cache without training, and enforces the accuracy bar', async () => {
    const model = buildMnistClassifier(TINY);
    const cacheDir = join(root, 'cached');
    await saveClassifier(model, cacheDir, { testAccuracy: 0.1 });
    // epochs: 0 would make training throw, so success proves the cache was used.
    const loaded = await loadOrTrainClassifier({ cacheDir, minAccuracy: 0, testData: test, train: { epochs: 0 } });
    expect(loaded.source).toBe('cache');
    expect(loaded.testAccuracy).toBe(await mnistAccuracy(model, test));
    await samePredictions(model, loaded.model);
    loaded.model.dispose();

    const stored = await loadOrTrainClassifier({ cacheDir, minAccuracy: 0, verify: false, train: { epochs: 0 } });
    expect(stored.testAccuracy).toBe(0.1);
    stored.model.dispose();

    await expect(loadOrTrainClassifier({ cacheDir, testData: test, train: { epochs: 0 } })).rejects.toThrow(
      /the classifier in .* below the required 98\.50%/,
    );
    model.dispose();
  });

  it('loadOrTrainClassifier trains and caches only a model that reaches the bar', async () => {
    const cacheDir = join(root, 'trained');
    const train = { limit: 300, epochs: 1, batchSize: 50, architecture: TINY, progress: false };
    await expect(loadOrTrainClassifier({ cacheDir, testData: test, train })).rejects.toThrow(
      /just trained .* below the required 98\.50%/,
    );
    expect(existsSync(cacheDir)).toBe(false);
    // An existing directory is refused before any training (epochs: 0 would throw if it trained).
    await expect(trainAndSaveClassifier(root, { ...train, epochs: 0 })).rejects.toThrow(
      `${root} already exists; remove it first, or pass replace: true`,
    );

    const trained = await loadOrTrainClassifier({ cacheDir, testData: test, train, minAccuracy: 0 });
    expect(trained.source).toBe('trained');
    expect(trained.info?.trainImages).toBe(300);
    expect(trained.info?.testAccuracy).toBe(trained.testAccuracy);
    const cached = await loadOrTrainClassifier({ cacheDir, testData: test, minAccuracy: 0, train: { epochs: 0 } });
    expect(cached.source).toBe('cache');
    expect(cached.testAccuracy).toBe(trained.testAccuracy);
    await samePredictions(trained.model, cached.model);
    cached.model.dispose();

    // retrain: a new classifier (another seed) replaces the cached one.
    const retrained = await loadOrTrainClassifier({
      cacheDir,
      testData: test,
      train: { ...train, seed: 5 },
      minAccuracy: 0,
      retrain: true,
    });
    expect(retrained.source).toBe('trained');
    expect(retrained.info?.settings?.seed).toBe(5);
    expect(retrained.info?.files?.['weights.bin'].sha256).not.toBe(trained.info?.files?.['weights.bin'].sha256);
    const reloaded = await loadOrTrainClassifier({ cacheDir, testData: test, minAccuracy: 0, train: { epochs: 0 } });
    await samePredictions(retrained.model, reloaded.model);
    for (const loaded of [trained, retrained, reloaded]) loaded.model.dispose();
  });

  it('defaults to ~/.cache/hw7/mnist-classifier, moved by HW7_CACHE_DIR', () => {
    const saved = process.env.HW7_CACHE_DIR;
    try {
      delete process.env.HW7_CACHE_DIR;
      expect(defaultClassifierCacheDir()).toMatch(/\.cache[/\\]hw7[/\\]mnist-classifier$/);
      process.env.HW7_CACHE_DIR = join(root, 'elsewhere');
      expect(defaultClassifierCacheDir()).toBe(join(root, 'elsewhere', 'mnist-classifier'));
    } finally {
      if (saved === undefined) delete process.env.HW7_CACHE_DIR;
      else process.env.HW7_CACHE_DIR = saved;
    }
  });
});
