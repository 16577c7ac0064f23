// UnsortedSegmentSum for wasm, which has none: it is the gradient of gather, so without it no
// embedding layer trains. out[segmentIds[i], ...] += x[i, ...], in one pass over x.
import * as tf from '../tf.js';
import { allocate, heapView, type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';

export function unsortedSegmentSumConfig(): tf.KernelConfig {
  return wasmKernelConfig(
    'UnsortedSegmentSum',
    ({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo; segmentIds: TensorInfo };
      backend: WasmBackend;
      attrs: { numSegments: number };
    }) => {
      const { x, segmentIds } = inputs;
      const { numSegments } = attrs;
      if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum on wasm supports float32 only; got ${x.dtype}`);
      const idsRank = segmentIds.shape.length;
      const segments = tf.util.sizeFromShape(segmentIds.shape);
      const inner = tf.util.sizeFromShape(x.shape.slice(idsRank));
      const out = allocate(backend, [numSegments, ...x.shape.slice(idsRank)]);
      const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
      const values = heapView(backend, x);
      const sums = heapView(backend, out);
      sums.fill(0);
      for (let i = 0; i < segments; i++) {
        const segment = ids[i];
        // Like TensorFlow, ids outside [0, numSegments) are dropped.
        if (segment < 0 || segment >= numSegments) continue;
        const from = i * inner;
        const to = segment * inner;
        for (let j = 0; j < inner; j++) sums[to + j] += values[from + j];
      }
      return out;
    },
  );
}
