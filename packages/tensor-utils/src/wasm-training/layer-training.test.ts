// Trains one tiny model per kind of tf.layers layer on wasm (our training kernels registered). For
// each, the first-step gradients of every trainable weight must match the cpu backend from the same
// seeded weights and data, and three Adam steps on wasm must lower the loss and move every weight.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import * as tf from '../tf.js';
import { maxError, TOLERANCE } from './relative-error.js';

type Backend = 'cpu' | 'wasm';

interface LayerCase {
  /** The layer under test. */
  name: string;
  /** Shape of the input batch. */
  input: number[];
  /** Integer inputs in [0, ints) instead of N(0, 1) values (embedding ids). */
  ints?: number;
  /** The model's layers, freshly built (the layer under test, with helpers around it if it has no weights). */
  layers: () => tf.layers.Layer[];
}

const conv = (filters: number, kernelSize = 3) => tf.layers.conv2d({ filters, kernelSize, padding: 'same' });

const CASES: LayerCase[] = [
  {
    name: 'conv2d',
    input: [4, 7, 7, 3],
    layers: () => [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.conv2d({ filters: 2, kernelSize: [2, 3], padding: 'valid' }),
    ],
  },
  {
    name: 'conv2dTranspose',
    input: [2, 3, 3, 4],
    layers: () => [
      tf.layers.conv2dTranspose({ filters: 3, kernelSize: 4, strides: 2, padding: 'valid', activation: 'relu' }),
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
    ],
  },
  {
    name: 'dense',
    input: [4, 3, 5],
    layers: () => [tf.layers.dense({ units: 6, activation: 'relu' }), tf.layers.dense({ units: 2 })],
  },
  {
    name: 'batchNormalization',
    input: [4, 5, 5, 2],
    layers: () => [conv(3), tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 })],
  },
  { name: 'embedding', input: [4, 5], ints: 10, layers: () => [tf.layers.embedding({ inputDim: 10, outputDim: 3 })] },
  {
    name: 'maxPooling2d',
    input: [3, 7, 7, 2],
    layers: () => [
      conv(3),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 1 }),
    ],
  },
  {
    name: 'averagePooling2d',
    input: [3, 7, 7, 2],
    layers: () => [
      conv(3),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 1 }),
    ],
  },
  {
    name: 'globalAveragePooling2d',
    input: [3, 5, 5, 2],
    layers: () => [conv(4), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2 })],
  },
  {
    name: 'dropout',
    input: [4, 6],
    // A seeded dropout draws the same mask on both backends (and at every step).
    layers: () => [
      tf.layers.dense({ units: 8 }),
      tf.layers.dropout({ rate: 0.5, seed: 7 }),
      tf.layers.dense({ units: 2 }),
    ],
  },
  { name: 'lstm', input: [3, 4, 2], layers: () => [tf.layers.lstm({ units: 3 })] },
  { name: 'gru', input: [3, 4, 2], layers: () => [tf.layers.gru({ units: 3, returnSequences: true })] },
  { name: 'simpleRNN', input: [3, 4, 2], layers: () => [tf.layers.simpleRNN({ units: 3 })] },
  // The last state of a GRU runs as two sequence kernels on wasm (gru-sequence.ts); cpu runs tf.layers' cells.
  { name: 'gru (last state: sequence kernels)', input: [5, 7, 6], layers: () => [tf.layers.gru({ units: 9 })] },
  {
    name: 'bidirectional(gru) over an embedding with padding masked (the mtl-text BiGRU)',
    input: [6, 9],
    ints: 5,
    layers: () => [
      tf.layers.embedding({ inputDim: 5, outputDim: 4, maskZero: true }),
      tf.layers.bidirectional({ layer: tf.layers.gru({ units: 6 }) as tf.RNN, mergeMode: 'concat' }),
    ],
  },
  {
    name: 'bidirectional(gru)',
    input: [3, 4, 2],
    layers: () => [
      tf.layers.bidirectional({
        layer: tf.layers.gru({ units: 2, returnSequences: true }) as tf.RNN,
        mergeMode: 'concat',
      }),
    ],
  },
  {
    name: 'separableConv2d',
    input: [2, 6, 6, 3],
    layers: () => [tf.layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same' })],
  },
  {
    name: 'depthwiseConv2d',
    input: [2, 7, 7, 3],
    layers: () => [tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2 })],
  },
  {
    name: 'upSampling2d (nearest)',
    // Batch 1: the cpu reference's ResizeNearestNeighborGrad is wrong for batch > 1 (wasm's is right).
    input: [1, 3, 4, 2],
    layers: () => [conv(2, 1), tf.layers.upSampling2d({ size: [2, 3] }), conv(2)],
  },
  {
    name: 'upSampling2d (bilinear)',
    // Square: the cpu reference's ResizeBilinearGrad swaps height and width on non-square images.
    input: [2, 4, 4, 2],
    layers: () => [conv(2, 1), tf.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }), conv(2)],
  },
  {
    name: 'layerNormalization',
    input: [4, 3, 5],
    layers: () => [tf.layers.dense({ units: 6 }), tf.layers.layerNormalization({})],
  },
  {
    name: 'conv1d',
    input: [3, 9, 2],
    layers: () => [tf.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' })],
  },
  {
    name: 'leakyReLU',
    input: [4, 6],
    layers: () => [tf.layers.dense({ units: 6 }), tf.layers.leakyReLU({ alpha: 0.2 }), tf.layers.dense({ units: 2 })],
  },
  {
    name: 'zeroPadding2d',
    input: [2, 4, 5, 2],
    layers: () => [
      conv(2),
      tf.layers.zeroPadding2d({
        padding: [
          [1, 2],
          [0, 1],
        ],
      }),
      conv(2, 2),
    ],
  },
  {
    name: 'cGAN discriminator block (conv2d k4 s2, batchNormalization, leakyReLU)',
    input: [2, 12, 12, 3],
    layers: () => [
      tf.layers.conv2d({ filters: 4, kernelSize: 4, strides: 2 }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({ filters: 1, kernelSize: 4, strides: 2 }),
      tf.layers.flatten(),
    ],
  },
  {
    name: 'cGAN generator block (dense, reshape, conv2dTranspose, batchNormalization)',
    input: [2, 6],
    layers: () => [
      tf.layers.dense({ units: 3 * 3 * 4 }),
      tf.layers.reshape({ targetShape: [3, 3, 4] }),
      tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.reLU(),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, activation: 'tanh' }),
    ],
  },
];

