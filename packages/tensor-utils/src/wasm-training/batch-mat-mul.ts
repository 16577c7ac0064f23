// BatchMatMul and _FusedMatMul on wasm are fast (XNNPACK) only without transposes: with
// transposeA or transposeB they fall back to a slow loop (measured ~2.5 vs ~30 GFLOP/s). Every
// matMul gradient asks for a transpose, so we transpose explicitly (one memory pass) and then
// take the fast path. Batched _FusedMatMul with a bias also adds the wrong bias to every row after
// the first (tfjs-backend-wasm 4.22), so there we add bias and activation ourselves.
import type * as tf from '../tf.js';
import { release, type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';

type Kernel = ReturnType<typeof wasmKernel>;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: WasmBackend; attrs: tf.NamedAttrMap };

function transposeLastTwo(transpose: Kernel, backend: WasmBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return transpose({ inputs: { x }, backend, attrs: { perm } });
}

const ACTIVATION_KERNELS: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/** product + bias, then the fused activation, each by the backend's own kernels. */
function addBiasAndActivate(product: TensorInfo, { inputs, backend, attrs }: KernelArgs): TensorInfo {
  const biased = wasmKernel('Add')({ inputs: { a: product, b: inputs.bias as TensorInfo }, backend });
  release(backend, product);
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  if (activation === 'linear') return biased;
  const kernelName = ACTIVATION_KERNELS[activation];
  if (!kernelName) throw new Error(`_FusedMatMul on wasm: unknown activation '${activation}'`);
  const activationInputs =
    activation === 'prelu' ? { x: biased, alpha: inputs.preluActivationWeights as TensorInfo } : { x: biased };
  const out = wasmKernel(kernelName)({
    inputs: activationInputs,
    backend,
    attrs: { alpha: attrs.leakyreluAlpha as number },
  });
  release(backend, biased);
  return out;
}

/** Wraps a matMul-like wasm kernel so that transposed operands take the fast path. */
export function fastTransposedMatMul(kernelName: 'BatchMatMul' | '_FusedMatMul'): tf.KernelConfig {
  const original = wasmKernel(kernelName);
  const batchMatMul = wasmKernel('BatchMatMul');
  const transpose = wasmKernel('Transpose');
  return wasmKernelConfig(kernelName, ({ inputs, backend, attrs }: KernelArgs) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const batched = Math.max(a.shape.length, b.shape.length) > 2 && (a.shape[0] > 1 || b.shape[0] > 1);
    const biasBug = kernelName === '_FusedMatMul' && inputs.bias != null && batched;
    if (!transposeA && !transposeB && !biasBug) return original({ inputs, backend, attrs });
    const fastA = transposeA ? transposeLastTwo(transpose, backend, a) : a;
    const fastB = transposeB ? transposeLastTwo(transpose, backend, b) : b;
    const fastAttrs = { ...attrs, transposeA: false, transposeB: false };
    const out = biasBug
      ? addBiasAndActivate(batchMatMul({ inputs: { a: fastA, b: fastB }, backend, attrs: fastAttrs }), {
          inputs,
          backend,
          attrs,
        })
      : original({ inputs: { ...inputs, a: fastA, b: fastB }, backend, attrs: fastAttrs });
    release(
      backend,
      ...[transposeA ? fastA : null, transposeB ? fastB : null].filter((x): x is TensorInfo => x !== null),
    );
    return out;
  });
}
