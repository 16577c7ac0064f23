// BatchMatMul and _FusedMatMul on wasm are fast (XNNPACK) only without transposes: with
// transposeA or transposeB they fall back to a slow loop (measured ~2.5 vs ~30 GFLOP/s). Every
// matMul gradient asks for a transpose, so we transpose explicitly (one memory pass) and then
// take the fast path.

import type * as tf from '../tf.js';
import { release, type TensorInfo, type WasmBackend, wasmKernel } from './heap.js';

function transposeLastTwo(transpose: ReturnType<typeof wasmKernel>, backend: WasmBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return transpose({ inputs: { x }, backend, attrs: { perm } });
}

/** Wraps a matMul-like wasm kernel so that transposed operands take the fast path. */
export function fastTransposedMatMul(kernelName: 'BatchMatMul' | '_FusedMatMul'): tf.KernelConfig {
  const original = wasmKernel(kernelName);
  const transpose = wasmKernel('Transpose');
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (({
      inputs,
      backend,
      attrs,
    }: {
      inputs: tf.NamedTensorInfoMap;
      backend: WasmBackend;
      attrs: tf.NamedAttrMap;
    }) => {
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
      const temporaries: TensorInfo[] = [];
      const a = transposeA ? transposeLastTwo(transpose, backend, inputs.a as TensorInfo) : inputs.a;
      const b = transposeB ? transposeLastTwo(transpose, backend, inputs.b as TensorInfo) : inputs.b;
      if (transposeA) temporaries.push(a as TensorInfo);
      if (transposeB) temporaries.push(b as TensorInfo);
      const out = original({
        inputs: { ...inputs, a, b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
      release(backend, ...temporaries);
      return out;
    }) as unknown as tf.KernelFunc,
  };
}
