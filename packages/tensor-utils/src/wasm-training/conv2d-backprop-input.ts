// Conv2DBackpropInput for wasm: the gradient of conv2d with respect to its input, and the forward
// pass of conv2dTranspose. The backend's own kernel is ~8x slower than its forward conv.
// - Stride 1: dX is the 'full' convolution of dY with the filter turned by 180° and its channel
//   axes swapped, which XNNPACK's convolution computes without any patch matrix.
// - Otherwise: one fast GEMM per slice of a few output rows, dcol[M, K] = dY[M, Co] · Wᵀ[Co, K],
//   scatter-added into the image (col2im) while the slice is still in cache; every useful product
//   is computed once whatever the stride.
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
  withShape,
} from './heap.js';
import { pointer, setGeometry, simdKernels } from './simd.js';

interface Attrs extends ConvAttrs {
  inputShape: [number, number, number, number];
}
interface Kernels {
  batchMatMul: KernelFunc;
  conv2d: KernelFunc;
  transpose: KernelFunc;
}

/**
 * Stride 1, and dX not much larger than dY: the flipped convolution multiplies every dX position
 * by a whole filter, padding included, so a 'valid' layer that grows 3x3 into 6x6 would cost 4x
 * the useful products (the cGAN generator's second layer measured 150 ms against 20 by GEMM).
 */
function flippedConvolutionPays(info: tf.backend_util.Conv2DInfo): boolean {
  const strideOne = info.strideHeight === 1 && info.strideWidth === 1;
  return strideOne && info.inHeight * info.inWidth <= 1.5 * info.outHeight * info.outWidth;
}

/** dX by XNNPACK's forward convolution (stride 1, no dilation), or null when the pads do not allow it. */
function byFlippedConvolution(
  { conv2d, transpose }: Kernels,
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo | null {
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const { top, bottom, left, right } = info.padInfo;
  const pads = [fh - 1 - top, fh - 1 - bottom, fw - 1 - left, fw - 1 - right];
  if (pads.some((pad) => pad < 0)) return null;
  // The filter turned by 180° with its channel axes swapped, [fh, fw, Co, Ci]: turning reverses
  // the order of the fh·fw taps, so one transpose of [taps, Ci, Co] and its tap blocks copied in
  // reverse order (the backend's Reverse kernel takes ~4 ms for a 3x3x64x64 filter).
  const [taps, ci, co] = [fh * fw, info.inChannels, info.outChannels];
  const swapped = transpose({ inputs: { x: withShape(filter, [taps, ci, co]) }, backend, attrs: { perm: [0, 2, 1] } });
  const turned = allocate(backend, [fh, fw, co, ci]);
  const simd = simdKernels(backend);
  const blockBytes = 4 * ci * co;
  for (let tap = 0; tap < taps; tap++) {
    const from = pointer(backend, swapped) + tap * blockBytes;
    simd.copyRuns(from, 0, pointer(backend, turned) + (taps - 1 - tap) * blockBytes, 0, 1, blockBytes);
  }
  release(backend, swapped);
  const dx = convolveStride1(conv2d, backend, dy, turned, pads);
  release(backend, turned);
  return dx;
}

/** dX by slices: GEMM of a few output rows' dY with Wᵀ, then col2im of that slice. */
function bySlicedGemm(
  { batchMatMul, transpose }: Kernels,
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  inputShape: number[],
): TensorInfo {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const co = info.outChannels;
  const filterT = transpose({ inputs: { x: withShape(filter, [k, co]) }, backend, attrs: { perm: [1, 0] } });
  const dx = allocate(backend, inputShape);
  const simd = simdKernels(backend);
  simd.fillZero(pointer(backend, dx), 4 * inputShape.reduce((a, b) => a * b, 1));
  setGeometry(simd, info);
  for (const slice of outputRowSlices(info)) {
    const dySlice = outputRowsOf(backend, dy, info, slice);
    // Wᵀ is the GEMM's weights: one tensor for every slice, so XNNPACK packs it once.
    const cols = batchMatMul({
      inputs: { a: dySlice, b: withShape(filterT, [1, co, k]) },
      backend,
      attrs: { transposeA: false, transposeB: false },
    });
    simd.col2imAdd(pointer(backend, cols), pointer(backend, dx), slice.first, slice.rows);
    release(backend, dySlice, cols);
  }
  release(backend, filterT);
  return dx;
}

export function conv2dBackpropInputConfig(): tf.KernelConfig {
  const kernels: Kernels = {
    batchMatMul: wasmKernel('BatchMatMul'),
    conv2d: wasmKernel('Conv2D'),
    transpose: wasmKernel('Transpose'),
  };
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
      const viaConvolution = flippedConvolutionPays(info)
        ? byFlippedConvolution(kernels, backend, dy, filter, info)
        : null;
      return viaConvolution ?? bySlicedGemm(kernels, backend, dy, filter, info, [...attrs.inputShape]);
    },
  );
}
