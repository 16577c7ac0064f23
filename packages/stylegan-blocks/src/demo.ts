// Homework question 4's demo: a small StyleGAN-style generator (mapping network + SynthesisNetwork)
// trained on MNIST padded to 32x32 with the non-saturating logistic loss and style mixing
// regularisation, then the paper's style-mixing figure: rows take their coarse styles from source A,
// columns give the remaining (finer) styles from source B.
import { join } from 'node:path';
import {
  createProgress,
  loadMnist,
  mnistToTensors,
  optimizerStep,
  Rng,
  seedEverything,
  tf,
  trainLoop,
  writeImageGrid,
} from '@hw7/tensor-utils';
import { r1Penalty } from './r1-penalty.js';
import { mixStyles } from './style-mixing.js';
import type { BlockNoise } from './synthesis-block.js';
import type { SynthesisNetwork } from './synthesis-network.js';
import {
  createGeneratorNetworks,
  type GeneratorConfig,
  type GeneratorKind,
  saveGenerator,
} from './trained-generator.js';
import { truncate } from './truncation.js';
import { assertPositiveInteger, assertProbability } from './validation.js';
import { WAverage } from './w-average.js';

export interface StyleMixingDemoOptions {
  /** Training steps (one discriminator + one generator update each); default 300. */
  steps?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds tfjs, the batches, the latents and the noise; default 0. */
  seed?: number;
  /** Output directory for style-mixing.png and samples.png; default 'out/stylegan-demo'. */
  out?: string;
  /** Size of z; default 64. */
  zDim?: number;
  /** Size of w (and of the mapping network's hidden layers); default 64. */
  wDim?: number;
  /** Dense layers of the mapping network; default 4 (the paper uses 8; 4 is faster and enough for MNIST). */
  mappingLayers?: number;
  /** Channels of the 4x4, 8x8, 16x16, 32x32 synthesis blocks; default [64, 64, 32, 16]. */
  channels?: number[];
  /** Base width of the discriminator (doubled after each stride-2 conv); default 32. */
  discriminatorChannels?: number;
  /** Probability of style mixing during training; default 0.9. */
  mixingProbability?: number;
  /** Adam learning rate of the generator (mapping + synthesis); default 1e-3. */
  learningRate?: number;
  /** Adam learning rate of the discriminator; default: the generator's. */
  discriminatorLearningRate?: number;
  /** Discriminator kernel initialiser: 'normal' (N(0, 0.02), the default) or 'glorot' (tfjs's default). */
  discriminatorInit?: 'glorot' | 'normal';
  /**
   * R1 gradient penalty weight gamma (StyleGAN: gamma / 2 * E||grad_x D(x_real)||^2); default 5, 0 = off.
   * It keeps the discriminator from overpowering the generator early on.
   */
  r1Gamma?: number;
  /** Lazy regularisation: apply R1 every this many steps, scaled by the interval (StyleGAN2); default 4. */
  r1Interval?: number;
  /** Adam beta1, beta2; default [0, 0.99] as in StyleGAN. */
  betas?: [number, number];
  /** In the figure, layers < crossover (coarse: 4x4 and 8x8 by default, i.e. 4) take source A's w. */
  crossover?: number;
  /** Rows (A sources) and columns (B sources) of the figure; default 6 and 6. */
  rows?: number;
  columns?: number;
  /** Truncation psi applied to every layer of the figure's and the samples' latents; default 0.7 (1 = off). */
  psi?: number;
  /** Write the pictures every this many steps as well as at the end; default 100 (0 = only at the end). */
  snapshotEvery?: number;
  /** MNIST training images used; default 20000. */
  trainLimit?: number;
  /** Show a progress bar on stderr; default true. */
  progress?: boolean;
  /** Stops training after the current step (the call then rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * 'style' (default): mapping network + SynthesisNetwork; 'classic': the same convolutions fed z
   * directly (ClassicGenerator), trained identically, for comparisons (no style-mixing figure).
   */
  generator?: GeneratorKind;
  /** Save the trained generator into `out/generator/` (loadGenerator reads it). */
  saveGenerator?: boolean;
}

