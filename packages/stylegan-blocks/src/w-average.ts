// The tracked average of w used by the truncation trick (StyleGAN's dlatent_avg): after each batch,
// avg = beta * avg + (1 - beta) * mean(wBatch), starting from zeros.
import { tf } from '@hw7/tensor-utils';
import { assertPositiveInteger, shapeText } from './validation.js';

export class WAverage {
  readonly wDim: number;
  private readonly avg: tf.Variable;

  constructor(wDim: number) {
    assertPositiveInteger('WAverage wDim', wDim);
    this.wDim = wDim;
    this.avg = tf.variable(tf.zeros([wDim]), false);
  }

  /** The current average, [wDim] (a variable: clone it to keep a snapshot). */
  get value(): tf.Tensor1D {
    return this.avg as tf.Tensor1D;
  }

  /** Moves the average towards the batch mean; `wBatch` [N, wDim] or [N, numLayers, wDim] (layer 0 is used). */
  update(wBatch: tf.Tensor, beta = 0.995): void {
    if (!Number.isFinite(beta) || beta < 0 || beta > 1)
      throw new Error(`WAverage.update: beta must be in [0, 1], got ${beta}`);
    const ok = (wBatch.rank === 2 || wBatch.rank === 3) && wBatch.shape[wBatch.rank - 1] === this.wDim;
    if (!ok)
      throw new Error(
        `WAverage.update: wBatch must be [N, ${this.wDim}] or [N, numLayers, ${this.wDim}], got ${shapeText(wBatch.shape)}`,
      );
    tf.tidy(() => {
      const w = wBatch.rank === 3 ? tf.squeeze(tf.slice(wBatch, [0, 0, 0], [-1, 1, -1]), [1]) : wBatch;
      const batchMean = tf.mean(w, 0);
      this.avg.assign(tf.add(tf.mul(this.avg, beta), tf.mul(batchMean, 1 - beta)));
    });
  }

  dispose(): void {
    this.avg.dispose();
  }
}
