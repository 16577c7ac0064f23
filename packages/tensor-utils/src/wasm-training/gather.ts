// GatherV2 for wasm: the stock kernel walks every output element through generic index arithmetic
// (about 140 ms for 19,200 rows of 32 floats, where copying them takes well under 1 ms), which made
// every embedding lookup the slowest op of a text model's step. Here each gathered slice is one
// typed-array copy on the heap. Batch dims (rare, and wrong in the stock kernel) run on cpu.
import * as tf from '../tf.js';
import { type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';

type Fallback = (args: GatherArgs) => TensorInfo | TensorInfo[];
interface GatherArgs {
  inputs: { x: TensorInfo; indices: TensorInfo };
  backend: WasmBackend;
  attrs: { axis: number; batchDims?: number };
}

/** GatherV2 with batchDims 0 as slice copies on the heap; `withBatchDims` handles batchDims > 0. */
export function gatherConfig(withBatchDims: Fallback): tf.KernelConfig {
  return wasmKernelConfig('GatherV2', (args: GatherArgs) => {
    const { inputs, backend, attrs } = args;
    const { x, indices } = inputs;
    if ((attrs.batchDims ?? 0) > 0) return withBatchDims(args);
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    const axisSize = x.shape[axis] as number;
    const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
    const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    const count = ids.length;
    for (let i = 0; i < count; i++) {
      const id = ids[i] as number;
      if (!(id >= 0 && id < axisSize)) {
        throw new RangeError(`GatherV2: index ${id} (position ${i}) is not in [0, ${axisSize - 1}]`);
      }
    }
    const out = backend.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
    // Views only after the allocation, which may grow (and detach) the heap.
    const source = backend.typedArrayFromHeap(x);
    const target = backend.typedArrayFromHeap(out);
    const idsAfter = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let o = 0; o < outer; o++) {
      const sourceBase = o * axisSize * inner;
      const targetBase = o * count * inner;
      for (let i = 0; i < count; i++) {
        const from = sourceBase + (idsAfter[i] as number) * inner;
        target.set(source.subarray(from, from + inner), targetBase + i * inner);
      }
    }
    return out;
  });
}
