// Tile for wasm. The backend's kernel computes an index per element (~30 ns each: 55 ms to tile a
// [1,1,1,64] vector up to the batch-norm activations of the cGAN discriminator); copying whole
// contiguous blocks with TypedArray.set/copyWithin does the same in about a millisecond.
import * as tf from '../tf.js';
import { type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';

type Data = Float32Array | Int32Array | Uint8Array;

/** Writes `x` (shape `shape`) tiled `reps` times into `out`, block by block. */
export function tileInto(x: Data, shape: number[], reps: number[], out: Data): void {
  const rank = shape.length;
  const inBlock = new Array<number>(rank + 1).fill(1);
  const outBlock = new Array<number>(rank + 1).fill(1);
  for (let d = rank - 1; d >= 0; d--) {
    inBlock[d] = inBlock[d + 1] * shape[d];
    outBlock[d] = outBlock[d + 1] * shape[d] * reps[d];
  }
  const fill = (dim: number, inOffset: number, outOffset: number): void => {
    if (dim === rank - 1) {
      const length = shape[dim];
      if (length === 1) out.fill(x[inOffset], outOffset, outOffset + reps[dim]);
      else {
        const row = x.subarray(inOffset, inOffset + length);
        for (let r = 0; r < reps[dim]; r++) out.set(row, outOffset + r * length);
      }
      return;
    }
    for (let i = 0; i < shape[dim]; i++)
      fill(dim + 1, inOffset + i * inBlock[dim + 1], outOffset + i * outBlock[dim + 1]);
    const span = shape[dim] * outBlock[dim + 1];
    for (let r = 1; r < reps[dim]; r++) out.copyWithin(outOffset + r * span, outOffset, outOffset + span);
  };
  if (rank === 0) out[0] = x[0];
  else fill(0, 0, 0);
}

export function tileConfig(): tf.KernelConfig {
  return wasmKernelConfig(
    'Tile',
    ({ inputs, backend, attrs }: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { reps: number[] } }) => {
      const { x } = inputs;
      if (x.dtype === 'string' || x.dtype === 'complex64') throw new Error(`Tile on wasm does not support ${x.dtype}`);
      const outShape = x.shape.map((size, d) => size * attrs.reps[d]);
      const out = backend.makeOutput(outShape, x.dtype);
      if (tf.util.sizeFromShape(outShape) === 0) return out;
      tileInto(backend.typedArrayFromHeap(x) as Data, x.shape, attrs.reps, backend.typedArrayFromHeap(out) as Data);
      return out;
    },
  );
}
