// Add, Sub, Multiply, RealDiv and Equal with broadcasting on wasm. The backend's own kernels are fast only
// for equal shapes (XNNPACK); a channel vector, a per-sample [N, 1, 1, C] or a per-pixel
// [N, H, W, 1] operand takes a generic path 3-8x slower, and training is full of those: every
// bias add (conv and dense layers run unfused while recording gradients), instance normalisation,
// AdaIN's styles, StyleGAN's noise; Equal is max pooling's gradient mask (global max pooling over
// time: x == max). Merged to at most 4 dims, each output row is one SIMD run.
import * as tf from '../tf.js';
import { type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

export const BROADCAST_BINARY_KERNELS = ['Add', 'Sub', 'Multiply', 'RealDiv', 'Equal'] as const;
type BinaryKernel = (typeof BROADCAST_BINARY_KERNELS)[number];
const OPS: Record<Exclude<BinaryKernel, 'Equal'>, number> = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 };

export interface BroadcastPlan {
  outShape: number[];
  /** At most 4 dims (outer to inner) and each input's strides in elements, 0 where it repeats. */
  dims: [number, number, number, number];
  aStrides: [number, number, number, number];
  bStrides: [number, number, number, number];
}

/** Element strides of `shape` broadcast to `rank` dims against `outShape`: 0 where it repeats. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const padded = [...new Array<number>(outShape.length - shape.length).fill(1), ...shape];
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let d = outShape.length - 1; d >= 0; d--) {
    strides[d] = padded[d] === 1 && outShape[d] !== 1 ? 0 : stride;
    stride *= padded[d] as number;
  }
  return strides;
}

/** How to run a op b as one 4-dim loop, or null when the shapes need more dims than that. */
export function broadcastPlan(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | null {
  const outShape = tf.backend_util.assertAndGetBroadcastShape([...aShape], [...bShape]);
  const aAll = broadcastStrides(aShape, outShape);
  const bAll = broadcastStrides(bShape, outShape);
  // Size-1 dims go; a dim merges into the next when both inputs continue contiguously (or repeat).
  const dims: number[] = [];
  const aStrides: number[] = [];
  const bStrides: number[] = [];
  outShape.forEach((size, d) => {
    if (size === 1) return;
    const last = dims.length - 1;
    const inner = { size, a: aAll[d] as number, b: bAll[d] as number };
    if (last >= 0 && aStrides[last] === inner.a * size && bStrides[last] === inner.b * size) {
      dims[last] = (dims[last] as number) * size;
      aStrides[last] = inner.a;
      bStrides[last] = inner.b;
      return;
    }
    dims.push(size);
    aStrides.push(inner.a);
    bStrides.push(inner.b);
  });
  if (dims.length > 4) return null;
  while (dims.length < 4) {
    dims.unshift(1);
    aStrides.unshift(0);
    bStrides.unshift(0);
  }
  return {
    outShape,
    dims: dims as BroadcastPlan['dims'],
    aStrides: aStrides as BroadcastPlan['aStrides'],
    bStrides: bStrides as BroadcastPlan['bStrides'],
  };
}

export function broadcastBinaryConfig(kernelName: BinaryKernel): tf.KernelConfig {
  const original = wasmKernel(kernelName);
  return wasmKernelConfig(
    kernelName,
    (args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: WasmBackend; attrs?: tf.NamedAttrMap }) => {
      const { a, b } = args.inputs;
      const sameShape = tf.util.arraysEqual(a.shape, b.shape);
      const plan =
        a.dtype === 'float32' && b.dtype === 'float32' && !sameShape ? broadcastPlan(a.shape, b.shape) : null;
      if (!plan) return original(args as Parameters<typeof original>[0]);
      const { backend } = args;
      const out = backend.makeOutput(plan.outShape, kernelName === 'Equal' ? 'bool' : 'float32');
      if (tf.util.sizeFromShape(plan.outShape) === 0) return out;
      const simd = simdKernels(backend);
      simd.setBroadcast(...plan.dims, ...plan.aStrides, ...plan.bStrides);
      const [pa, pb, po] = [pointer(backend, a), pointer(backend, b), pointer(backend, out)];
      if (kernelName === 'Equal') simd.broadcastEqual(pa, pb, po);
      else simd.broadcastBinary(OPS[kernelName], pa, pb, po);
      return out;
    },
  );
}
