// The classic generator (z into the first layer), saving and loading either kind of generator, the
// demo training the classic one, and the latent-space metrics on cases with known answers.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readPng, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassicGenerator } from '../src/classic-generator.js';
import { runStyleMixingDemo } from '../src/demo.js';
import { linearSeparability, perceptualPathLength } from '../src/latent-metrics.js';
import {
  createGeneratorNetworks,
  type GeneratorConfig,
  loadGenerator,
  saveGenerator,
  type TrainedGenerator,
} from '../src/trained-generator.js';

let out = '';
beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  out = await mkdtemp(join(tmpdir(), 'stylegan-generators-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const tinyConfig = (kind: GeneratorConfig['kind']): GeneratorConfig => ({
  kind,
  zDim: 8,
  wDim: 8,
  mappingLayers: 2,
  channels: [8, 8, 4, 4],
  imageChannels: 1,
});

describe('ClassicGenerator', () => {
  it('maps z to 32x32 images through the same convolutions as the synthesis network, every weight trained', () => {
    const generator = new ClassicGenerator({ zDim: 8, channels: [8, 8, 4, 4] });
    const z = tf.randomNormal([3, 8], 0, 1, 'float32', 1);
    const images = generator.apply(z);
    expect(images.shape).toEqual([3, 32, 32, 1]);
    // dense (8 -> 4*4*8) + 1 conv at 4x4 + 2 per later block + toRGB, each with a bias.
    const shapes = generator.trainableWeights.map((w) => w.shape.join('x'));
    expect(shapes).toEqual([
      '8x128',
      '128',
      '3x3x8x8',
      '8',
      '3x3x8x8',
      '8',
      '3x3x8x8',
      '8',
      '3x3x8x4',
      '4',
      '3x3x4x4',
      '4',
      '3x3x4x4',
      '4',
      '3x3x4x4',
      '4',
      '1x1x4x1',
      '1',
    ]);
    const variables = generator.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.mean(tf.square(generator.apply(z))) as tf.Scalar, variables);
    for (const grad of Object.values(grads)) expect(tf.max(tf.abs(grad)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([z, images, ...Object.values(grads)]);
    generator.dispose();
  });

  it('refuses z of the wrong size, naming the expected shape', () => {
    const generator = new ClassicGenerator({ zDim: 8, channels: [4] });
    expect(() => generator.apply(tf.zeros([2, 5]))).toThrow('ClassicGenerator: z must be [N, 8], got [2, 5]');
    generator.dispose();
  });
});

describe('saveGenerator and loadGenerator', () => {
  it('round-trip the classic generator exactly', async () => {
    const config = tinyConfig('classic');
    const networks = createGeneratorNetworks(config);
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 3) as tf.Tensor2D;
    const before = (networks.classic as ClassicGenerator).apply(z);
    await saveGenerator(join(out, 'classic'), config, networks, { info: { steps: 0 } });
    const loaded = await loadGenerator(join(out, 'classic'));
    const after = loaded.synthesize(loaded.latent(z));
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    expect(loaded.config).toEqual(config);
    expect(loaded.info).toEqual({ steps: 0 });
    expect(() => loaded.mix(z, z, 2)).toThrow('no styles to mix');
    tf.dispose([z, before, after]);
    loaded.dispose();
    networks.classic?.dispose();
  });

  it('round-trip the style-based generator: the same w, the same images for the same noise seed', async () => {
    const config = tinyConfig('style');
    const networks = createGeneratorNetworks(config);
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 4) as tf.Tensor2D;
    const w = networks.mapping?.apply(z) as tf.Tensor;
    const wAverage = tf.ones([8]);
    await saveGenerator(join(out, 'style'), config, networks, { wAverage });
    const [a, b] = [await loadGenerator(join(out, 'style')), await loadGenerator(join(out, 'style'))];
    const wLoaded = a.latent(z);
    expect(Array.from(wLoaded.dataSync())).toEqual(Array.from(w.dataSync()));
    const imagesA = a.synthesize(wLoaded, { noiseSeed: 5, psi: 0.7 });
    const imagesB = b.synthesize(b.latent(z), { noiseSeed: 5, psi: 0.7 });
    expect(imagesA.shape).toEqual([2, 32, 32, 1]);
    expect(Array.from(imagesA.dataSync())).toEqual(Array.from(imagesB.dataSync()));
    // Mixing at crossover 8 (all layers from the coarse source) is plain synthesis.
    const mixed = a.mix(wLoaded, tf.zerosLike(wLoaded) as tf.Tensor2D, 8, { noiseSeed: 5, psi: 0.7 });
    expect(Array.from(mixed.dataSync())).toEqual(Array.from(imagesA.dataSync()));
    tf.dispose([z, w, wAverage, wLoaded, imagesA, imagesB, mixed]);
    a.dispose();
    b.dispose();
    networks.mapping?.dispose();
  });

  it('names the file when a directory holds no generator', async () => {
    await expect(loadGenerator(join(out, 'missing'))).rejects.toThrow(
      `cannot read ${join(out, 'missing', 'generator.json')}`,
    );
  });
});

