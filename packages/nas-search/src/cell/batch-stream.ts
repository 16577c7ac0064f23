// An endless stream of shuffled mini-batches: epoch after epoch, each a new permutation that
// depends only on (seed, epoch); an epoch's incomplete last batch is skipped so shapes stay fixed.
import { epochOrder } from '@hw7/tensor-utils';
import { type LabeledTensors, takeExamples } from './labeled-tensors.js';

export class BatchStream {
  private epoch = 0;
  private position = 0;
  private order: Int32Array;
  private readonly batchesPerEpoch: number;

  constructor(
    private readonly data: LabeledTensors,
    private readonly batchSize: number,
    private readonly seed: number | string,
  ) {
    const count = data.y.shape[0];
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > count) {
      throw new RangeError(`batchSize must be an integer from 1 to ${count} (the examples); got ${batchSize}`);
    }
    this.batchesPerEpoch = Math.floor(count / batchSize);
    this.order = epochOrder(count, seed, 0);
  }

  /** The next batch (new tensors the caller disposes). */
  next(): LabeledTensors {
    if (this.position === this.batchesPerEpoch) {
      this.epoch += 1;
      this.position = 0;
      this.order = epochOrder(this.data.y.shape[0], this.seed, this.epoch);
    }
    const start = this.position * this.batchSize;
    this.position += 1;
    return takeExamples(this.data, this.order.subarray(start, start + this.batchSize));
  }
}
