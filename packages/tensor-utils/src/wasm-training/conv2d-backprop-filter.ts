// Conv2DBackpropFilter for wasm, which has none (so no conv layer could train on it).
// - Usually one XNNPACK convolution with batch and channels swapped (no patch matrix at all).
// - Otherwise dW[K, Co] = Xcolᵀ[K, M] · dY[M, Co], with K = fh·fw·Ci and M = N·Ho·Wo, summed over
//   slices of a few output rows: each slice's transposed im2col matrix is written while it fits in
//   cache and read straight back by XNNPACK's GEMM (fast path, no transposes). The whole matrix at
//   once is K·M floats (151 MB for a 32x32x64 layer at batch 64).
import type * as tf from '../tf.js';
import { type ConvAttrs, nhwcConvInfo } from './conv-geometry.js';
import { convolveStride1, outputRowSlices, outputRowsOf } from './conv-gradient-parts.js';
import {
  allocate,
  type KernelFunc,
  release,
  type TensorInfo,
  type WasmBackend,
  wasmKernel,
  wasmKernelConfig,
} from './heap.js';
import { pointer, setGeometry, simdKernels } from './simd.js';

interface Attrs extends ConvAttrs {
  filterShape: [number, number, number, number];
}

/**
 * dW as one XNNPACK convolution, without any patch matrix: with batch and channels swapped
 * (X as [Ci, H, W, N], dY as a [Ho, Wo, N, Co] filter dilated by the stride), the convolution's
 * output [Ci, fh, fw, Co] is dW up to a transpose. Null when the forward pass never read the last
 * rows or columns of X (the padding would be negative), or when the patches are small.
 */
function byConvolution(
  conv2d: KernelFunc,
  transpose: KernelFunc,
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo | null {
  // The swapped convolution has fh·fw·Ci output pixels: with fewer than 64, XNNPACK's tiles are
  // mostly empty (the Q6 CNN's first layer, 3 channels: 75 ms against 58 by GEMM).
  if (info.filterHeight * info.filterWidth * info.inChannels < 64) return null;
  const { top, left } = info.padInfo;
  const bottom = info.filterHeight + (info.outHeight - 1) * info.strideHeight - info.inHeight - top;
  const right = info.filterWidth + (info.outWidth - 1) * info.strideWidth - info.inWidth - left;
  if (bottom < 0 || right < 0) return null;
  const images = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
  const filter = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
  const product = convolveStride1(
    conv2d,
    backend,
    images,
    filter,
    [top, bottom, left, right],
    [info.strideHeight, info.strideWidth],
  );
  release(backend, images, filter);
  const dw = transpose({ inputs: { x: product }, backend, attrs: { perm: [1, 2, 0, 3] } });
  release(backend, product);
  return dw;
}

/** dW by GEMMs over slices of output rows, their products summed. */
function bySlicedGemm(
  batchMatMul: KernelFunc,
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const co = info.outChannels;
  const simd = simdKernels(backend);
  setGeometry(simd, info);
  let dw: TensorInfo | null = null;
  for (const slice of outputRowSlices(info)) {
    const cols = allocate(backend, [1, k, slice.positions]);
    simd.im2colTransposed(pointer(backend, x), pointer(backend, cols), slice.first, slice.rows);
    // A fresh tensor per slice: XNNPACK caches its packed weights by tensor id.
    const dySlice = outputRowsOf(backend, dy, info, slice);
    const product = batchMatMul({
      inputs: { a: cols, b: dySlice },
      backend,
      attrs: { transposeA: false, transposeB: false },
    });
    release(backend, cols, dySlice);
    if (dw === null) dw = product;
    else {
      simd.addInto(pointer(backend, dw), pointer(backend, product), k * co);
      release(backend, product);
    }
  }
  if (dw === null) {
    // No output positions (an empty batch): the gradient is zero.
    dw = allocate(backend, [1, k, co]);
    simd.fillZero(pointer(backend, dw), 4 * k * co);
  }
  return dw;
}

export function conv2dBackpropFilterConfig(): tf.KernelConfig {
  const batchMatMul = wasmKernel('BatchMatMul');
  const conv2d = wasmKernel('Conv2D');
  const transpose = wasmKernel('Transpose');
  return wasmKernelConfig(
    'Conv2DBackpropFilter',
    ({ inputs, backend, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackend; attrs: Attrs }) => {
      const { x, dy } = inputs;
      const info = nhwcConvInfo('Conv2DBackpropFilter', x.shape, attrs.filterShape, attrs);
      const dw =
        byConvolution(conv2d, transpose, backend, x, dy, info) ?? bySlicedGemm(batchMatMul, backend, x, dy, info);
      dw.shape = [...attrs.filterShape];
      return dw;
    },
  );
}