export interface StyleMixingDemoResult {
  steps: number;
  /** Mean wall-clock seconds per training step (D + G update), excluding the pictures. */
  secondsPerStep: number;
  dLoss: number;
  gLoss: number;
  styleMixingPath: string;
  samplesPath: string;
  /** tf.memory().numTensors after each training step (constant when nothing leaks across steps). */
  tensorsAfterStep: number[];
  /** Where the generator was saved (with `saveGenerator`). */
  generatorDirectory?: string;
  /** The style-mixing figure is drawn for the style-based generator only. */
  generator: GeneratorKind;
}

/**
 * The demo's discriminator: three 3x3 stride-2 convolutions (`base`, 2 `base`, 4 `base` filters) with
 * LeakyReLU 0.2 on 32x32x1 images, then dense 1 (a logit). `init` 'normal' draws kernels from
 * N(0, 0.02) seeded from `seed`; 'glorot' keeps TensorFlow.js' default.
 */
export function createDemoDiscriminator(base: number, init: 'glorot' | 'normal' = 'glorot', seed = 0): tf.Sequential {
  const layers: tf.layers.Layer[] = [];
  let initSeed = seed;
  const kernel = () => {
    initSeed += 1;
    return init === 'normal'
      ? { kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: initSeed }) }
      : {};
  };
  [base, 2 * base, 4 * base].forEach((filters, i) => {
    layers.push(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [32, 32, 1] } : {}),
        filters,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        ...kernel(),
      }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
    );
  });
  layers.push(tf.layers.flatten(), tf.layers.dense({ units: 1, ...kernel() }));
  return tf.sequential({ name: 'discriminator', layers });
}

/** The demo's settings with every default filled in, checked. */
function resolveSettings(options: StyleMixingDemoOptions) {
  const context = 'runStyleMixingDemo';
  const learningRate = options.learningRate ?? 1e-3;
  const channels = options.channels ?? [64, 64, 32, 16];
  const settings = {
    steps: options.steps ?? 300,
    batchSize: options.batchSize ?? 32,
    seed: options.seed ?? 0,
    out: options.out ?? 'out/stylegan-demo',
    zDim: options.zDim ?? 64,
    wDim: options.wDim ?? 64,
    mappingLayers: options.mappingLayers ?? 4,
    channels,
    discriminatorChannels: options.discriminatorChannels ?? 32,
    discriminatorInit: options.discriminatorInit ?? 'normal',
    mixingProbability: options.mixingProbability ?? 0.9,
    learningRate,
    discriminatorLearningRate: options.discriminatorLearningRate ?? learningRate,
    betas: options.betas ?? [0, 0.99],
    rows: options.rows ?? 6,
    columns: options.columns ?? 6,
    psi: options.psi ?? 0.7,
    snapshotEvery: options.snapshotEvery ?? 100,
    r1Gamma: options.r1Gamma ?? 5,
    r1Interval: options.r1Interval ?? 4,
    crossover: options.crossover ?? 4,
    trainLimit: options.trainLimit ?? 20000,
    numLayers: 2 * channels.length,
    generator: options.generator ?? 'style',
  };
  if (typeof settings.r1Gamma !== 'number' || !(settings.r1Gamma >= 0)) {
    throw new RangeError(`${context}: r1Gamma must be a number >= 0, got ${String(settings.r1Gamma)}`);
  }
  for (const name of ['r1Interval', 'steps', 'batchSize', 'rows', 'columns'] as const) {
    assertPositiveInteger(`${context} ${name}`, settings[name]);
  }
  assertProbability(`${context} mixingProbability`, settings.mixingProbability);
  if (channels.length !== 4) {
    throw new Error(`${context}: channels must list 4 blocks (4x4 to 32x32), got ${channels.length}`);
  }
  const { crossover, numLayers } = settings;
  if (!Number.isInteger(crossover) || crossover < 1 || crossover >= numLayers) {
    throw new Error(`${context}: crossover must be an integer in [1, ${numLayers - 1}], got ${crossover}`);
  }
  return settings;
}

type DemoSettings = ReturnType<typeof resolveSettings>;

