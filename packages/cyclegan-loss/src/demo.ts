// Demo: a few CycleGAN training steps on unpaired MNIST domains (A: digits, B: colour-inverted digits),
// writing a PNG whose rows are real A / G(A) / F(G(A)) and real B / F(B) / G(F(B)). Trained with the
// core's trainLoop: a set-up, a step (the generators' update, then the discriminators' on pooled
// fakes) and a snapshot (the PNG), with everything freed in a `finally`.
import {
  loadMnist,
  mnistToTensors,
  optimizerStep,
  Rng,
  seedEverything,
  tf,
  trainLoop,
  writeImageGrid,
} from '@hw7/tensor-utils';
import { discriminatorAdversarialLoss, type GanMode } from './adversarial-loss.js';
import { generatorLoss } from './generator-loss.js';
import { ImagePool } from './image-pool.js';
import { patchDiscriminator, resnetGenerator } from './models.js';

export interface CycleGanDemoOptions {
  /** Training steps. Default 30. */
  steps?: number;
  batchSize?: number;
  /** PNG path. Default 'out/cyclegan-demo.png'. */
  out?: string;
  mode?: GanMode;
  seed?: number;
  /** Adam learning rate for generators and discriminators. Default 2e-4 (official). */
  learningRate?: number;
  /** Called after each step with the generators' total and D_A + D_B losses. */
  onStep?: (step: number, losses: { generator: number; discriminator: number }) => void;
  /** Stops training after the current step (the call then rejects with the signal's reason). */
  signal?: AbortSignal;
}

type DemoSettings = Required<Omit<CycleGanDemoOptions, 'onStep' | 'signal'>>;

/** Set-up: the two unpaired domains, both generators and discriminators, their optimizers and image pools. */
async function setUpDemo({ seed, learningRate }: DemoSettings) {
  seedEverything(seed);
  const rng = new Rng(seed);
  const { x, y } = mnistToTensors(await loadMnist({ split: 'train', limit: 512 }), { range: [-1, 1] });
  const half = x.shape[0] / 2;
  // Unpaired: A and B come from disjoint halves of the data.
  const domainA = tf.slice(x, [0, 0, 0, 0], [half, 28, 28, 1]) as tf.Tensor4D;
  const domainB = tf.tidy(() => tf.neg(tf.slice(x, [half, 0, 0, 0], [half, 28, 28, 1]))) as tf.Tensor4D;
  tf.dispose([x, y]);
  const G = resnetGenerator({ size: 28, filters: 8, blocks: 2, name: 'G' });
  const F = resnetGenerator({ size: 28, filters: 8, blocks: 2, name: 'F' });
  const dA = patchDiscriminator({ size: 28, filters: 8, name: 'D_A' });
  const dB = patchDiscriminator({ size: 28, filters: 8, name: 'D_B' });
  // Official optimisers: Adam(lr 2e-4, betas (0.5, 0.999)).
  const gOptimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const dOptimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const poolA = new ImagePool({ seed });
  const poolB = new ImagePool({ seed: seed + 1 });
  const dispose = () => {
    tf.dispose([domainA, domainB]);
    for (const disposable of [G, F, dA, dB, gOptimizer, dOptimizer, poolA, poolB]) disposable.dispose();
  };
  return { rng, half, domainA, domainB, G, F, dA, dB, gOptimizer, dOptimizer, poolA, poolB, dispose };
}

type DemoModels = Awaited<ReturnType<typeof setUpDemo>>;

const run = (model: tf.LayersModel, t: tf.Tensor) => model.apply(t) as tf.Tensor4D;
const variables = (...models: tf.LayersModel[]) =>
  models.flatMap((m) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));

/** `batchSize` random images of a domain (drawn from the demo's seeded Rng). */
function batchOf(models: DemoModels, domain: tf.Tensor4D, batchSize: number): tf.Tensor4D {
  const indices = tf.tensor1d(
    Array.from({ length: batchSize }, () => models.rng.int(0, models.half - 1)),
    'int32',
  );
  const batch = tf.gather(domain, indices) as tf.Tensor4D;
  indices.dispose();
  return batch;
}

