import { initBackend, seedEverything, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCnn } from './cnn-objective.js';
import type { ImageDataset } from './image-dataset.js';
import { applyPruningMasks, fineTunePruned, networkSize, runNetworkPruning } from './network-pruning.js';
import { filterPruningMasks, magnitudePruningMasks, type PruningMasks } from './pruning-masks.js';

beforeAll(async () => {
  await initBackend({ quiet: true });
});

/** A two-convolution CNN on 8 x 8 grey images: conv 3x3 1->6, pool, conv 3x3 6->5, pool, flatten, dense 20 -> 3. */
function smallCnn(): tf.Sequential {
  seedEverything(1);
  return buildCnn({ filters: [6, 5], hiddenUnits: [], optimizer: 'Adam', learningRate: 0.01 }, [8, 8, 1], 3);
}

function zeros(values: Float32Array): number {
  return values.reduce((count, v) => count + (v === 0 ? 1 : 0), 0);
}

function weightsOf(model: tf.LayersModel, layer: string, weight: number): Float32Array {
  return model.getLayer(layer).getWeights()[weight].dataSync() as Float32Array;
}

/** Synthetic data: 96 training and 30 test images whose class is the brightest third of the image. */
function syntheticData(): ImageDataset {
  const make = (count: number, offset: number) =>
    tf.tidy(() => {
      const labels = Array.from({ length: count }, (_, i) => (i + offset) % 3);
      const images = tf.stack(
        labels.map((label, i) =>
          tf.tidy(() => {
            const noise = tf.randomUniform([8, 8, 1], 0, 0.3, 'float32', i + offset);
            const band = tf.oneHot(tf.fill([8], label, 'int32'), 3).pad([
              [0, 0],
              [0, 5],
            ]);
            return noise.add(band.slice([0, 0], [8, 8]).reshape([8, 8, 1]).mul(0.7));
          }),
        ),
      ) as tf.Tensor4D;
      return { images, labels };
    });
  const train = make(96, 0);
  const test = make(30, 1000);
  return {
    name: 'mnist',
    trainImages: train.images,
    trainLabels: tf.oneHot(tf.tensor1d(train.labels, 'int32'), 3).toFloat() as tf.Tensor2D,
    testImages: test.images,
    testLabels: tf.tensor1d(test.labels, 'int32') as tf.Tensor1D,
    numClasses: 3,
    dispose() {
      tf.dispose([this.trainImages, this.trainLabels, this.testImages, this.testLabels]);
    },
  };
}

describe('magnitude pruning (unstructured, Han et al. 2015)', () => {
  it.each([0, 0.25, 0.5, 0.9, 0.95])('global masks have the asked sparsity %s over all kernels', (sparsity) => {
    const model = smallCnn();
    const masks = magnitudePruningMasks(model, sparsity, 'global');
    const total = masks.reduce((sum, m) => sum + m.values.length, 0);
    expect(masks.reduce((sum, m) => sum + zeros(m.values), 0)).toBe(Math.round(sparsity * total));
    // The pruned weights are the smallest: every pruned magnitude <= every kept one.
    let largestPruned = 0;
    let smallestKept = Number.POSITIVE_INFINITY;
    for (const mask of masks) {
      const weights = weightsOf(model, mask.layer, mask.weight);
      mask.values.forEach((keep, i) => {
        if (keep === 0) largestPruned = Math.max(largestPruned, Math.abs(weights[i]));
        else smallestKept = Math.min(smallestKept, Math.abs(weights[i]));
      });
    }
    expect(largestPruned).toBeLessThanOrEqual(smallestKept);
    model.dispose();
  });

  it('layer-wise masks have the asked sparsity in every layer', () => {
    const model = smallCnn();
    for (const mask of magnitudePruningMasks(model, 0.7, 'layer')) {
      expect(zeros(mask.values)).toBe(Math.round(0.7 * mask.values.length));
    }
    model.dispose();
  });
});

