// Seeded weight initialisation, so two networks built with the same seed start identically.
import { type Rng, tf } from '@hw7/tensor-utils';

/** A variable holding `initialValue`, which is disposed (tf.variable keeps its own reference). */
export function variableFrom(initialValue: tf.Tensor): tf.Variable {
  const variable = tf.variable(initialValue);
  initialValue.dispose();
  return variable;
}

/** He-normal convolution filter [kernel, kernel, in, out] (suits the ReLU before every convolution). */
export function convolutionFilter(kernelSize: number, inChannels: number, outChannels: number, rng: Rng): tf.Variable {
  const std = Math.sqrt(2 / (kernelSize * kernelSize * inChannels));
  return variableFrom(
    tf.randomNormal([kernelSize, kernelSize, inChannels, outChannels], 0, std, 'float32', rng.seed()),
  );
}

/** Glorot-uniform dense kernel [in, out]. */
export function denseKernel(inUnits: number, outUnits: number, rng: Rng): tf.Variable {
  const limit = Math.sqrt(6 / (inUnits + outUnits));
  return variableFrom(tf.randomUniform([inUnits, outUnits], -limit, limit, 'float32', rng.seed()));
}
