// evaluateCgan on fake generators whose answer is known: each maps a label to a real MNIST digit
// (plus a little noise), so a generator that honours the label must score near 1, one that ignores
// it exactly 0.1, and one that draws the next digit about 0. The judge is a small classifier
// trained here on 3,000 images (the real one takes minutes and is trained once, outside the tests).
import { initBackend, loadMnist, type MnistData, Rng, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { penultimateFeatures, predictClasses, trainMnistClassifier } from './classifier.js';
import { evaluateCgan, realFeatureStatistics } from './evaluate.js';
import { featureStatistics, frechetDistanceFromStatistics } from './frechet-distance.js';

const Z_DIM = 64;
const CLASSES = 10;
const PIXELS = 784;

let classifier: tf.LayersModel;
let real: MnistData;
/** templates[k]: a real test digit k in [-1, 1] that the classifier reads as k. */
let templates: Float32Array[];

/** The kernel of a linear generator: noise rows add `noiseScale` jitter, label row k draws template mapping(k). */
function generatorKernel(mapping: (label: number) => number, noiseScale: number): tf.Tensor2D {
  const rng = new Rng('fake-generator');
  const kernel = new Float32Array((Z_DIM + CLASSES) * PIXELS);
  for (let i = 0; i < Z_DIM * PIXELS; i++) kernel[i] = rng.normal(0, noiseScale);
  for (let label = 0; label < CLASSES; label++) kernel.set(templates[mapping(label)], (Z_DIM + label) * PIXELS);
  return tf.tensor2d(kernel, [Z_DIM + CLASSES, PIXELS]);
}

/** One input concat(noise, one-hot) -> [B, 28, 28, 1]. */
function templateGenerator(mapping: (label: number) => number, noiseScale = 0.01): tf.Sequential {
  const kernel = generatorKernel(mapping, noiseScale);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [Z_DIM + CLASSES], units: PIXELS, useBias: false, weights: [kernel] }),
      tf.layers.reshape({ targetShape: [28, 28, 1] }),
    ],
  });
  kernel.dispose();
  return model;
}

/** The same generator with two inputs [noise, one-hot] and a flat [B, 784] output. */
function twoInputGenerator(mapping: (label: number) => number, noiseScale = 0.01): tf.LayersModel {
  const kernel = generatorKernel(mapping, noiseScale);
  const noise = tf.input({ shape: [Z_DIM] });
  const label = tf.input({ shape: [CLASSES] });
  const joined = tf.layers.concatenate().apply([noise, label]) as tf.SymbolicTensor;
  const pixels = tf.layers
    .dense({ units: PIXELS, useBias: false, weights: [kernel] })
    .apply(joined) as tf.SymbolicTensor;
  kernel.dispose();
  return tf.model({ inputs: [noise, label], outputs: pixels });
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  const trained = await trainMnistClassifier({
    limit: 3000,
    epochs: 2,
    batchSize: 50,
    learningRate: 3e-3,
    seed: 1,
    architecture: { filters: [8, 8, 16], units: 32, dropout: 0.1 },
    progress: false,
  });
  classifier = trained.model;

  // Real statistics from the first 1,000 test digits; templates from the next ones.
  const test = await loadMnist({ split: 'test', limit: 1400 });
  real = {
    ...test,
    images: test.images.subarray(0, 1000 * PIXELS),
    labels: test.labels.subarray(0, 1000),
    count: 1000,
  };
  const pool = tf.tidy(() =>
    tf
      .tensor4d(test.images.subarray(1000 * PIXELS), [400, 28, 28, 1], 'float32')
      .div(127.5)
      .sub(1),
  ) as tf.Tensor4D;
  const predicted = await predictClasses(classifier, pool);
  const poolPixels = await pool.data();
  pool.dispose();
  templates = Array.from({ length: CLASSES }, (_, digit) => {
    const index = predicted.findIndex((label, i) => label === digit && test.labels[1000 + i] === digit);
    if (index < 0) throw new Error(`no correctly classified test digit ${digit} among the template pool`);
    return Float32Array.from(poolPixels.subarray(index * PIXELS, (index + 1) * PIXELS));
  });
});

const base = { samples: 1000, batchSize: 250, seed: 3, progress: false } as const;

