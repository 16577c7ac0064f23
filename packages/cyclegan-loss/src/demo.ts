// Demo: a few CycleGAN training steps on unpaired MNIST domains (A: digits, B: colour-inverted digits),
// writing a PNG whose rows are real A / G(A) / F(G(A)) and real B / F(B) / G(F(B)).
import { loadMnist, mnistToTensors, Rng, seedEverything, tf, writeImageGrid } from '@hw7/tensor-utils';
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
}

export async function runCycleGanDemo(options: CycleGanDemoOptions = {}): Promise<{ out: string; losses: number[] }> {
  const {
    steps = 30,
    batchSize = 8,
    out = 'out/cyclegan-demo.png',
    mode = 'lsgan',
    seed = 0,
    learningRate = 2e-4,
    onStep,
  } = options;
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
  const variables = (...models: tf.LayersModel[]) =>
    models.flatMap((m) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  // Official optimisers: Adam(lr 2e-4, betas (0.5, 0.999)).
  const gOptimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const dOptimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const poolA = new ImagePool({ seed });
  const poolB = new ImagePool({ seed: seed + 1 });
  const run = (model: tf.LayersModel, t: tf.Tensor) => model.apply(t) as tf.Tensor4D;
  const batchOf = (domain: tf.Tensor4D) => {
    const indices = tf.tensor1d(
      Array.from({ length: batchSize }, () => rng.int(0, half - 1)),
      'int32',
    );
    const batch = tf.gather(domain, indices) as tf.Tensor4D;
    indices.dispose();
    return batch;
  };
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const realA = batchOf(domainA);
    const realB = batchOf(domainB);
    let fakeA: tf.Tensor4D | undefined;
    let fakeB: tf.Tensor4D | undefined;
    const g = gOptimizer.minimize(
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
      true,
      variables(G, F),
    );
    if (!fakeA || !fakeB) throw new Error('runCycleGanDemo: generator step produced no images');
    const pooledA = poolA.query(fakeA);
    const pooledB = poolB.query(fakeB);
    const d = dOptimizer.minimize(
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
      true,
      variables(dA, dB),
    );
    const generator = g?.dataSync()[0] ?? Number.NaN;
    const discriminator = d?.dataSync()[0] ?? Number.NaN;
    losses.push(generator);
    onStep?.(step, { generator, discriminator });
    tf.dispose([realA, realB, fakeA, fakeB, pooledA, pooledB, g ?? [], d ?? []]);
  }
  const grid = tf.tidy(() => {
    const a = tf.slice(domainA, [0, 0, 0, 0], [8, 28, 28, 1]);
    const b = tf.slice(domainB, [0, 0, 0, 0], [8, 28, 28, 1]);
    const gA = run(G, a);
    const fB = run(F, b);
    return tf.concat([a, gA, run(F, gA), b, fB, run(G, fB)], 0);
  });
  await writeImageGrid(out, grid, { columns: 8, range: [-1, 1] });
  tf.dispose([grid, domainA, domainB]);
  for (const m of [G, F, dA, dB]) m.dispose();
  gOptimizer.dispose();
  dOptimizer.dispose();
  poolA.dispose();
  poolB.dispose();
  return { out, losses };
}
