// Concat and SplitV on wasm for an inner axis: the backend's kernels take ~10 ns per element on the
// cGAN's [128,28,28,1] + [128,28,28,10] conditioning concat (and its gradient, a split). Both are
// rows of contiguous runs, copied here with one memory.copy per run.
import * as tf from '../tf.js';
import { type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

export function concatConfig(): tf.KernelConfig {
  const original = wasmKernel('Concat');
  return wasmKernelConfig(
    'Concat',
    ({ inputs, backend, attrs }: { inputs: TensorInfo[]; backend: WasmBackend; attrs: { axis: number } }) => {
      const bytes = BYTES[inputs[0].dtype];
      if (bytes === undefined || inputs.some((t) => t.dtype !== inputs[0].dtype)) {
        return original({ inputs: inputs as unknown as tf.NamedTensorInfoMap, backend, attrs });
      }
      const axis = tf.util.parseAxisParam(attrs.axis, inputs[0].shape)[0];
      const outShape = tf.backend_util.computeOutShape(
        inputs.map((t) => t.shape),
        axis,
      );
      const out = backend.makeOutput(outShape, inputs[0].dtype);
      const rows = tf.util.sizeFromShape(outShape.slice(0, axis));
      const rowBytes = tf.util.sizeFromShape(outShape.slice(axis)) * bytes;
      const simd = simdKernels(backend);
      let offset = 0;
      for (const input of inputs) {
        const runBytes = tf.util.sizeFromShape(input.shape.slice(axis)) * bytes;
        if (runBytes > 0 && rows > 0)
          simd.copyRuns(pointer(backend, input), runBytes, pointer(backend, out) + offset, rowBytes, rows, runBytes);
        offset += runBytes;
      }
      return out;
    },
  );
}

export function splitConfig(): tf.KernelConfig {
  const original = wasmKernel('SplitV');
  return wasmKernelConfig(
    'SplitV',
    ({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo };
      backend: WasmBackend;
      attrs: { numOrSizeSplits: number | number[]; axis: number };
    }) => {
      const { x } = inputs;
      const bytes = BYTES[x.dtype];
      if (bytes === undefined) return original({ inputs, backend, attrs });
      const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits, axis);
      const rows = tf.util.sizeFromShape(x.shape.slice(0, axis));
      const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
      const rowBytes = x.shape[axis] * inner * bytes;
      const simd = simdKernels(backend);
      const outputs = sizes.map((size) => {
        const shape = [...x.shape];
        shape[axis] = size;
        return backend.makeOutput(shape, x.dtype);
      });
      let offset = 0;
      sizes.forEach((size, i) => {
        const runBytes = size * inner * bytes;
        if (runBytes > 0 && rows > 0)
          simd.copyRuns(pointer(backend, x) + offset, rowBytes, pointer(backend, outputs[i]), runBytes, rows, runBytes);
        offset += runBytes;
      });
      return outputs;
    },
  );
}
