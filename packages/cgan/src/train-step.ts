// One training step of the homework's conditional DCGAN: a discriminator update on detached fakes
// and reals, then a generator update, both with BCE on logits (PyTorch's BCEWithLogitsLoss).
import { tf } from '@hw7/tensor-utils';
import { combineVectors, getOneHotLabels } from './blocks.js';
import { assertNonNegativeInteger, assertNumberInRange, assertPositiveInteger } from './validation.js';

/** The two losses of a step, as numbers. */
export interface CganLosses {
  discriminator: number;
  generator: number;
}

/**
 * Where the generator step's fakes come from. 'fresh' (default) draws new noise, as
 * `../shared/anchors/torch_steps.py` (our PyTorch reference of the homework) does in `gen_step`.
 * 'reuse' uses the discriminator step's noise, like the course notebook that reuses `fake` after
 * `disc_loss.backward(retain_graph=True)`: tfjs keeps no graph across two updates, so the
 * generator's forward pass is recomputed; its weights have not changed, so the fakes are the same,
 * but its batch-norm running averages are updated a second time (with the same statistics).
 */
export type GeneratorNoise = 'fresh' | 'reuse';

export interface CganTrainStepOptions {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  generatorOptimizer: tf.Optimizer;
  discriminatorOptimizer: tf.Optimizer;
  zDim: number;
  /** 10 for the conditional GAN, 0 for an unconditional DCGAN (no one-hot inputs). */
  nClasses: number;
  /** One-sided label smoothing: the discriminator's target for real images is 1 - this (default 0). */
  labelSmoothing?: number;
  generatorNoise?: GeneratorNoise;
}

export interface CganBatch {
  /** Real images, float32 NHWC [B, 28, 28, C] in [-1, 1]. */
  images: tf.Tensor4D;
  /** Their classes (ignored when nClasses is 0). */
  labels: ArrayLike<number>;
}

/** PyTorch's `BCEWithLogitsLoss()(logits, full_like(logits, target))`: the mean over the batch. */
function bceWithLogits(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, target), logits) as tf.Scalar;
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * Returns a function that runs one step on a batch and resolves to its losses. Per step, as in
 * the homework:
 *
 * 1. noise z ~ N(0, 1); fake = G([z, onehot(y)]), computed outside the gradient (`fake.detach()`);
 *    the discriminator minimises (BCE(D([fake, y]), 0) + BCE(D([real, y]), 1)) / 2, calling D
 *    separately on fakes and reals so each batch norm sees one kind, as PyTorch does.
 * 2. the generator minimises BCE(D([G([z', onehot(y)]), y]), 1) against the updated
 *    discriminator, with z' fresh noise (see `GeneratorNoise`).
 *
 * All models run in training mode (batch statistics, running averages updated). Noise comes from
 * `tf.randomNormal`, i.e. from the seeded `Math.random`. `instanceNoiseStd` > 0 adds N(0, std²)
 * noise to every image the discriminator sees (an opt-in fix; default 0). No tensor outlives a step
 * except the optimizers' own state, created at the first step.
 */
export function createCganTrainStep(
  options: CganTrainStepOptions,
): (batch: CganBatch, instanceNoiseStd?: number) => Promise<CganLosses> {
  const context = 'createCganTrainStep';
  const { generator, discriminator, generatorOptimizer, discriminatorOptimizer, zDim, nClasses } = options;
  const { labelSmoothing = 0, generatorNoise = 'fresh' } = options;
  assertPositiveInteger(zDim, 'zDim', context);
  assertNonNegativeInteger(nClasses, 'nClasses', context);
  assertNumberInRange(labelSmoothing, 'labelSmoothing', context, [0, 0.5]);
  if (generatorNoise !== 'fresh' && generatorNoise !== 'reuse') {
    throw new RangeError(`${context}: generatorNoise must be 'fresh' or 'reuse'; got ${String(generatorNoise)}`);
  }
  const realTarget = 1 - labelSmoothing;

  return async ({ images, labels }, instanceNoiseStd = 0) => {
    assertNumberInRange(instanceNoiseStd, 'instanceNoiseStd', 'cganTrainStep', [0, Number.POSITIVE_INFINITY]);
    if (images.rank !== 4) throw new RangeError(`cganTrainStep: images must be [B, H, W, C]; got rank ${images.rank}`);
    const [batchSize, height, width] = images.shape;
    // Conditioning, made once per step: one-hot vectors for G, one-hot planes for D.
    const [oneHot, imageOneHot] =
      nClasses === 0
        ? [null, null]
        : tf.tidy(() => {
            const vectors = getOneHotLabels(Array.from(labels), nClasses);
            const planes = tf.tile(vectors.reshape([batchSize, 1, 1, nClasses]), [1, height, width, 1]);
            return [vectors, planes as tf.Tensor4D];
          });
    const generate = (noise: tf.Tensor2D) =>
      generator.apply(oneHot ? combineVectors(noise, oneHot) : noise, { training: true }) as tf.Tensor4D;
    const discriminate = (imagesIn: tf.Tensor4D) => {
      const noisy =
        instanceNoiseStd > 0 ? imagesIn.add(tf.randomNormal(imagesIn.shape, 0, instanceNoiseStd)) : imagesIn;
      return discriminator.apply(imageOneHot ? combineVectors(noisy, imageOneHot) : noisy, {
        training: true,
      }) as tf.Tensor;
    };

    let noise: tf.Tensor2D | null = null;
    let fake: tf.Tensor4D | null = null;
    let discLoss: tf.Scalar | null = null;
    let genLoss: tf.Scalar | null = null;
    try {
      noise = tf.randomNormal([batchSize, zDim]) as tf.Tensor2D;
      const discNoise = noise;
      // Outside the gradient function: the discriminator's loss does not reach the generator.
      fake = tf.tidy(() => generate(discNoise));
      const detachedFake = fake;
      discLoss = discriminatorOptimizer.minimize(
        () => {
          const fakeLoss = bceWithLogits(discriminate(detachedFake), 0);
          const realLoss = bceWithLogits(discriminate(images), realTarget);
          return tf.div(tf.add(fakeLoss, realLoss), 2) as tf.Scalar;
        },
        true,
        trainableVariables(discriminator),
      );
      genLoss = generatorOptimizer.minimize(
        () => {
          const generatorInput =
            generatorNoise === 'reuse' ? discNoise : (tf.randomNormal([batchSize, zDim]) as tf.Tensor2D);
          return bceWithLogits(discriminate(generate(generatorInput)), 1);
        },
        true,
        trainableVariables(generator),
      );
      const [discValue, genValue] = await Promise.all([(discLoss as tf.Scalar).data(), (genLoss as tf.Scalar).data()]);
      return { discriminator: discValue[0], generator: genValue[0] };
    } finally {
      tf.dispose([oneHot, imageOneHot, noise, fake, discLoss, genLoss].filter((t) => t !== null) as tf.Tensor[]);
    }
  };
}
