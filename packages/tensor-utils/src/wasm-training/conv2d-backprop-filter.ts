// Conv2DBackpropFilter for wasm, which has none (so no conv layer could train on it).
// dW[K, Co] = Xcolᵀ[K, M] · dY[M, Co], with K = fh·fw·Ci and M = N·Ho·Wo. We write the transposed
// im2col matrix directly (so the product needs no transpose and runs on XNNPACK's fast path) and
// let dY be used in place: in NHWC it already is the [M, Co] matrix.
import * as tf from '../tf.js';
import { allocate, release, type TensorInfo, type WasmBackend, wasmKernel, withShape } from './heap.js';
import { pointer, setGeometry, simdKernels } from './simd.js';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilterConfig(): tf.KernelConfig {
  const batchMatMul = wasmKernel('BatchMatMul');
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo; dy: TensorInfo };
      backend: WasmBackend;
      attrs: Attrs;
    }) => {
      const { x, dy } = inputs;
      if (attrs.dataFormat !== 'NHWC')
        throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only; got ${attrs.dataFormat}`);
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        attrs.filterShape,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        'channelsLast',
      );
      const k = info.filterHeight * info.filterWidth * info.inChannels;
      const m = info.batchSize * info.outHeight * info.outWidth;
      const cols = allocate(backend, [1, k, m]);
      const simd = simdKernels(backend);
      setGeometry(simd, info);
      simd.im2colTransposed(pointer(backend, x), pointer(backend, cols));
      const dw = batchMatMul({
        inputs: { a: cols, b: withShape(dy, [1, m, info.outChannels]) },
        backend,
        attrs: { transposeA: false, transposeB: false },
      });
      release(backend, cols);
      dw.shape = [...attrs.filterShape];
      return dw;
    }) as unknown as tf.KernelFunc,
  };
}
