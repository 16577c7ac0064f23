// The geometry of a channels-last 2-D convolution, as the conv gradient kernels receive it.
import * as tf from '../tf.js';

type Shape4D = [number, number, number, number];

export interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** tfjs's conv geometry for NHWC input and filter shapes; NCHW is refused, naming the kernel. */
export function nhwcConvInfo(
  kernelName: string,
  inputShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat !== 'NHWC') throw new Error(`${kernelName} on wasm supports NHWC only; got ${attrs.dataFormat}`);
  return tf.backend_util.computeConv2DInfo(
    inputShape as Shape4D,
    filterShape as Shape4D,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * Output rows (one (image, oy) pair each) per slice of the conv gradients' patch matrices: a slice
 * of about `bytes` stays in the core's cache between the pass that writes it and the GEMM that
 * reads it, where the whole matrix (151 MB for a 32x32x64 layer at batch 64) goes to memory and
 * back. Measured against the whole matrix, alternating in one process: dW 1.1-1.3x faster on
 * six layer shapes (one slower, a 'valid' 6x6 layer); dX by GEMM about the same.
 */
export function rowsPerSlice(info: tf.backend_util.Conv2DInfo, bytes = 1 << 20): number {
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  return Math.max(1, Math.floor(bytes / (4 * patch * info.outWidth)));
}
