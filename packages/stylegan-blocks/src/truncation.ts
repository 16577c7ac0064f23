// The truncation trick (StyleGAN's truncation_psi / truncation_cutoff): layers before the cutoff
// take wAvg + psi * (w - wAvg), the later layers keep w.
import { tf } from '@hw7/tensor-utils';
import { shapeText } from './validation.js';

/** `w` [N, numLayers, wDim] (or [N, wDim], all layers), `wAvg` [wDim]; defaults psi 0.7, cutoff 8 (StyleGAN's). */
export function truncate(w: tf.Tensor, wAvg: tf.Tensor, psi = 0.7, cutoff = 8): tf.Tensor {
  if (w.rank !== 2 && w.rank !== 3) {
    throw new Error(`truncate: w must be [N, numLayers, wDim] or [N, wDim], got ${shapeText(w.shape)}`);
  }
  const d = w.shape[w.rank - 1];
  if (wAvg.rank !== 1 || wAvg.shape[0] !== d)
    throw new Error(`truncate: wAvg must be [wDim] = [${d}], got ${shapeText(wAvg.shape)}`);
  if (!Number.isFinite(psi)) throw new Error(`truncate: psi must be a finite number, got ${psi}`);
  if (!Number.isInteger(cutoff) || cutoff < 0)
    throw new Error(`truncate: cutoff must be an integer >= 0, got ${cutoff}`);
  return tf.tidy(() => {
    if (w.rank === 2) return cutoff > 0 ? tf.add(wAvg, tf.mul(tf.sub(w, wAvg), psi)) : tf.clone(w);
    const layers = w.shape[1] as number;
    const values = new Float32Array(layers);
    for (let i = 0; i < layers; i++) values[i] = i < cutoff ? psi : 1;
    const coefs = tf.tensor3d(values, [1, layers, 1]);
    return tf.add(wAvg, tf.mul(tf.sub(w, wAvg), coefs));
  });
}