describe('filter pruning (structured, Li et al. 2017)', () => {
  it('removes whole filters of smallest L1 norm, their biases and the next layer’s input channels', () => {
    const model = smallCnn();
    const masks = filterPruningMasks(model, 0.5);
    const mask = (layer: string, weight: number) =>
      masks.find((m) => m.layer === layer && m.weight === weight) as PruningMasks[number];
    const [conv1, , conv2, , , dense] = model.layers.map((layer) => layer.name);
    // conv1 has 6 filters: 3 go. Its kernel is [3, 3, 1, 6].
    const kernel1 = weightsOf(model, conv1, 0);
    const norms = Array.from({ length: 6 }, (_, f) =>
      kernel1.reduce((sum, v, i) => sum + (i % 6 === f ? Math.abs(v) : 0), 0),
    );
    const removed1 = [0, 1, 2, 3, 4, 5].filter((f) => mask(conv1, 1).values[f] === 0);
    expect(removed1).toHaveLength(3);
    const kept1 = [0, 1, 2, 3, 4, 5].filter((f) => !removed1.includes(f));
    expect(Math.max(...removed1.map((f) => norms[f]))).toBeLessThanOrEqual(Math.min(...kept1.map((f) => norms[f])));
    for (const [i, keep] of mask(conv1, 0).values.entries()) expect(keep).toBe(removed1.includes(i % 6) ? 0 : 1);
    // conv2's kernel [3, 3, 6, 5]: its inputs from removed channels are zero, and 3 of its 5 filters go (round(2.5)).
    const removed2 = [0, 1, 2, 3, 4].filter((f) => mask(conv2, 1).values[f] === 0);
    expect(removed2).toHaveLength(Math.round(0.5 * 5));
    mask(conv2, 0).values.forEach((keep, i) => {
      const [input, output] = [Math.floor(i / 5) % 6, i % 5];
      expect(keep).toBe(removed1.includes(input) || removed2.includes(output) ? 0 : 1);
    });
    // The dense layer reads the flattened 2 x 2 x 5 features: rows of removed channels are zero.
    mask(dense, 0).values.forEach((keep, i) => {
      const row = Math.floor(i / 3);
      expect(keep).toBe(removed2.includes(row % 5) ? 0 : 1);
    });
    // Applied, the removed channels are exactly zero and the network computes the same as before
    // on the kept ones: the next layer's zeroed inputs only confirm what ReLU(0) already gave.
    applyPruningMasks(model, masks);
    const conv1Output = tf.model({ inputs: model.inputs, outputs: model.layers[0].output as tf.SymbolicTensor });
    const activations = tf.tidy(() => (conv1Output.predict(tf.randomUniform([2, 8, 8, 1])) as tf.Tensor).dataSync());
    const removedActivations = activations.filter((_, i) => removed1.includes(i % 6));
    expect(removedActivations.every((v) => v === 0)).toBe(true);
    expect(activations.some((v) => v !== 0)).toBe(true);
    model.dispose();
  });

  it('keeps at least one filter per layer', () => {
    const model = smallCnn();
    const masks = filterPruningMasks(model, 0.99);
    for (const bias of masks.filter((m) => m.weight === 1)) expect(bias.values.some((v) => v === 1)).toBe(true);
    model.dispose();
  });
});

describe('network size', () => {
  it('counts parameters and multiply-adds, and only the kept ones under masks', () => {
    const model = smallCnn();
    // conv1: 9*1*6 + 6 = 60 parameters, 54 weights at 8 x 8 positions; conv2: 9*6*5 + 5 = 275, 270 at 4 x 4;
    // dense: 20*3 + 3 = 63, 60.
    expect(networkSize(model)).toEqual({ parameters: 60 + 275 + 63, flops: 54 * 64 + 270 * 16 + 60 });
    const masks = filterPruningMasks(model, 0.5);
    // 3 of conv1's 6 filters and 3 of conv2's 5 go: conv1 9*3 + 3, conv2 9*3*2 + 2, dense (2*2*2)*3 + 3.
    expect(networkSize(model, masks)).toEqual({
      parameters: 30 + 56 + 27,
      flops: 27 * 64 + 54 * 16 + 24,
    });
    model.dispose();
  });
});

describe('fine-tuning a pruned network', () => {
  it('keeps every masked weight at zero while the others learn', async () => {
    const data = syntheticData();
    const model = smallCnn();
    const masks = magnitudePruningMasks(model, 0.8);
    applyPruningMasks(model, masks);
    const before = masks.map((m) => weightsOf(model, m.layer, m.weight).slice());
    const accuracy = await fineTunePruned(model, data, masks, {
      optimizer: 'Adam',
      learningRate: 0.01,
      batchSize: 16,
      seed: 0,
    });
    expect(accuracy).toBeGreaterThanOrEqual(0);
    masks.forEach((mask, j) => {
      const after = weightsOf(model, mask.layer, mask.weight);
      mask.values.forEach((keep, i) => {
        if (keep === 0) expect(Math.abs(after[i])).toBe(0);
      });
      // Kept weights were trained.
      expect(after.some((v, i) => mask.values[i] === 1 && v !== before[j][i])).toBe(true);
    });
    model.dispose();
    data.dispose();
  });
});

describe('runNetworkPruning', () => {
  it('gives the unpruned accuracy at sparsity 0, four curves, and frees every tensor', async () => {
    const tensors = tf.memory().numTensors;
    const result = await runNetworkPruning({
      dataset: 'mnist',
      trainLimit: 96,
      testLimit: 50,
      epochs: 1,
      batchSize: 32,
      fineTuneSteps: 2,
      sparsities: [0, 0.5, 0.9],
      hyperparameters: { filters: [8], hiddenUnits: [], optimizer: 'Adam', learningRate: 0.005 },
    });
    expect(tf.memory().numTensors).toBe(tensors);
    for (const method of ['magnitude', 'filter'] as const) {
      const atZero = result.measurements.find((m) => m.method === method && m.sparsity === 0 && !m.fineTuned);
      expect(atZero?.testAccuracy).toBe(result.unpruned.testAccuracy);
      expect(atZero?.parametersFraction).toBe(1);
    }
    expect(result.curves.map((curve) => [curve.method, curve.fineTuned, curve.points.length])).toEqual([
      ['magnitude', false, 3],
      ['magnitude', true, 3],
      ['filter', false, 3],
      ['filter', true, 3],
    ]);
    const magnitude90 = result.measurements.find((m) => m.method === 'magnitude' && m.sparsity === 0.9);
    expect(magnitude90?.parametersFraction).toBeCloseTo(0.1 + (0.9 * (8 + 10)) / result.unpruned.parameters, 2);
  }, 60_000);
});
