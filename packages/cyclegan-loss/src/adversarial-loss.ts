// CycleGAN's adversarial loss (the official GANLoss): least squares ('lsgan', the default) or binary
// cross-entropy on raw logits ('vanilla', computed stably), for the generator and the discriminator.
import { tf } from '@hw7/tensor-utils';
import { assertObject, assertPrediction } from './validation.js';

/** 'lsgan': MSE to 1 (real) / 0 (fake), the official default; 'vanilla': BCE with logits. */
export type GanMode = 'lsgan' | 'vanilla';

export const GAN_MODES: readonly GanMode[] = ['lsgan', 'vanilla'];

export interface AdversarialOptions {
  /** Default 'lsgan', as the official `--gan_mode`. */
  mode?: GanMode;
}

function assertMode(mode: unknown, context: string): asserts mode is GanMode {
  if (!GAN_MODES.includes(mode as GanMode)) {
    throw new RangeError(`${context}: mode must be one of 'lsgan', 'vanilla'; got ${String(mode)}`);
  }
}

function modeOf(options: AdversarialOptions | undefined, context: string): GanMode {
  if (options === undefined) return 'lsgan';
  assertObject(options, 'options', context);
  const mode = options.mode ?? 'lsgan';
  assertMode(mode, context);
  return mode;
}

/**
 * Mean over every element (batch and PatchGAN positions) of the loss of raw discriminator scores
 * against a constant target: 1 when `target` is 'real', 0 when 'fake'.
 * - lsgan: mean((x - t)^2)
 * - vanilla: mean(max(x, 0) - x t + log(1 + exp(-|x|))), BCE on logits without overflow (x = 200 is fine)
 */
export function adversarialLoss(
  prediction: tf.Tensor,
  target: 'real' | 'fake',
  options?: AdversarialOptions,
): tf.Scalar {
  const context = 'adversarialLoss';
  assertPrediction(prediction, 'prediction', context);
  if (target !== 'real' && target !== 'fake') {
    throw new RangeError(`${context}: target must be 'real' or 'fake'; got ${String(target)}`);
  }
  return lossAgainst(prediction, target === 'real' ? 1 : 0, modeOf(options, context));
}

function lossAgainst(prediction: tf.Tensor, target: 0 | 1, mode: GanMode): tf.Scalar {
  return tf.tidy(() => {
    if (mode === 'lsgan') return tf.mean(tf.square(tf.sub(prediction, target)));
    // max(x, 0) - x z + log(1 + exp(-|x|)); with z in {0, 1} the middle term is x or nothing.
    const softTail = tf.log1p(tf.exp(tf.neg(tf.abs(prediction))));
    const hinge = target === 1 ? tf.sub(tf.relu(prediction), prediction) : tf.relu(prediction);
    return tf.mean(tf.add(hinge, softTail));
  }) as tf.Scalar;
}

/** Generator's adversarial loss: the discriminator's scores on generated images should say real. */
export function generatorAdversarialLoss(fakePrediction: tf.Tensor, options?: AdversarialOptions): tf.Scalar {
  const context = 'generatorAdversarialLoss';
  assertPrediction(fakePrediction, 'fakePrediction', context);
  return lossAgainst(fakePrediction, 1, modeOf(options, context));
}

export interface DiscriminatorPredictions {
  /** Scores on real images of the discriminator's domain. */
  realPrediction: tf.Tensor;
  /** Scores on generated images (usually drawn from an `ImagePool`). */
  fakePrediction: tf.Tensor;
}

/** Discriminator loss, as the official backward_D_basic: (loss(real, 1) + loss(fake, 0)) * 0.5. */
export function discriminatorAdversarialLoss(
  predictions: DiscriminatorPredictions,
  options?: AdversarialOptions,
): tf.Scalar {
  const context = 'discriminatorAdversarialLoss';
  assertObject(predictions, 'predictions', context);
  const { realPrediction, fakePrediction } = predictions;
  assertPrediction(realPrediction, 'realPrediction', context);
  assertPrediction(fakePrediction, 'fakePrediction', context);
  const perSample = (t: tf.Tensor) => t.shape.slice(1).join(', ');
  if (realPrediction.rank !== fakePrediction.rank || perSample(realPrediction) !== perSample(fakePrediction)) {
    throw new RangeError(
      `${context}: fakePrediction must have the same per-sample shape as realPrediction, [N, ${perSample(realPrediction)}]; ` +
        `got [${fakePrediction.shape.join(', ')}]`,
    );
  }
  const mode = modeOf(options, context);
  return tf.tidy(() =>
    tf.mul(tf.add(lossAgainst(realPrediction, 1, mode), lossAgainst(fakePrediction, 0, mode)), 0.5),
  ) as tf.Scalar;
}
