// Style mixing regularisation (StyleGAN's mixing in G_style): with probability p, the AdaIN layers
// before a crossover layer drawn uniformly in [1, numLayers) take w1, the later ones take w2.
import { type Rng, tf } from '@hw7/tensor-utils';
import { assertPositiveInteger, assertProbability, shapeText } from './validation.js';

export interface CrossoverOptions {
  /** Probability of mixing (default 0.9). */
  probability?: number;
  /** Source of randomness (default Math.random). */
  rng?: Rng;
}

/** The crossover layer: uniform in [1, numLayers) with probability p, else numLayers (no mixing). */
export function chooseCrossover(numLayers: number, options: CrossoverOptions = {}): number {
  assertPositiveInteger('chooseCrossover numLayers', numLayers);
  const probability = options.probability ?? 0.9;
  assertProbability('chooseCrossover probability', probability);
  const uniform = () => (options.rng ? options.rng.next() : Math.random());
  if (numLayers < 2 || uniform() >= probability) return numLayers;
  return 1 + Math.floor(uniform() * (numLayers - 1));
}

export interface MixStylesOptions extends CrossoverOptions {
  /** Force this crossover (layers < crossover take w1) instead of drawing one. */
  crossover?: number;
}

/**
 * `ws`: one or two [N, wDim] tensors. Returns [N, numLayers, wDim]: w1 broadcast to every layer, or,
 * when mixing, w1 for layers < crossover and w2 for the rest (one crossover for the whole batch).
 */
export function mixStyles(ws: tf.Tensor[], numLayers: number, options: MixStylesOptions = {}): tf.Tensor3D {
  assertPositiveInteger('mixStyles numLayers', numLayers);
  if (ws.length < 1 || ws.length > 2)
    throw new Error(`mixStyles: ws must hold 1 or 2 tensors [N, wDim], got ${ws.length}`);
  const [w1, w2] = ws;
  if (w1.rank !== 2) throw new Error(`mixStyles: ws[0] must be [N, wDim], got ${shapeText(w1.shape)}`);
  if (w2 && (w2.rank !== 2 || w2.shape[0] !== w1.shape[0] || w2.shape[1] !== w1.shape[1])) {
    throw new Error(
      `mixStyles: ws[1] must be [N, wDim] = ${shapeText(w1.shape)} like ws[0], got ${shapeText(w2.shape)}`,
    );
  }
  let crossover = options.crossover;
  if (crossover !== undefined && (!Number.isInteger(crossover) || crossover < 0 || crossover > numLayers)) {
    throw new Error(`mixStyles: crossover must be an integer in [0, ${numLayers}], got ${crossover}`);
  }
  if (crossover === undefined) crossover = w2 ? chooseCrossover(numLayers, options) : numLayers;
  const cut = crossover;
  return tf.tidy(() => {
    const [n, d] = w1.shape;
    const tile = (w: tf.Tensor, layers: number) => tf.tile(tf.reshape(w, [n, 1, d]), [1, layers, 1]);
    if (!w2 || cut >= numLayers) return tile(w1, numLayers) as tf.Tensor3D;
    if (cut <= 0) return tile(w2, numLayers) as tf.Tensor3D;
    return tf.concat([tile(w1, cut), tile(w2, numLayers - cut)], 1) as tf.Tensor3D;
  });
}