interface Values {
  shape: number[];
  values: Float32Array;
}

const read = (t: tf.Tensor): Values => ({ shape: t.shape, values: t.dataSync() as Float32Array });
const fromValues = (v: Values): tf.Tensor => tf.tensor(v.values, v.shape);

function loadWeights(model: tf.LayersModel, weights: Values[]): void {
  const tensors = weights.map(fromValues);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

function build(c: LayerCase): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: c.input.slice(1) }));
  for (const layer of c.layers()) model.add(layer);
  return model;
}

/** Seeded data and weights for case number `index`, made once (on cpu) and loaded on every backend. */
function seededProblem(c: LayerCase, index: number): { x: Values; y: Values; weights: Values[] } {
  return tf.tidy(() => {
    const model = build(c);
    const seed = 1000 * (index + 1);
    const x = c.ints
      ? tf.floor(tf.randomUniform(c.input, 0, c.ints, 'float32', seed))
      : tf.randomNormal(c.input, 0, 1, 'float32', seed);
    const y = tf.randomNormal((model.predict(x) as tf.Tensor).shape, 0, 1, 'float32', seed + 1);
    // Trainable weights N(0, 0.5²); non-trainable ones (moving statistics) keep their initial values.
    const weights = model.weights.map((w, i) =>
      read(w.trainable ? tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + 2 + i) : w.read()),
    );
    const problem = { x: read(x), y: read(y), weights };
    model.dispose();
    return problem as unknown as tf.TensorContainer;
  }) as unknown as { x: Values; y: Values; weights: Values[] };
}

interface FirstStep {
  loss: number;
  grads: Values[];
}

/** Loss and gradients of every trainable weight for one training-mode forward pass. */
async function firstStep(
  backend: Backend,
  c: LayerCase,
  problem: ReturnType<typeof seededProblem>,
): Promise<FirstStep> {
  await tf.setBackend(backend);
  const tensorsBefore = tf.memory().numTensors;
  const model = build(c);
  loadWeights(model, problem.weights);
  const result = tf.tidy(() => {
    const x = fromValues(problem.x);
    const y = fromValues(problem.y);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      variables,
    );
    return {
      loss: value.dataSync()[0],
      grads: variables.map((v) => read(grads[v.name])),
    } as unknown as tf.TensorContainer;
  }) as unknown as FirstStep;
  model.dispose();
  expect(tf.memory().numTensors, `${backend}: tensors leaked`).toBe(tensorsBefore);
  return result;
}

/** Three Adam steps with model.trainOnBatch; returns the losses and the trainable weights before and after. */
async function trainThreeSteps(c: LayerCase, problem: ReturnType<typeof seededProblem>) {
  await tf.setBackend('wasm');
  const model = build(c);
  loadWeights(model, problem.weights);
  const optimizer = tf.train.adam(0.02);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const before = model.trainableWeights.map((w) => read(w.read()));
  const x = fromValues(problem.x);
  const y = fromValues(problem.y);
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) losses.push((await model.trainOnBatch(x, y)) as number);
  const after = model.trainableWeights.map((w) => read(w.read()));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { losses, before, after };
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('training each kind of layer on wasm', () => {
  CASES.forEach((c, index) => {
    it(`${c.name}: first-step gradients match cpu; 3 Adam steps on wasm cut the loss, move all weights`, async () => {
      const problem = seededProblem(c, index);
      const want = await firstStep('cpu', c, problem);
      const got = await firstStep('wasm', c, problem);

      expect(got.grads.length).toBeGreaterThan(0);
      expect(maxError([got.loss], [want.loss]), 'loss').toBeLessThanOrEqual(TOLERANCE);
      got.grads.forEach((grad, i) => {
        expect(grad.shape).toEqual(want.grads[i].shape);
        expect(maxError(grad.values, want.grads[i].values), `gradient of weight ${i}`).toBeLessThanOrEqual(TOLERANCE);
      });
      // A layer whose gradient is identically zero would pass the comparison without training.
      expect(got.grads.some((grad) => grad.values.some((v) => v !== 0))).toBe(true);

      const { losses, before, after } = await trainThreeSteps(c, problem);
      expect(losses.every(Number.isFinite), `losses ${losses}`).toBe(true);
      expect(maxError([losses[0]], [want.loss]), 'first trainOnBatch loss vs cpu').toBeLessThanOrEqual(TOLERANCE);
      expect(losses[2], `losses ${losses}`).toBeLessThan(losses[0]);
      after.forEach((weight, i) => {
        expect(weight.values.every(Number.isFinite)).toBe(true);
        expect(maxError(weight.values, before[i].values), `trainable weight ${i} did not move`).toBeGreaterThan(0);
      });
    });
  });
});
