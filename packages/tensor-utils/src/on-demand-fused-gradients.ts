// tfjs's fused conv2d and matMul (what tf.layers.conv2d and tf.layers.dense call) record one custom
// gradient that always computes the gradients of input, weights and bias together, even when only
// some are needed: the first layer's input never needs one, and in a GAN's generator step the
// discriminator's weights don't. On the cGAN that wastes 28 ms of a 270 ms discriminator step and
// 70 ms of a generator step on wasm. tfjs itself runs these ops unfused (plain op + bias add +
// activation, whose gradients are computed per input, on demand) whenever it records gradients
// with a non-linear activation; while recording, we take that same path for every activation.
import * as tf from './tf.js';

type FusedConv2dArgs = Parameters<typeof tf.fused.conv2d>[0];
type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];
type Activation = NonNullable<FusedConv2dArgs['activation']>;

function applyActivation(
  x: tf.Tensor,
  activation: Activation,
  preluWeights?: tf.Tensor | tf.TensorLike,
  alpha?: number,
) {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'prelu':
      return tf.prelu(x, preluWeights as tf.Tensor);
    case 'leakyrelu':
      return tf.leakyRelu(x, alpha);
    default:
      throw new Error(`unknown fused activation ${String(activation)}`);
  }
}

const recordingGradients = () => (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;

let installed = false;

/**
 * Makes gradients of tf.fused.conv2d and tf.fused.matMul (hence of tf.layers conv2d and dense)
 * computed only for the inputs that need them. Idempotent; results are unchanged.
 */
export function useOnDemandFusedGradients(): void {
  if (installed) return;
  const fused = tf.fused as unknown as { conv2d: typeof tf.fused.conv2d; matMul: typeof tf.fused.matMul };
  const fusedConv2d = fused.conv2d;
  const fusedMatMul = fused.matMul;
  fused.conv2d = ((args: FusedConv2dArgs) => {
    if (!recordingGradients() || (args.dataFormat ?? 'NHWC') !== 'NHWC') return fusedConv2d(args);
    const {
      x,
      filter,
      strides,
      pad,
      dilations,
      dimRoundingMode,
      bias,
      activation,
      preluActivationWeights,
      leakyreluAlpha,
    } = args;
    return tf.tidy(() => {
      let y: tf.Tensor = tf.conv2d(x as tf.Tensor4D, filter, strides, pad, 'NHWC', dilations, dimRoundingMode);
      if (bias != null) y = tf.add(y, bias);
      return applyActivation(y, activation ?? 'linear', preluActivationWeights, leakyreluAlpha);
    });
  }) as typeof tf.fused.conv2d;
  fused.matMul = ((args: FusedMatMulArgs) => {
    if (!recordingGradients()) return fusedMatMul(args);
    const { a, b, transposeA, transposeB, bias, activation, preluActivationWeights, leakyreluAlpha } = args;
    return tf.tidy(() => {
      let y: tf.Tensor = tf.matMul(a, b, transposeA, transposeB);
      if (bias != null) y = tf.add(y, bias);
      return applyActivation(y, activation ?? 'linear', preluActivationWeights, leakyreluAlpha);
    });
  }) as typeof tf.fused.matMul;
  installed = true;
}
