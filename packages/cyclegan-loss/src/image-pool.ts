// History of generated images for the discriminator updates (official util/image_pool.py, Shrivastava et
// al. 2017): the discriminators see a mix of current and past fakes, which damps oscillation.
import { Rng, tf } from '@hw7/tensor-utils';
import { assertImages, shapeText } from './validation.js';

export interface ImagePoolOptions {
  /** Images kept; 0 disables the pool (query returns a copy of its input). Default 50, as the official --pool_size. */
  size?: number;
  /** Random source for the 50/50 choices and the slot picked; default `new Rng(seed)`. */
  rng?: Rng;
  /** Seed for the default `Rng`; default 0. Ignored when `rng` is given. */
  seed?: number | string;
}

/**
 * For each image of a queried batch: while the pool is not full, store it and return it; once full,
 * with probability 0.5 return a random stored image and store the new one in its place, otherwise
 * return the new image. Stored images are the pool's own (kept, outside any tf.tidy) and are
 * disposed when replaced and by `dispose()`; the batch `query` returns belongs to the caller.
 */
export class ImagePool {
  readonly size: number;
  private readonly rng: Rng;
  private readonly images: tf.Tensor4D[] = [];
  private imageShape: number[] | undefined;
  private disposed = false;

  constructor(options: ImagePoolOptions = {}) {
    const { size = 50, rng, seed = 0 } = options;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new RangeError(`ImagePool: size must be an integer >= 0; got ${String(size)}`);
    }
    if (rng !== undefined && !(rng instanceof Rng)) {
      throw new TypeError(`ImagePool: rng must be an Rng from @hw7/tensor-utils; got ${String(rng)}`);
    }
    this.size = size;
    this.rng = rng ?? new Rng(seed);
  }

  /** Images currently stored. */
  get length(): number {
    return this.images.length;
  }

  /** A batch of the same shape as `images`, mixing them with stored ones as described above. */
  query(images: tf.Tensor4D): tf.Tensor4D {
    const context = 'ImagePool.query';
    if (this.disposed) throw new Error(`${context}: the pool has been disposed`);
    assertImages(images, 'images', context);
    const perImage = images.shape.slice(1);
    if (this.imageShape === undefined) {
      this.imageShape = perImage;
    } else if (perImage.some((size, i) => size !== this.imageShape?.[i])) {
      throw new RangeError(
        `${context}: images must be [N, ${this.imageShape.join(', ')}] like the images already stored; got ${shapeText(images.shape)}`,
      );
    }
    if (this.size === 0) return tf.clone(images);
    const [n, h, w, c] = images.shape;
    const picked: tf.Tensor4D[] = [];
    for (let i = 0; i < n; i++) {
      const image = tf.slice(images, [i, 0, 0, 0], [1, h, w, c]);
      if (this.images.length < this.size) {
        this.images.push(tf.keep(tf.clone(image)));
        picked.push(image);
      } else if (this.rng.next() > 0.5) {
        const slot = this.rng.int(0, this.size - 1);
        picked.push(this.images[slot]);
        this.images[slot] = tf.keep(tf.clone(image));
        image.dispose();
      } else {
        picked.push(image);
      }
    }
    const out = picked.length === 1 ? tf.clone(picked[0]) : tf.concat(picked, 0);
    // Slices of the input and stored images handed back (now out of the pool) are no longer needed.
    for (const tensor of picked) tensor.dispose();
    return out;
  }

  /** Disposes every stored image; the pool cannot be queried afterwards. */
  dispose(): void {
    for (const tensor of this.images) tensor.dispose();
    this.images.length = 0;
    this.disposed = true;
  }
}
