// Conv2DBackpropInput for wasm: the gradient of conv2d with respect to its input, and the forward
// pass of conv2dTranspose. The backend's own kernel is ~8x slower than its forward conv; we use one
// fast GEMM, dcol[M, K] = dY[M, Co] · Wᵀ[Co, K], then scatter-add the columns into the image
// (col2im), touching every useful product exactly once whatever the stride.
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
  inputShape: [number, number, number, number];
}

export function conv2dBackpropInputConfig(): tf.KernelConfig {
  const batchMatMul = wasmKernel('BatchMatMul');
  const transpose = wasmKernel('Transpose');
  return wasmKernelConfig(
    'Conv2DBackpropInput',
    ({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { dy: TensorInfo; filter: TensorInfo };
      backend: WasmBackend;
      attrs: Attrs;
    }) => {
      const { dy, filter } = inputs;
      const info = nhwcConvInfo('Conv2DBackpropInput', attrs.inputShape, filter.shape, attrs);
      const k = info.filterHeight * info.filterWidth * info.inChannels;
      const m = info.batchSize * info.outHeight * info.outWidth;
      const filterT = transpose({
        inputs: { x: withShape(filter, [k, info.outChannels]) },
        backend,
        attrs: { perm: [1, 0] },
      });
      const cols = batchMatMul({
        inputs: { a: withShape(dy, [1, m, info.outChannels]), b: withShape(filterT, [1, info.outChannels, k]) },
        backend,
        attrs: { transposeA: false, transposeB: false },
      });
      release(backend, filterT);
      const dx = allocate(backend, [...attrs.inputShape]);
      const simd = simdKernels(backend);
      setGeometry(simd, info);
      simd.col2imAdd(pointer(backend, cols), pointer(backend, dx));
      release(backend, cols);
      return dx;
    },
  );
}
