// One candidate operation of an edge as a module: it keeps the height, width and channels of its
// input, as every NAS-Bench-201 cell operation does.
import { type Rng, tf } from '@hw7/tensor-utils';
import type { Nb201Operation } from '../spaces/nb201-cell.js';
import { ReluConvBn } from './relu-conv-bn.js';

export interface OperationModule {
  readonly variables: tf.Variable[];
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

const parameterFree = (apply: (x: tf.Tensor4D) => tf.Tensor4D): OperationModule => ({ variables: [], apply });

export function createOperationModule(operation: Nb201Operation, channels: number, rng: Rng): OperationModule {
  switch (operation) {
    case 'none':
      return parameterFree((x) => tf.zerosLike(x));
    case 'skip_connect':
      return parameterFree((x) => x);
    case 'nor_conv_1x1':
      return new ReluConvBn({ inChannels: channels, outChannels: channels, kernelSize: 1 }, rng);
    case 'nor_conv_3x3':
      return new ReluConvBn({ inChannels: channels, outChannels: channels, kernelSize: 3 }, rng);
    case 'avg_pool_3x3':
      // tfjs's 'same' average pooling leaves the padding out of the count, like NAS-Bench-201's.
      return parameterFree((x) => tf.avgPool(x, 3, 1, 'same'));
    default:
      throw new TypeError(`operation must be a NAS-Bench-201 operation name; got ${String(operation)}`);
  }
}
