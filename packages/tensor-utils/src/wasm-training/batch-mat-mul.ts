// BatchMatMul and _FusedMatMul on wasm are fast (XNNPACK) only for one matrix product without
// transposes: with transposeA or transposeB, or more than one product in the batch, they fall back
// to a scalar loop (measured ~2.5 vs ~30 GFLOP/s). Every matMul gradient asks for a transpose, so
// we transpose explicitly (one memory pass) and then take the fast path; batched products (the
// attention of a transformer) run on our SIMD kernel. Batched _FusedMatMul with a bias also adds
// the wrong bias to every row after the first (tfjs-backend-wasm 4.22), so there we add bias and
// activation ourselves.
import * as tf from '../tf.js';
import {
  allocate,
  type KernelFunc,
  release,
  type TensorInfo,
  type WasmBackend,
  wasmKernel,
  wasmKernelConfig,
} from './heap.js';
import { pointer, simdKernels } from './simd.js';

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: WasmBackend; attrs: tf.NamedAttrMap };

function transposeLastTwo(transpose: KernelFunc, backend: WasmBackend, x: TensorInfo): TensorInfo {
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

/** The number of matrices in a batch of shape [...outer, rows, columns]. */
const batchSize = (shape: number[]): number => shape.slice(0, -2).reduce((size, dim) => size * dim, 1);

/**
 * a·b for non-transposed float32 operands with more than one product, on the SIMD kernel; null when
 * the backend's kernel must do it (one product, other dtypes, or batch dimensions that broadcast
 * other than one matrix against all).
 */
function simdBatchMatMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  const [batchA, batchB] = [batchSize(a.shape), batchSize(b.shape)];
  const batches = Math.max(batchA, batchB);
  if (batches <= 1 || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (batchSize([...outer, 1, 1]) !== batches || (batchA !== batches && batchA !== 1)) return null;
  const [m, k] = a.shape.slice(-2);
  const [kB, n] = b.shape.slice(-2);
  if (k !== kB) return null; // the backend's kernel reports the mismatch
  const out = allocate(backend, [...outer, m, n]);
  simdKernels(backend).batchMatMul(
    pointer(backend, a),
    pointer(backend, b),
    pointer(backend, out),
    batches,
    m,
    k,
    n,
    batchA === 1 ? 0 : m * k,
    batchB === 1 ? 0 : k * n,
  );
  return out;
}

/** product + bias, then the fused activation, each by the backend's own kernels. */
function addBiasAndActivate(product: TensorInfo, { inputs, backend, attrs }: KernelArgs): TensorInfo {
  let biased = product;
  if (inputs.bias != null) {
    biased = wasmKernel('Add')({ inputs: { a: product, b: inputs.bias as TensorInfo }, backend });
    release(backend, product);
  }
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
    const batched = Math.max(batchSize(a.shape), batchSize(b.shape)) > 1;
    if (!transposeA && !transposeB && !batched) return original({ inputs, backend, attrs });
    const fastA = transposeA ? transposeLastTwo(transpose, backend, a) : a;
    const fastB = transposeB ? transposeLastTwo(transpose, backend, b) : b;
    const fastAttrs = { ...attrs, transposeA: false, transposeB: false };
    let out: TensorInfo;
    if (batched) {
      const product =
        simdBatchMatMul(backend, fastA, fastB) ??
        batchMatMul({ inputs: { a: fastA, b: fastB }, backend, attrs: fastAttrs });
      out = kernelName === '_FusedMatMul' ? addBiasAndActivate(product, { inputs, backend, attrs }) : product;
    } else {
      out = original({ inputs: { ...inputs, a: fastA, b: fastB }, backend, attrs: fastAttrs });
    }
    release(
      backend,
      ...[transposeA ? fastA : null, transposeB ? fastB : null].filter((x): x is TensorInfo => x !== null),
    );
    return out;
  });
}
