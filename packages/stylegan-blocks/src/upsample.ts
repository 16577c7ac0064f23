// Nearest-neighbour 2x upsampling (StyleGAN's upscale2d): reshape + tile, whose gradient is a sum,
// so it trains on every backend.
import { tf } from '@hw7/tensor-utils';
import { shapeText } from './validation.js';

/** `[N, H, W, C] -> [N, factor*H, factor*W, C]`, each pixel repeated factor x factor times. */
export function upsampleNearest(x: tf.Tensor, factor = 2): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`upsampleNearest: x must be [N, H, W, C], got shape ${shapeText(x.shape)}`);
  const [n, h, w, c] = x.shape;
  // Rank <= 4 throughout: tfjs has no Tile gradient above rank 4.
  return tf.tidy(() => {
    const wide = tf.reshape(tf.tile(tf.reshape(x, [n * h, w, 1, c]), [1, 1, factor, 1]), [n * h, 1, w * factor * c]);
    return tf.reshape(tf.tile(wide, [1, factor, 1]), [n, h * factor, w * factor, c]);
  });
}
