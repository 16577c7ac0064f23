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
