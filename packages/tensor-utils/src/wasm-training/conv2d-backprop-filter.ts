// Conv2DBackpropFilter for wasm, which has none (so no conv layer could train on it).
// dW[K, Co] = Xcolᵀ[K, M] · dY[M, Co], with K = fh·fw·Ci and M = N·Ho·Wo. We write the transposed
// im2col matrix directly (so the product needs no transpose and runs on XNNPACK's fast path) and
// let dY be used in place: in NHWC it already is the [M, Co] matrix.
import type * as tf from '../tf.js';
import { type ConvAttrs, nhwcConvInfo } from './conv-geometry.js';
import {
  allocate,
  release,
  type TensorInfo,
  type WasmBackend,
  wasmKernel,
  wasmKernelConfig,
  withShape,
} from './heap.js';
import { pointer, setGeometry, simdKernels } from './simd.js';

interface Attrs extends ConvAttrs {
  filterShape: [number, number, number, number];
}

export function conv2dBackpropFilterConfig(): tf.KernelConfig {
  const batchMatMul = wasmKernel('BatchMatMul');
  return wasmKernelConfig(
    'Conv2DBackpropFilter',
    ({ inputs, backend, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackend; attrs: Attrs }) => {
      const { x, dy } = inputs;
      const info = nhwcConvInfo('Conv2DBackpropFilter', x.shape, attrs.filterShape, attrs);
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
    },
  );
}