/** What `loadGenerator` needs to rebuild the demo's generator. */
function generatorConfig(settings: DemoSettings): GeneratorConfig {
  const { generator: kind, zDim, wDim, mappingLayers, channels } = settings;
  return { kind, zDim, wDim, mappingLayers, channels, imageChannels: 1 };
}

/** MNIST padded from 28x28 to 32x32 with the background value -1, in [-1, 1]. */
async function loadPaddedMnist(limit: number): Promise<tf.Tensor4D> {
  const mnist = await loadMnist({ split: 'train', limit });
  return tf.tidy(() => {
    const { x, y } = mnistToTensors(mnist, { range: [-1, 1] });
    y.dispose();
    const padding: [number, number][] = [
      [0, 0],
      [2, 2],
      [2, 2],
      [0, 0],
    ];
    return tf.pad(x, padding, -1) as tf.Tensor4D;
  });
}

/** Fixed latents and noise for the pictures, so the snapshots are comparable. */
function pictureInputs({ rows, columns, zDim, seed, channels }: DemoSettings) {
  return tf.tidy(() => {
    const noiseFor = (n: number, offset: number): BlockNoise[] =>
      channels.map((_, i) => {
        const size = 4 * 2 ** i;
        const one = (k: number) =>
          tf.tile(tf.randomNormal([1, size, size, 1], 0, 1, 'float32', offset + 2 * i + k), [
            n,
            1,
            1,
            1,
          ]) as tf.Tensor4D;
        return [one(0), one(1)];
      });
    return {
      zA: tf.randomNormal([rows, zDim], 0, 1, 'float32', seed + 101),
      zB: tf.randomNormal([columns, zDim], 0, 1, 'float32', seed + 202),
      zSamples: tf.randomNormal([64, zDim], 0, 1, 'float32', seed + 303),
      noiseGrid: noiseFor(rows * columns, seed + 404),
      noiseA: noiseFor(rows, seed + 404),
      noiseB: noiseFor(columns, seed + 404),
      noiseSamples: noiseFor(64, seed + 505),
    };
  });
}

/**
 * Set-up: the seeded data, networks, optimizers and picture inputs, and the generator's forward pass
 * with style mixing regularisation. `dispose()` frees them all.
 */
async function setUpDemo(settings: DemoSettings) {
  const { seed, zDim, wDim, numLayers, batchSize, mixingProbability } = settings;
  seedEverything(seed);
  const rng = new Rng(seed);
  const data = await loadPaddedMnist(settings.trainLimit);
  const networks = createGeneratorNetworks(generatorConfig(settings), seed * 1000 + 1);
  // Either `classic`, or `mapping` with `synthesis` (undefined for the classic generator).
  const { classic } = networks;
  const mapping = networks.mapping as tf.Sequential;
  const synthesis = networks.synthesis as SynthesisNetwork;
  const discriminator = createDemoDiscriminator(
    settings.discriminatorChannels,
    settings.discriminatorInit,
    seed * 1000 + 500,
  );
  const wAvg = new WAverage(wDim);
  const [beta1, beta2] = settings.betas;
  const optimizerG = tf.train.adam(settings.learningRate, beta1, beta2, 1e-8);
  const optimizerD = tf.train.adam(settings.discriminatorLearningRate, beta1, beta2, 1e-8);
  let tfSeed = seed * 1_000_003 + 7;
  const latent = (n: number) => tf.randomNormal([n, zDim], 0, 1, 'float32', ++tfSeed);
  /** Generator forward pass with style mixing regularisation (a fresh crossover per call). */
  const generate = (n: number): { w1?: tf.Tensor; images: tf.Tensor } => {
    if (classic) return { images: classic.apply(latent(n)) };
    const w1 = mapping.apply(latent(n)) as tf.Tensor;
    const w2 = mapping.apply(latent(n)) as tf.Tensor;
    return { w1, images: synthesis.apply(mixStyles([w1, w2], numLayers, { probability: mixingProbability, rng })) };
  };
  const realBatch = () => {
    const indices = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) indices[i] = Math.floor(rng.next() * data.shape[0]);
    return tf.gather(data, tf.tensor1d(indices, 'int32'));
  };
  // Builds every layer once so that the variable lists are complete.
  tf.tidy(() => {
    discriminator.apply(generate(1).images);
  });
  const gWeights = classic ? classic.trainableWeights : [...mapping.trainableWeights, ...synthesis.trainableWeights];
  const gVars = gWeights.map((w) => w.read() as tf.Variable);
  const dVars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const pictures = pictureInputs(settings);
  const dispose = () => {
    tf.dispose([pictures.zA, pictures.zB, pictures.zSamples]);
    tf.dispose([pictures.noiseGrid, pictures.noiseA, pictures.noiseB, pictures.noiseSamples].flat(2));
    for (const disposable of [data, wAvg, optimizerG, optimizerD, discriminator]) disposable.dispose();
    // Standalone layers: dispose their variables directly.
    if (classic) classic.dispose();
    else {
      mapping.dispose();
      for (const layer of synthesis.layers) for (const weight of layer.weights) weight.dispose();
    }
  };
  return {
    networks,
    discriminator,
    wAvg,
    optimizerG,
    optimizerD,
    generate,
    realBatch,
    gVars,
    dVars,
    pictures,
    dispose,
  };
}

