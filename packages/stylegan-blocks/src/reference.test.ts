// Number-for-number agreement with PyTorch: fixtures/stylegan-fixtures.json is written by
// fixtures/make-fixtures.py (float64 maths on float32 inputs); we agree to 1e-5 relative.
import { readFileSync } from 'node:fs';
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adaIN,
  createMappingNetwork,
  EqualizedConv2d,
  EqualizedDense,
  mixStyles,
  NoiseInjection,
  pixelNorm,
  StyleAffine,
  truncate,
  WAverage,
} from './index.js';

interface Stored {
  shape: number[];
  data: number[];
}

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
const fixtures: Record<string, any> = JSON.parse(
  readFileSync(new URL('../test/fixtures/stylegan-fixtures.json', import.meta.url), 'utf8'),
);

const t = (s: Stored) => tf.tensor(s.data, s.shape, 'float32');

/** |actual - expected| <= 1e-5 * (|expected| + 1e-2 * max|expected|), elementwise (float32). */
function expectClose(actual: tf.Tensor, expected: Stored): void {
  expect(actual.shape).toEqual(expected.shape);
  const got = actual.dataSync();
  const scale = Math.max(...expected.data.map(Math.abs));
  let worst = 0;
  expected.data.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(got[i] - e) / (Math.abs(e) + 1e-2 * scale));
  });
  expect(worst).toBeLessThan(1e-5);
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('agreement with the PyTorch reference', () => {
  it('pixelNorm', () => {
    const f = fixtures.pixelNorm;
    expectClose(pixelNorm(t(f.x), f.epsilon), f.expected);
  });

  it('adaIN, for two epsilons', () => {
    for (const f of fixtures.adaIN) expectClose(adaIN(t(f.x), t(f.yS), t(f.yB), f.epsilon), f.expected);
  });

  it('EqualizedDense with lrMul 0.01', () => {
    const f = fixtures.equalizedDense;
    const layer = new EqualizedDense({ units: f.kernel.shape[1], gain: f.gain, lrMul: f.lrMul });
    layer.build(f.x.shape);
    layer.setWeights([t(f.kernel), t(f.bias)]);
    expectClose(layer.apply(t(f.x)) as tf.Tensor, f.expected);
  });

  it('EqualizedConv2d', () => {
    const f = fixtures.equalizedConv2d;
    const layer = new EqualizedConv2d({ filters: f.kernel.shape[3], kernelSize: f.kernel.shape[0], gain: f.gain });
    layer.build(f.x.shape);
    layer.setWeights([t(f.kernel), t(f.bias)]);
    expectClose(layer.apply(t(f.x)) as tf.Tensor, f.expected);
  });

  it('the mapping network with given weights', () => {
    const f = fixtures.mappingNetwork;
    const model = createMappingNetwork({
      zDim: f.zDim,
      hiddenDim: f.hiddenDim,
      wDim: f.wDim,
      numLayers: f.numLayers,
      lrMul: f.lrMul,
    });
    model.setWeights(f.weights.flatMap((w: { kernel: Stored; bias: Stored }) => [t(w.kernel), t(w.bias)]));
    expectClose(model.predict(t(f.z)) as tf.Tensor, f.expected);
  });

  it('the style affine A', () => {
    const f = fixtures.styleAffine;
    const layer = new StyleAffine({ channels: f.channels });
    layer.build(f.w.shape);
    layer.setWeights([t(f.kernel), t(f.bias)]);
    const [yS, yB] = layer.apply(t(f.w)) as tf.Tensor[];
    expectClose(yS, f.yS);
    expectClose(yB, f.yB);
  });

  it('noise injection with explicit noise', () => {
    const f = fixtures.noiseInjection;
    const layer = new NoiseInjection();
    layer.build(f.x.shape);
    layer.setWeights([t(f.strength)]);
    expectClose(layer.apply([t(f.x), t(f.noise)]) as tf.Tensor, f.expected);
  });

  it('style mixing with a given crossover', () => {
    const f = fixtures.mixStyles;
    expectClose(mixStyles([t(f.w1), t(f.w2)], f.numLayers, { crossover: f.crossover }), f.expected);
  });

  it('truncation', () => {
    const f = fixtures.truncate;
    expectClose(truncate(t(f.w), t(f.wAvg), f.psi, f.cutoff), f.expected);
  });

  it('the tracked average of w', () => {
    const f = fixtures.wAverage;
    const avg = new WAverage(f.batches[0].shape[1]);
    f.batches.forEach((batch: Stored, i: number) => {
      avg.update(t(batch), f.beta);
      expectClose(avg.value, f.expected[i]);
    });
    avg.dispose();
  });
});