/**
 * One step: the generators G: A -> B and F: B -> A minimise the adversarial, cycle and identity
 * losses; then both discriminators learn from real images and pooled fakes.
 */
async function cycleGanStep(models: DemoModels, { batchSize, mode }: DemoSettings) {
  const { G, F, dA, dB } = models;
  const realA = batchOf(models, models.domainA, batchSize);
  const realB = batchOf(models, models.domainB, batchSize);
  let fakeA: tf.Tensor4D | undefined;
  let fakeB: tf.Tensor4D | undefined;
  let pooled: tf.Tensor4D[] = [];
  try {
    const { loss: generator } = await optimizerStep(
      models.gOptimizer,
      () => {
        const fB = run(G, realA);
        const fA = run(F, realB);
        fakeB = tf.keep(fB.clone());
        fakeA = tf.keep(fA.clone());
        const loss = generatorLoss({
          predictionOnFakeB: run(dB, fB),
          predictionOnFakeA: run(dA, fA),
          realA,
          recoveredA: run(F, fB),
          realB,
          recoveredB: run(G, fA),
          identityA: run(F, realA),
          identityB: run(G, realB),
          mode,
        });
        return loss.total;
      },
      variables(G, F),
    );
    if (!fakeA || !fakeB) throw new Error('runCycleGanDemo: generator step produced no images');
    pooled = [models.poolA.query(fakeA), models.poolB.query(fakeB)];
    const [pooledA, pooledB] = pooled;
    const { loss: discriminator } = await optimizerStep(
      models.dOptimizer,
      () => {
        const lossA = discriminatorAdversarialLoss(
          { realPrediction: run(dA, realA), fakePrediction: run(dA, pooledA) },
          { mode },
        );
        const lossB = discriminatorAdversarialLoss(
          { realPrediction: run(dB, realB), fakePrediction: run(dB, pooledB) },
          { mode },
        );
        return tf.add(lossA, lossB) as tf.Scalar;
      },
      variables(dA, dB),
    );
    return { generator, discriminator };
  } finally {
    tf.dispose([realA, realB, ...[fakeA, fakeB].filter((t) => t !== undefined), ...pooled]);
  }
}

/** Snapshot: 8 columns; rows real A, G(A), F(G(A)), real B, F(B), G(F(B)). */
async function writeTranslationGrid({ G, F, domainA, domainB }: DemoModels, out: string): Promise<void> {
  const grid = tf.tidy(() => {
    const a = tf.slice(domainA, [0, 0, 0, 0], [8, 28, 28, 1]);
    const b = tf.slice(domainB, [0, 0, 0, 0], [8, 28, 28, 1]);
    const gA = run(G, a);
    const fB = run(F, b);
    return tf.concat([a, gA, run(F, gA), b, fB, run(G, fB)], 0);
  });
  try {
    await writeImageGrid(out, grid, { columns: 8, range: [-1, 1] });
  } finally {
    grid.dispose();
  }
}

export async function runCycleGanDemo(options: CycleGanDemoOptions = {}): Promise<{ out: string; losses: number[] }> {
  const settings: DemoSettings = {
    steps: options.steps ?? 30,
    batchSize: options.batchSize ?? 8,
    out: options.out ?? 'out/cyclegan-demo.png',
    mode: options.mode ?? 'lsgan',
    seed: options.seed ?? 0,
    learningRate: options.learningRate ?? 2e-4,
  };
  const models = await setUpDemo(settings);
  const losses: number[] = [];
  try {
    await trainLoop({
      steps: settings.steps,
      trainStep: async (step) => {
        const stepLosses = await cycleGanStep(models, settings);
        losses.push(stepLosses.generator);
        options.onStep?.(step, stepLosses);
        return stepLosses;
      },
      // The picture once, after the last step.
      snapshot: { every: Math.max(1, settings.steps), fn: () => writeTranslationGrid(models, settings.out) },
      signal: options.signal,
    });
    return { out: settings.out, losses };
  } finally {
    models.dispose();
  }
}