type DemoModels = Awaited<ReturnType<typeof setUpDemo>>;

/**
 * One training step: the discriminator's softplus(D(fake)) + softplus(-D(real)) (StyleGAN's
 * D_logistic) plus the lazy R1 penalty, then the generator's non-saturating softplus(-D(G(z)))
 * (G_logistic_nonsaturating), then the tracked average of w.
 */
async function styleMixingStep(models: DemoModels, settings: DemoSettings, step: number) {
  const { discriminator, generate, realBatch, wAvg } = models;
  const { batchSize, r1Gamma, r1Interval } = settings;
  const fake = tf.tidy(() => generate(batchSize).images);
  const applyR1 = r1Gamma > 0 && step % r1Interval === 0;
  const { loss: dLoss } = await optimizerStep(
    models.optimizerD,
    () => {
      const real = realBatch();
      const realScores = discriminator.apply(real) as tf.Tensor;
      const fakeScores = discriminator.apply(fake) as tf.Tensor;
      const loss = tf.add(tf.mean(tf.softplus(fakeScores)), tf.mean(tf.softplus(tf.neg(realScores))));
      if (!applyR1) return loss as tf.Scalar;
      const penalty = r1Penalty((x) => discriminator.apply(x) as tf.Tensor, real as tf.Tensor4D, r1Gamma);
      return tf.add(loss, tf.mul(penalty, r1Interval)) as tf.Scalar;
    },
    models.dVars,
  );
  fake.dispose();
  let wForAverage: tf.Tensor | undefined;
  const { loss: gLoss } = await optimizerStep(
    models.optimizerG,
    () => {
      const { w1, images } = generate(batchSize);
      wForAverage?.dispose();
      wForAverage = w1 ? tf.keep(tf.clone(w1)) : undefined;
      return tf.mean(tf.softplus(tf.neg(discriminator.apply(images) as tf.Tensor))) as tf.Scalar;
    },
    models.gVars,
  );
  if (wForAverage) {
    wAvg.update(wForAverage);
    wForAverage.dispose();
  }
  return { dLoss, gLoss };
}

/**
 * Snapshot: `style-mixing.png` (cell (i, j): layers < crossover from A_i, the rest from B_j; the
 * first row holds the B images, the first column the A images) and `samples.png` (64 samples), every
 * w truncated with psi.
 */
