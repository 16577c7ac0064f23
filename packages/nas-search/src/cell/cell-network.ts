// The network around the cells, NAS-Bench-201's skeleton scaled down for MNIST: a 3x3 stem
// convolution, `stages` stages of `cellsPerStage` cells, a stride-2 ReLU-Conv-BN between stages that
// doubles the channels, then ReLU, global average pooling and a dense classifier. Every cell runs
// the same edge mixture (one genotype per network), each with its own weights.
import { Rng, tf } from '@hw7/tensor-utils';
import type { Nb201Operation } from '../spaces/nb201-cell.js';
import { Cell } from './cell.js';
import type { EdgeMixture } from './edge-mixture.js';
import { denseKernel, variableFrom } from './initialisers.js';
import { ReluConvBn } from './relu-conv-bn.js';

export interface CellNetworkOptions {
  /** Channels of the first stage; each later stage doubles them. Default 8. */
  channels?: number;
  /** Default 3 (28x28, 14x14, 7x7 with a stride-1 stem). */
  stages?: number;
  /** Default 1. */
  cellsPerStage?: number;
  /** Default 1; 2 halves the image in the stem, four times cheaper. */
  stemStride?: 1 | 2;
  /** Default 1 (MNIST). */
  inputChannels?: number;
  /** Default 10. */
  numClasses?: number;
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

export class CellNetwork {
  readonly options: Required<CellNetworkOptions>;
  private readonly stem: ReluConvBn;
  private readonly stages: Array<{ reduction?: ReluConvBn; cells: Cell[] }>;
  private readonly classifierKernel: tf.Variable;
  private readonly classifierBias: tf.Variable;

  /** `edgeOperations[e]`: the operations edge e can run in every cell. */
  constructor(edgeOperations: ReadonlyArray<readonly Nb201Operation[]>, options: CellNetworkOptions = {}) {
    const resolved: Required<CellNetworkOptions> = {
      channels: 8,
      stages: 3,
      cellsPerStage: 1,
      stemStride: 1,
      inputChannels: 1,
      numClasses: 10,
      seed: 0,
      ...options,
    };
    for (const name of ['channels', 'stages', 'cellsPerStage', 'inputChannels', 'numClasses'] as const) {
      const value = resolved[name];
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`options.${name} must be an integer >= 1; got ${value}`);
    }
    const { channels, stages, cellsPerStage, stemStride, inputChannels, numClasses, seed } = resolved;
    const rng = new Rng(`cell-network:${seed}`);
    this.options = resolved;
    this.stem = new ReluConvBn(
      { inChannels: inputChannels, outChannels: channels, kernelSize: 3, stride: stemStride, leadingRelu: false },
      rng,
    );
    this.stages = Array.from({ length: stages }, (_, stage) => {
      const width = channels * 2 ** stage;
      const reduction =
        stage === 0
          ? undefined
          : new ReluConvBn({ inChannels: width / 2, outChannels: width, kernelSize: 3, stride: 2 }, rng);
      const cells = Array.from({ length: cellsPerStage }, () => new Cell(edgeOperations, width, rng));
      return { reduction, cells };
    });
    const finalChannels = channels * 2 ** (stages - 1);
    this.classifierKernel = denseKernel(finalChannels, numClasses, rng);
    this.classifierBias = variableFrom(tf.zeros([numClasses]));
  }

  get variables(): tf.Variable[] {
    return [
      ...this.stem.variables,
      ...this.stages.flatMap(({ reduction, cells }) => [
        ...(reduction?.variables ?? []),
        ...cells.flatMap((cell) => cell.variables),
      ]),
      this.classifierKernel,
      this.classifierBias,
    ];
  }

  parameterCount(): number {
    return this.variables.reduce((sum, variable) => sum + variable.size, 0);
  }

  /** Class scores [N, numClasses] of images x [N, H, W, inputChannels]. */
  logits(x: tf.Tensor4D, mixture: EdgeMixture): tf.Tensor2D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inputChannels) {
      throw new RangeError(`x must be [N, H, W, ${this.options.inputChannels}]; got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      let features = this.stem.apply(x);
      for (const { reduction, cells } of this.stages) {
        if (reduction) features = reduction.apply(features);
        for (const cell of cells) features = cell.apply(features, mixture);
      }
      const pooled = tf.mean(tf.relu(features), [1, 2]) as tf.Tensor2D;
      return tf.add(tf.matMul(pooled, this.classifierKernel as tf.Tensor2D), this.classifierBias);
    });
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}