describe('evaluateCgan', () => {
  it('scores a generator that draws the conditioning digit near 1, on every class', async () => {
    const generator = templateGenerator((label) => label);
    const result = await evaluateCgan({ generator, classifier, real, ...base });
    expect(result.samples).toBe(1000);
    expect(result.realSamples).toBe(1000);
    expect(result.conditionalAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.perClassAccuracy).toHaveLength(10);
    for (const accuracy of result.perClassAccuracy) expect(accuracy).toBeGreaterThanOrEqual(0.8);
    const mean = result.perClassAccuracy.reduce((a, b) => a + b, 0) / 10;
    expect(result.conditionalAccuracy).toBeCloseTo(mean, 12);
    expect(result.frechetDistance).toBeGreaterThan(0);
    generator.dispose();
  });

  it('scores a generator that ignores the label 0.1, and one that draws the next digit about 0', async () => {
    const ignoring = templateGenerator(() => 3);
    const ignored = await evaluateCgan({ generator: ignoring, classifier, real, ...base });
    expect(ignored.conditionalAccuracy).toBeCloseTo(0.1, 2);
    expect(ignored.perClassAccuracy[3]).toBeGreaterThanOrEqual(0.9);
    expect(ignored.perClassAccuracy.filter((_, digit) => digit !== 3).every((accuracy) => accuracy < 0.1)).toBe(true);

    const shifting = templateGenerator((label) => (label + 1) % CLASSES);
    const shifted = await evaluateCgan({ generator: shifting, classifier, real, ...base });
    expect(shifted.conditionalAccuracy).toBeLessThan(0.05);

    // A single digit for every label is much further from the real digits than ten digits are.
    const honest = templateGenerator((label) => label);
    const good = await evaluateCgan({ generator: honest, classifier, real, ...base });
    expect(ignored.frechetDistance).toBeGreaterThan(good.frechetDistance);
    // Relabelling the same ten digits changes the accuracy, hardly the distribution of images.
    expect(Math.abs(shifted.frechetDistance - good.frechetDistance)).toBeLessThan(0.05 * good.frechetDistance);
    for (const model of [ignoring, shifting, honest]) model.dispose();
  });

  it('puts real digits far closer to the real statistics than any fake generator', async () => {
    const test = await loadMnist({ split: 'test', limit: 2000 });
    const heldOut = {
      ...test,
      images: test.images.subarray(1000 * PIXELS),
      labels: test.labels.subarray(1000),
      count: 1000,
    };
    const a = await realFeatureStatistics(classifier, { real });
    const b = await realFeatureStatistics(classifier, { real: heldOut });
    expect([a.count, b.count]).toEqual([1000, 1000]);
    const generator = templateGenerator((label) => label);
    const fake = await evaluateCgan({ generator, classifier, realStatistics: a, ...base });
    expect(fake.realSamples).toBe(1000);
    expect(frechetDistanceFromStatistics(a, b)).toBeLessThan(fake.frechetDistance / 5);
    generator.dispose();
  });

  it('is reproducible, independent of the batch size, and takes two-input generators', async () => {
    const generator = templateGenerator((label) => label, 0.05);
    const first = await evaluateCgan({ generator, classifier, real, ...base });
    const again = await evaluateCgan({ generator, classifier, real, ...base });
    expect(again).toEqual(first);
    const rebatched = await evaluateCgan({ generator, classifier, real, ...base, batchSize: 130 });
    expect(rebatched.conditionalAccuracy).toBe(first.conditionalAccuracy);
    expect(rebatched.frechetDistance).toBeCloseTo(first.frechetDistance, 3);

    const twoInputs = twoInputGenerator((label) => label, 0.05);
    const split = await evaluateCgan({ generator: twoInputs, classifier, real, ...base });
    expect(split.conditionalAccuracy).toBe(first.conditionalAccuracy);
    expect(split.frechetDistance).toBeCloseTo(first.frechetDistance, 3);

    const otherSeed = await evaluateCgan({ generator, classifier, real, ...base, seed: 4 });
    expect(otherSeed.frechetDistance).not.toBe(first.frechetDistance);
    generator.dispose();
    twoInputs.dispose();
  });

  it('keeps no tensors and reuses the real statistics it computed', async () => {
    const generator = templateGenerator((label) => label);
    await evaluateCgan({ generator, classifier, real, ...base });
    const before = tf.memory().numTensors;
    const started = performance.now();
    await evaluateCgan({ generator, classifier, real, ...base, samples: 100 });
    expect(tf.memory().numTensors).toBe(before);
    expect(performance.now() - started).toBeLessThan(30_000);
    generator.dispose();
  });

  it('matches frechetDistance on the features it compares', async () => {
    // Without noise the generator draws exactly the templates: two of each, in label order.
    const generator = templateGenerator((label) => label, 0);
    const result = await evaluateCgan({ generator, classifier, real, ...base, samples: 20 });
    const images = tf.tidy(() => tf.stack(templates.map((t) => tf.tensor3d(t, [28, 28, 1]))) as tf.Tensor4D);
    const templateFeatures = await penultimateFeatures(classifier, images);
    images.dispose();
    const realStats = await realFeatureStatistics(classifier, { real });
    const twice = {
      data: Float32Array.from([...templateFeatures.data, ...templateFeatures.data]),
      rows: 20,
      cols: templateFeatures.cols,
    };
    const expected = frechetDistanceFromStatistics(featureStatistics(twice), realStats);
    expect(result.frechetDistance).toBeCloseTo(expected, 3);
    generator.dispose();
  });

  it('rejects generators and sample counts that do not fit', async () => {
    const generator = templateGenerator((label) => label);
    await expect(evaluateCgan({ generator, classifier, real, ...base, zDim: 32 })).rejects.toThrow(/zDim/);
    await expect(evaluateCgan({ generator, classifier, real, ...base, samples: 1005 })).rejects.toThrow(
      /multiple of nClasses/,
    );
    await expect(evaluateCgan({ generator, classifier, real, ...base, nClasses: 5 })).rejects.toThrow(
      /predicts 10 classes/,
    );
    const wrongOutput = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [Z_DIM + CLASSES], units: 100 })],
    });
    await expect(evaluateCgan({ generator: wrongOutput, classifier, real, ...base })).rejects.toThrow(
      /expected \[250, 28, 28, 1\]/,
    );
    generator.dispose();
    wrongOutput.dispose();
  });

  it('refuses more samples than their features fit in memory, instead of "Invalid typed array length" (issue #24)', async () => {
    const generator = templateGenerator((label) => label);
    const features = (classifier.getLayer('features').outputShape as number[]).at(-1) as number;
    await expect(evaluateCgan({ generator, classifier, real, ...base, samples: 1e9 })).rejects.toThrow(
      `samples (1000000000) must be at most ${Math.floor(2 ** 28 / features / 10) * 10}: the classifier's ${features} features`,
    );
    generator.dispose();
  });
});
