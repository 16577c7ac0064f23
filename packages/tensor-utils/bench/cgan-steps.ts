// The homework's cGAN training steps at batch 128 (MNIST shapes), timed exactly as
// ../shared/anchors/torch_steps.py times PyTorch: a discriminator step on fixed input, a
// discriminator update with fresh fakes, a generator update, and a full step.
import { round, timeIt } from '../src/dev.js';
import { type BackendName, initBackend, tf } from '../src/index.js';

const Z_DIM = 64;
const CLASSES = 10;
const HIDDEN = 64;
export const BATCH = 128;

function genBlock(filters: number, kernelSize = 3, strides = 2, final = false): tf.layers.Layer[] {
  const conv = tf.layers.conv2dTranspose({ filters, kernelSize, strides, padding: 'valid' });
  if (final) return [conv, tf.layers.activation({ activation: 'tanh' })];
  return [conv, tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }), tf.layers.reLU()];
}

function discBlock(filters: number, kernelSize = 4, strides = 2, final = false): tf.layers.Layer[] {
  const conv = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'valid' });
  if (final) return [conv];
  return [conv, tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }), tf.layers.leakyReLU({ alpha: 0.2 })];
}

export function cganModels() {
  const generator = tf.sequential({
    layers: [
      tf.layers.reshape({ targetShape: [1, 1, Z_DIM + CLASSES], inputShape: [Z_DIM + CLASSES] }),
      ...genBlock(HIDDEN * 4),
      ...genBlock(HIDDEN * 2, 4, 1),
      ...genBlock(HIDDEN),
      ...genBlock(1, 4, 2, true),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [28, 28, 1 + CLASSES] }),
      ...discBlock(HIDDEN),
      ...discBlock(HIDDEN * 2),
      ...discBlock(1, 4, 2, true),
      tf.layers.flatten(),
    ],
  });
  return { generator, discriminator };
}

export type CganStep = 'discOnly' | 'disc' | 'gen' | 'full';

export async function cganStepTimings(
  backend: BackendName,
  {
    repeats,
    warmup = 2,
    steps = ['discOnly', 'disc', 'gen', 'full'],
  }: { repeats: number; warmup?: number; steps?: CganStep[] },
): Promise<Partial<Record<`${CganStep}Ms`, number>>> {
  await initBackend({ backend, quiet: true });
  tf.engine().startScope();
  const { generator, discriminator } = cganModels();
  const adam = () => tf.train.adam(2e-4, 0.5, 0.999);
  const discOptimizer = adam();
  const genOptimizer = adam();
  const bce = (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
  const real = tf.randomUniform([BATCH, 28, 28, 1], -1, 1, 'float32', 1);
  const labels = tf.randomUniform([BATCH], 0, CLASSES, 'int32', 2);
  const oneHot = tf.oneHot(labels, CLASSES).toFloat();
  const imageOneHot = tf.tile(oneHot.reshape([BATCH, 1, 1, CLASSES]), [1, 28, 28, 1]);
  const ones = tf.ones([BATCH, 1]);
  const zeros = tf.zeros([BATCH, 1]);
  const fixedInput = tf.concat([real, imageOneHot], 3);
  const discVars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const genVars = generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const generate = (training: boolean) =>
    generator.apply(tf.concat([tf.randomNormal([BATCH, Z_DIM]), oneHot], 1), { training }) as tf.Tensor;
  const discriminate = (images: tf.Tensor) =>
    discriminator.apply(tf.concat([images, imageOneHot], 3), { training: true }) as tf.Tensor;
  const read = (loss: tf.Scalar | null) => {
    const value = loss?.dataSync()[0];
    loss?.dispose();
    return value;
  };

  const discOnlyStep = () =>
    read(
      discOptimizer.minimize(
        () => bce(ones, discriminator.apply(fixedInput, { training: true }) as tf.Tensor),
        true,
        discVars,
      ),
    );
  const discStep = () =>
    read(
      discOptimizer.minimize(
        () => {
          const fake = tf.tidy(() => generate(true));
          const loss = tf.div(tf.add(bce(zeros, discriminate(fake)), bce(ones, discriminate(real))), 2) as tf.Scalar;
          fake.dispose();
          return loss;
        },
        true,
        discVars,
      ),
    );
  const genStep = () => read(genOptimizer.minimize(() => bce(ones, discriminate(generate(true))), true, genVars));
  const fullStep = () => {
    discStep();
    genStep();
  };
  const runs: Record<CganStep, () => void> = { discOnly: discOnlyStep, disc: discStep, gen: genStep, full: fullStep };
  const timings: Partial<Record<`${CganStep}Ms`, number>> = {};
  for (const step of steps) timings[`${step}Ms`] = (await timeIt(runs[step], { warmup, repeats })).medianMs;
  tf.engine().endScope();
  generator.dispose();
  discriminator.dispose();
  discOptimizer.dispose();
  genOptimizer.dispose();
  return timings;
}

export function roundTimings(timings: Record<string, number>) {
  return Object.fromEntries(Object.entries(timings).map(([key, value]) => [key, round(value, 1)]));
}
