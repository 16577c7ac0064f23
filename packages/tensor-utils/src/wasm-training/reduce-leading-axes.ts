// Sum and Mean over the leading axes on wasm (e.g. [N, H, W, C] -> [C]: bias and batch-norm
// gradients). The backend transposes the reduced axes to the end first and takes ~10 ms for the
// cGAN's [128,13,13,64] activations; one SIMD pass accumulating rows in float64 takes ~1 ms.
// Other reductions go to the backend's own kernels.
import * as tf from '../tf.js';
import { allocate, release, type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

/** Number of leading axes in `axes` if they are exactly 0..k-1 with k < rank, else 0. */
export function leadingAxesCount(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((axis, i) => axis === i) && sorted.length < rank ? sorted.length : 0;
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
      const reduced = x.dtype === 'float32' ? leadingAxesCount(axes, x.shape.length) : 0;
      if (reduced === 0) return original({ inputs, backend, attrs });
      const rows = tf.util.sizeFromShape(x.shape.slice(0, reduced));
      const kept = x.shape.slice(reduced);
      const cols = tf.util.sizeFromShape(kept);
      const outShape = attrs.keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept;
      const out = allocate(backend, outShape);
      const acc = float64Scratch(backend, cols);
      const scale = kernelName === 'Mean' ? 1 / rows : 1;
      simdKernels(backend).sumRows(
        pointer(backend, x),
        rows,
        cols,
        scale,
        pointer(backend, out),
        pointer(backend, acc),
      );
      release(backend, acc);
      return out;
    },
  );
}