async function writePictures(models: DemoModels, settings: DemoSettings, paths: { grid: string; samples: string }) {
  const { wAvg, pictures } = models;
  const { classic } = models.networks;
  const mapping = models.networks.mapping as tf.Sequential;
  const synthesis = models.networks.synthesis as SynthesisNetwork;
  const { rows, columns, wDim, numLayers, psi, crossover } = settings;
  if (classic) {
    const samples = tf.tidy(() => tf.clipByValue(classic.apply(pictures.zSamples), -1, 1) as tf.Tensor4D);
    try {
      await writeImageGrid(paths.samples, samples, { columns: 8, range: [-1, 1], padding: 2 });
    } finally {
      samples.dispose();
    }
    return;
  }
  const { grid, samples } = tf.tidy(() => {
    const w = (z: tf.Tensor) => {
      const raw = mapping.apply(z) as tf.Tensor;
      return psi === 1 ? raw : truncate(raw, wAvg.value, psi);
    };
    const wA = w(pictures.zA);
    const wB = w(pictures.zB);
    const imagesA = synthesis.apply(mixStyles([wA], numLayers), pictures.noiseA);
    const imagesB = synthesis.apply(mixStyles([wB], numLayers), pictures.noiseB);
    const wACells = tf.reshape(tf.tile(tf.reshape(wA, [rows, 1, wDim]), [1, columns, 1]), [rows * columns, wDim]);
    const wBCells = tf.tile(wB, [rows, 1]);
    const mixed = synthesis.apply(mixStyles([wACells, wBCells], numLayers, { crossover }), pictures.noiseGrid);
    const tiles: tf.Tensor[] = [tf.fill([1, 32, 32, 1], -1), imagesB];
    for (let i = 0; i < rows; i++) {
      tiles.push(tf.slice(imagesA, [i, 0, 0, 0], [1, -1, -1, -1]));
      tiles.push(tf.slice(mixed, [i * columns, 0, 0, 0], [columns, -1, -1, -1]));
    }
    const toImage = (t: tf.Tensor) => tf.clipByValue(t, -1, 1);
    const sampleW = w(pictures.zSamples);
    return {
      grid: toImage(tf.concat(tiles, 0)) as tf.Tensor4D,
      samples: toImage(synthesis.apply(mixStyles([sampleW], numLayers), pictures.noiseSamples)) as tf.Tensor4D,
    };
  });
  try {
    await writeImageGrid(paths.grid, grid, { columns: columns + 1, range: [-1, 1], padding: 2 });
    await writeImageGrid(paths.samples, samples, { columns: 8, range: [-1, 1], padding: 2 });
  } finally {
    grid.dispose();
    samples.dispose();
  }
}

/** Trains the small generator and writes `style-mixing.png` and `samples.png` into `out`. */
export async function runStyleMixingDemo(options: StyleMixingDemoOptions = {}): Promise<StyleMixingDemoResult> {
  const settings = resolveSettings(options);
  const { steps, snapshotEvery } = settings;
  const paths = { grid: join(settings.out, 'style-mixing.png'), samples: join(settings.out, 'samples.png') };
  const models = await setUpDemo(settings);
  let trainingMs = 0;
  const tensorsAfterStep: number[] = [];
  try {
    const run = await trainLoop({
      steps,
      trainStep: async (step) => {
        const started = performance.now();
        const losses = await styleMixingStep(models, settings, step);
        trainingMs += performance.now() - started;
        tensorsAfterStep.push(tf.memory().numTensors);
        return { ...losses, 'ms/step': trainingMs / (step + 1) };
      },
      // Every `snapshotEvery` steps and at the end (0: only at the end).
      snapshot: { every: snapshotEvery > 0 ? snapshotEvery : steps, fn: () => writePictures(models, settings, paths) },
      progress: options.progress === false ? undefined : createProgress({ total: steps, label: 'stylegan' }),
      signal: options.signal,
    });
    const { dLoss, gLoss } = run.lastMetrics;
    const generatorDirectory = options.saveGenerator ? join(settings.out, 'generator') : undefined;
    if (generatorDirectory) {
      await saveGenerator(generatorDirectory, generatorConfig(settings), models.networks, {
        wAverage: settings.generator === 'style' ? models.wAvg.value : undefined,
        info: { steps, seed: settings.seed, batchSize: settings.batchSize, dLoss, gLoss },
      });
    }
    return {
      steps,
      secondsPerStep: trainingMs / steps / 1000,
      dLoss,
      gLoss,
      styleMixingPath: paths.grid,
      samplesPath: paths.samples,
      tensorsAfterStep,
      generator: settings.generator,
      ...(generatorDirectory && { generatorDirectory }),
    };
  } finally {
    models.dispose();
  }
}
