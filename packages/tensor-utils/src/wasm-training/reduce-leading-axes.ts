// Sum and Mean over the leading axes on wasm (e.g. [N, H, W, C] -> [C]: batch-norm statistics, bias
// and batch-norm gradients). The backend transposes the reduced axes to the end first and takes
// ~10 ms for the cGAN's [128,13,13,64] activations; one pass accumulating rows takes ~1 ms. Other
// reductions go to the backend's own kernels.
import * as tf from '../tf.js';
import { heapView, type TensorInfo, type WasmBackend, wasmKernel } from './heap.js';

/** Number of leading axes reduced, if `axes` are exactly 0..k-1 (and not all of them); else 0. */
function leadingAxesCount(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  const leading = sorted.every((axis, i) => axis === i);
  return leading && sorted.length < rank ? sorted.length : 0;
}

/** Column sums of a row-major [rows, columns] matrix, accumulated in float64. */
export function sumRows(x: Float32Array, rows: number, columns: number, scale: number, out: Float32Array): void {
  const accumulator = new Float64Array(columns);
  for (let r = 0, offset = 0; r < rows; r++, offset += columns) {
    for (let c = 0; c < columns; c++) accumulator[c] += x[offset + c];
  }
  for (let c = 0; c < columns; c++) out[c] = accumulator[c] * scale;
}

export function reduceLeadingAxesConfig(kernelName: 'Sum' | 'Mean'): tf.KernelConfig {
  const original = wasmKernel(kernelName);
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (({
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
      const outShape = attrs.keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept;
      const out = backend.makeOutput(outShape, 'float32');
      const scale = kernelName === 'Mean' ? 1 / rows : 1;
      sumRows(heapView(backend, x), rows, tf.util.sizeFromShape(kept), scale, heapView(backend, out));
      return out;
    }) as unknown as tf.KernelFunc,
  };
}
