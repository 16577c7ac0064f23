// Sum and Mean over the leading axes on wasm (e.g. [N, H, W, C] -> [C]: bias and batch-norm
// gradients), and over a block of inner axes per sample (e.g. [N, H, W, C] -> [N, 1, 1, C]:
// instance normalisation, AdaIN, global average pooling, masked sequence means). The backend
// transposes the reduced axes to the end first and takes ~10 ms for the cGAN's [128,13,13,64]
// activations; one SIMD pass accumulating rows in float64 takes ~1 ms. Reductions that include
// the last axis go to the backend's own kernels.
import * as tf from '../tf.js';
import { allocate, release, type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

/**
 * x seen as [samples, rows, cols] when `axes` are one contiguous block of axes that leaves the last
 * one out: rows are the reduced axes, samples the axes before them, cols the axes after. null
 * otherwise.
 */
export function rowBlocks(axes: number[], shape: readonly number[]) {
  const sorted = [...axes].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined || last >= shape.length - 1) return null;
  if (!sorted.every((axis, i) => axis === first + i)) return null;
  return {
    samples: tf.util.sizeFromShape(shape.slice(0, first)),
    rows: tf.util.sizeFromShape(shape.slice(first, last + 1)),
    cols: tf.util.sizeFromShape(shape.slice(last + 1)),
  };
}

/** A float64 scratch buffer of `count` values, as a float32 tensor of twice the length. */
export function float64Scratch(backend: WasmBackend, count: number): TensorInfo {
  return allocate(backend, [2 * count]);
}

export function reduceLeadingAxesConfig(kernelName: 'Sum' | 'Mean'): tf.KernelConfig {
  const original = wasmKernel(kernelName);
  return wasmKernelConfig(
    kernelName,
    ({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo };
      backend: WasmBackend;
      attrs: { axis: number | number[]; keepDims: boolean };
    }) => {
      const { x } = inputs;
      const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
      const blocks = x.dtype === 'float32' ? rowBlocks(axes, x.shape) : null;
      if (!blocks) return original({ inputs, backend, attrs });
      const { samples, rows, cols } = blocks;
      const outShape = x.shape.flatMap((size, axis) => (!axes.includes(axis) ? [size] : attrs.keepDims ? [1] : []));
      const out = allocate(backend, outShape);
      const acc = float64Scratch(backend, cols);
      const scale = kernelName === 'Mean' ? 1 / rows : 1;
      const simd = simdKernels(backend);
      for (let sample = 0; sample < samples; sample++) {
        simd.sumRows(
          pointer(backend, x) + 4 * sample * rows * cols,
          rows,
          cols,
          scale,
          pointer(backend, out) + 4 * sample * cols,
          pointer(backend, acc),
        );
      }
      release(backend, acc);
      return out;
    },
  );
}
