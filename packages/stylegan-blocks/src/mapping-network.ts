// StyleGAN's mapping network f: z -> PixelNorm -> 8 equalised dense layers with LeakyReLU 0.2 and
// learning-rate multiplier 0.01 -> w.
import { tf } from '@hw7/tensor-utils';
import { EqualizedDense } from './equalized-dense.js';
import { PixelNorm } from './pixel-norm.js';
import { assertFinitePositive, assertPositiveInteger } from './validation.js';

export interface MappingNetworkOptions {
  /** Size of z (default 512). */
  zDim?: number;
  /** Width of the hidden layers (default 512). */
  hiddenDim?: number;
  /** Size of w (default 512). */
  wDim?: number;
  /** Number of dense layers (default 8). */
  numLayers?: number;
  /** Learning-rate multiplier of the dense layers (default 0.01). */
  lrMul?: number;
  /** LeakyReLU slope (default 0.2). */
  alpha?: number;
  /** Normalise z with PixelNorm first (default true). */
  normalizeZ?: boolean;
  name?: string;
}

/** Builds the mapping network as a `tf.Sequential` model `[N, zDim] -> [N, wDim]`. */
export function createMappingNetwork(options: MappingNetworkOptions = {}): tf.Sequential {
  const zDim = options.zDim ?? 512;
  const hiddenDim = options.hiddenDim ?? 512;
  const wDim = options.wDim ?? 512;
  const numLayers = options.numLayers ?? 8;
  const lrMul = options.lrMul ?? 0.01;
  const alpha = options.alpha ?? 0.2;
  assertPositiveInteger('createMappingNetwork zDim', zDim);
  assertPositiveInteger('createMappingNetwork hiddenDim', hiddenDim);
  assertPositiveInteger('createMappingNetwork wDim', wDim);
  assertPositiveInteger('createMappingNetwork numLayers', numLayers);
  assertFinitePositive('createMappingNetwork lrMul', lrMul);
  const model = tf.sequential({ name: options.name ?? 'mapping' });
  model.add(tf.layers.inputLayer({ inputShape: [zDim] }));
  if (options.normalizeZ ?? true) model.add(new PixelNorm());
  for (let i = 0; i < numLayers; i++) {
    const units = i === numLayers - 1 ? wDim : hiddenDim;
    model.add(new EqualizedDense({ units, lrMul, gain: Math.SQRT2 }));
    model.add(tf.layers.leakyReLU({ alpha }));
  }
  return model;
}
