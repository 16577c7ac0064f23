// Shapes, initialisation conventions, error messages and serialisation of the blocks.
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaIN,
  adaIN,
  ConstantInput,
  chooseCrossover,
  createMappingNetwork,
  EqualizedDense,
  mixStyles,
  NoiseInjection,
  PixelNorm,
  StyleAffine,
  SynthesisNetwork,
  truncate,
  upsampleNearest,
  WAverage,
} from './index.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

const std = (x: tf.Tensor) => Math.sqrt(tf.moments(x).variance.dataSync()[0]);

describe('adaIN', () => {
  it('gives each sample and channel mean yB and std |yS| over the spatial axes', () => {
    const x = tf.randomNormal([2, 5, 6, 3], 3, 2, 'float32', 1);
    const yS = tf.tensor2d([
      [1, 2, 0.5],
      [3, 1, 1],
    ]);
    const yB = tf.tensor2d([
      [0, -1, 4],
      [2, 0, 1],
    ]);
    const { mean, variance } = tf.moments(adaIN(x, yS, yB), [1, 2]);
    expect(Array.from(mean.dataSync())).toEqual(Array.from(yB.dataSync()).map((v) => expect.closeTo(v, 4)));
    expect(Array.from(tf.sqrt(variance).dataSync())).toEqual(
      Array.from(yS.dataSync()).map((v) => expect.closeTo(v, 3)),
    );
  });

  it('names the argument and the expected shape on bad input', () => {
    const x = tf.zeros([2, 4, 4, 3]);
    expect(() => adaIN(x, tf.zeros([3, 3]), tf.zeros([2, 3]))).toThrow(/yS must be \[N, C\] = \[2, 3\].*got \[3, 3\]/);
    expect(() => adaIN(x, tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(/yB must be \[N, C\] = \[2, 3\].*got \[2, 4\]/);
    expect(() => adaIN(tf.zeros([2, 4, 3]), tf.zeros([2, 3]), tf.zeros([2, 3]))).toThrow(/x must be \[N, H, W, C\]/);
    expect(() => adaIN(x, tf.zeros([2, 3, 1]), tf.zeros([2, 3]))).toThrow(/yS must be/);
  });

  it('works as a layer on [x, yS, yB]', () => {
    const out = new AdaIN({ epsilon: 1e-5 }).apply([tf.ones([1, 2, 2, 2]), tf.ones([1, 2]), tf.ones([1, 2])]);
    expect(Array.from((out as tf.Tensor).dataSync())).toEqual(new Array(8).fill(1));
  });
});

describe('equalised learning rate', () => {
  it('stores weights N(0, 1/lrMul) and scales by gain / sqrt(fanIn) * lrMul at runtime', () => {
    tf.setBackend('wasm');
    const layer = new EqualizedDense({ units: 64, lrMul: 0.01 });
    const x = tf.randomNormal([256, 128], 0, 1, 'float32', 3);
    const y = layer.apply(x) as tf.Tensor;
    expect(std(layer.getWeights()[0])).toBeCloseTo(100, -1);
    // output std = gain * std(x) = sqrt(2) (runtime weights have std gain / sqrt(fanIn)).
    expect(std(y)).toBeCloseTo(Math.SQRT2, 1);
  });

  it('serialises through getConfig and registerClass', () => {
    const model = createMappingNetwork({ zDim: 4, hiddenDim: 6, wDim: 3, numLayers: 2 });
    const copy = tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as tf.io.ModelJSON);
    return copy.then((m) => {
      m.setWeights(model.getWeights());
      const z = tf.randomNormal([2, 4]);
      const a = (model.predict(z) as tf.Tensor).dataSync();
      const b = (m.predict(z) as tf.Tensor).dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(m.layers.map((l) => l.getClassName())).toContain('StyleGanEqualizedDense');
    });
  });
});

describe('mapping network', () => {
  it('is PixelNorm then 8 x (EqualizedDense, LeakyReLU 0.2) with lrMul 0.01 and width 512 by default', () => {
    const model = createMappingNetwork();
    const kinds = model.layers.map((l) => l.getClassName()).filter((k) => k !== 'InputLayer');
    expect(kinds.slice(0, 3)).toEqual(['StyleGanPixelNorm', 'StyleGanEqualizedDense', 'LeakyReLU']);
    expect(model.layers.find((l) => l instanceof PixelNorm)).toBeDefined();
    const dense = model.layers.filter((l) => l instanceof EqualizedDense) as EqualizedDense[];
    expect(dense).toHaveLength(8);
    expect(dense.every((d) => d.units === 512 && d.lrMul === 0.01 && d.gain === Math.SQRT2)).toBe(true);
    expect(model.outputs[0].shape).toEqual([null, 512]);
  });
});

describe('style affine A', () => {
  it('starts with scale bias 1 and shift bias 0, so yS averages 1 and yB 0', () => {
    const layer = new StyleAffine({ channels: 32 });
    const [yS, yB] = layer.apply(tf.randomNormal([512, 16], 0, 1, 'float32', 5)) as tf.Tensor[];
    expect(yS.shape).toEqual([512, 32]);
    const bias = layer.getWeights()[1].dataSync();
    expect(Array.from(bias.slice(0, 32))).toEqual(new Array(32).fill(1));
    expect(Array.from(bias.slice(32))).toEqual(new Array(32).fill(0));
    expect(tf.mean(yS).dataSync()[0]).toBeCloseTo(1, 1);
    expect(tf.mean(yB).dataSync()[0]).toBeCloseTo(0, 1);
  });
});

describe('noise injection B', () => {
  it('starts as the identity (scale 0), and seeded noise is reproducible', () => {
    const x = tf.randomNormal([2, 4, 4, 3]);
    const layer = new NoiseInjection({ seed: 1 });
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    layer.setWeights([tf.tensor1d([1, 2, 3])]);
    const a = new NoiseInjection({ seed: 9 });
    const b = new NoiseInjection({ seed: 9 });
    a.build(x.shape);
    b.build(x.shape);
    a.setWeights([tf.tensor1d([1, 2, 3])]);
    b.setWeights([tf.tensor1d([1, 2, 3])]);
    const first = a.apply(x) as tf.Tensor;
    expect(Array.from((b.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(first.dataSync()));
    const diff = tf.sub(first, x);
    // One noise image broadcast over channels, scaled per channel (1, 2, 3).
    const d = diff.arraySync() as number[][][][];
    expect(d[0][1][2][2]).toBeCloseTo(3 * d[0][1][2][0], 5);
    expect(() => layer.apply([x, tf.zeros([2, 4, 4, 3])])).toThrow(/noise must be \[N, H, W, 1\] = \[2, 4, 4, 1\]/);
  });
});

describe('synthesis network', () => {
  it('goes from the learned 4x4 constant to 32x32 with one style per AdaIN layer', () => {
    const net = new SynthesisNetwork({ channels: [8, 8, 4, 4], seed: 0 });
    expect(net.numLayers).toBe(8);
    expect(net.resolution).toBe(32);
    const images = net.apply(tf.randomNormal([2, 8, 16]));
    expect(images.shape).toEqual([2, 32, 32, 1]);
    expect(net.blocks[0].constant).toBeInstanceOf(ConstantInput);
    expect(() => net.apply(tf.zeros([2, 7, 16]))).toThrow(/ws must be \[N, 8, wDim\]/);
  });

  it('upsamples by nearest neighbour', () => {
    const up = upsampleNearest(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]));
    expect(Array.from(up.dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });
});

describe('style mixing and truncation', () => {
  it('draws the crossover uniformly in [1, numLayers) with probability p', () => {
    const rng = new Rng(0);
    const counts = new Array(9).fill(0);
    for (let i = 0; i < 4000; i++) counts[chooseCrossover(8, { probability: 0.9, rng })] += 1;
    expect(counts[0]).toBe(0);
    expect(counts[8] / 4000).toBeCloseTo(0.1, 1);
    for (let c = 1; c < 8; c++) expect(counts[c] / 4000).toBeCloseTo(0.9 / 7, 1);
    expect(chooseCrossover(8, { probability: 0, rng })).toBe(8);
  });

  it('mixes two ws at the crossover, or broadcasts one', () => {
    const w1 = tf.ones([2, 3]);
    const w2 = tf.zeros([2, 3]);
    const mixed = mixStyles([w1, w2], 4, { crossover: 3 }).arraySync();
    expect(mixed[1].map((row) => row[0])).toEqual([1, 1, 1, 0]);
    expect(mixStyles([w1], 4).shape).toEqual([2, 4, 3]);
    const always = mixStyles([w1, w2], 4, { probability: 1, rng: new Rng(1) }).arraySync();
    expect(always[0][0][0]).toBe(1);
    expect(always[0][3][0]).toBe(0);
    expect(() => mixStyles([w1, tf.zeros([3, 3])], 4)).toThrow(/ws\[1\] must be \[N, wDim\] = \[2, 3\]/);
  });

  it('truncates layers before the cutoff towards the tracked average', () => {
    const avg = new WAverage(2);
    avg.update(tf.tensor2d([[2, 4]]), 0.5);
    expect(Array.from(avg.value.dataSync())).toEqual([1, 2]);
    const w = tf.tile(tf.tensor3d([[[3, 6]]]), [1, 3, 1]);
    const out = truncate(w, avg.value, 0.5, 2).arraySync() as number[][][];
    expect(out[0]).toEqual([
      [2, 4],
      [2, 4],
      [3, 6],
    ]);
    expect(() => truncate(w, tf.zeros([3]))).toThrow(/wAvg must be \[wDim\] = \[2\]/);
  });
});
