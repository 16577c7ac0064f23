// Pieces both conv gradient kernels (conv2d-backprop-filter.ts, conv2d-backprop-input.ts) use: a
// stride-1 XNNPACK convolution with explicit padding, and the slices of output rows their GEMM paths
// work in, with each slice's rows of dY copied out.
import type * as tf from '../tf.js';
import { allocate, type KernelFunc, type TensorInfo, type WasmBackend } from './heap.js';
import { pointer, simdKernels } from './simd.js';

/**
 * Output rows (one (image, oy) pair each) per slice of the conv gradients' patch matrices: a slice
 * of about `bytes` stays in the core's cache between the pass that writes it and the GEMM that
 * reads it, where the whole matrix (151 MB for a 32x32x64 layer at batch 64) goes to memory and
 * back. Measured against the whole matrix, alternating in one process: dW 1.1-1.3x faster on
 * six layer shapes (one slower, a 'valid' 6x6 layer); dX by GEMM about the same.
 */
function rowsPerSlice(info: tf.backend_util.Conv2DInfo, bytes = 1 << 20): number {
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  return Math.max(1, Math.floor(bytes / (4 * patch * info.outWidth)));
}

export interface RowSlice {
  /** The first output row (one (image, oy) pair) of the slice. */
  first: number;
  rows: number;
  /** Output positions in the slice: rows * outWidth. */
  positions: number;
}

/** The output rows of the convolution in cache-sized slices, the last one possibly shorter. */
export function* outputRowSlices(info: tf.backend_util.Conv2DInfo): Generator<RowSlice> {
  const totalRows = info.batchSize * info.outHeight;
  const sliceRows = Math.min(totalRows, rowsPerSlice(info));
  for (let first = 0; first < totalRows; first += sliceRows) {
    const rows = Math.min(sliceRows, totalRows - first);
    yield { first, rows, positions: rows * info.outWidth };
  }
}

/** The slice's rows of dY ([positions, Co] in NHWC) as a fresh [1, positions, Co] tensor. */
export function outputRowsOf(
  backend: WasmBackend,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  { first, positions }: RowSlice,
): TensorInfo {
  const co = info.outChannels;
  const slice = allocate(backend, [1, positions, co]);
  const from = pointer(backend, dy) + 4 * first * info.outWidth * co;
  simdKernels(backend).copyRuns(from, 0, pointer(backend, slice), 0, 1, 4 * positions * co);
  return slice;
}

/** XNNPACK's NHWC convolution at stride 1 with explicit [top, bottom, left, right] padding. */
export function convolveStride1(
  conv2d: KernelFunc,
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  [top, bottom, left, right]: number[],
  dilations: [number, number] = [1, 1],
): TensorInfo {
  return conv2d({
    inputs: { x, filter },
    backend,
    attrs: {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations,
    },
  });
}