it('the demo trains the classic generator with the same loop and saves it (samples only, no style mixing)', async () => {
  const dir = join(out, 'demo-classic');
  const result = await runStyleMixingDemo({
    generator: 'classic',
    saveGenerator: true,
    steps: 2,
    batchSize: 4,
    out: dir,
    zDim: 8,
    channels: [8, 8, 4, 4],
    discriminatorChannels: 4,
    trainLimit: 16,
    progress: false,
  });
  expect(result.generator).toBe('classic');
  expect(Number.isFinite(result.dLoss) && Number.isFinite(result.gLoss)).toBe(true);
  expect(existsSync(result.styleMixingPath)).toBe(false);
  expect((await readPng(result.samplesPath)).width).toBe(8 * 32 + 9 * 2);
  const loaded = await loadGenerator(result.generatorDirectory as string);
  expect(loaded.config.kind).toBe('classic');
  expect(loaded.info).toMatchObject({ steps: 2 });
  loaded.dispose();
}, 30_000);

describe('perceptualPathLength', () => {
  // A "generator" whose image is its latent and whose latent is z: every step of a lerp in W moves the
  // image by epsilon (w2 - w1), so the path length is E||w2 - w1||^2 = 2 zDim for z ~ N(0, I).
  const identity = (kind: 'style' | 'classic'): TrainedGenerator => ({
    config: { ...tinyConfig(kind), zDim: 16 },
    info: {},
    parameterCount: 0,
    latent: (z) => tf.clone(z),
    synthesize: (latent) => tf.reshape(latent, [latent.shape[0], 4, 4, 1]) as tf.Tensor4D,
    mix: () => {
      throw new Error('unused');
    },
    dispose: () => {},
  });
  const flatten = (images: tf.Tensor4D) => tf.reshape(images, [images.shape[0], -1]) as tf.Tensor2D;

  it('is E||w2 - w1||^2 for a linear generator in W', () => {
    const result = perceptualPathLength(identity('style'), flatten, { samples: 2000, batchSize: 500 });
    expect(result.space).toBe('w');
    expect(result.samples).toBe(2000);
    // 2 * 16 = 32 in expectation; the 1% trimming at both ends keeps it close.
    expect(result.mean).toBeGreaterThan(29);
    expect(result.mean).toBeLessThan(35);
  });

  it('slerps on the unit sphere in Z: the path length of a unit-sphere step is the squared angle', () => {
    const result = perceptualPathLength(identity('classic'), flatten, { samples: 1000, epsilon: 1e-3 });
    expect(result.space).toBe('z');
    // Two random directions in 16 dimensions are about pi/2 apart: (pi/2)^2 = 2.47.
    expect(result.median).toBeGreaterThan(1.8);
    expect(result.median).toBeLessThan(3.2);
    // The style-based generator measured in Z: slerp between inputs, then its mapping (here the identity).
    const inZ = perceptualPathLength(identity('style'), flatten, { samples: 1000, epsilon: 1e-3, space: 'z' });
    expect(inZ.space).toBe('z');
    expect(inZ.median).toBeCloseTo(result.median, 5);
  });
});

describe('linearSeparability', () => {
  it('is near 1 when the label is the argmax of the first latent dimensions, near chance when it is random', () => {
    const n = 1200;
    const latents = tf.randomNormal([n, 8], 0, 1, 'float32', 7) as tf.Tensor2D;
    const values = latents.arraySync();
    const linear = values.map((row) => row.slice(0, 3).indexOf(Math.max(...row.slice(0, 3))));
    const random = values.map((_, i) => (i * 7919) % 3);
    const separable = linearSeparability(latents, linear, { seed: 1 });
    const mixed = linearSeparability(latents, random, { seed: 1 });
    expect(separable.testRows).toBe(600);
    expect(separable.accuracy).toBeGreaterThan(0.9);
    expect(separable.crossEntropy).toBeLessThan(0.35);
    expect(mixed.accuracy).toBeLessThan(0.45);
    expect(mixed.crossEntropy).toBeGreaterThan(1.0);
    latents.dispose();
  });
});
