// Identity for wasm shares the input's memory (as the cpu backend does) instead of copying it: tfjs
// calls it for every cloned tensor and gradient pass-through (80+ times per cGAN discriminator step),
// and no kernel writes into its inputs, so a copy buys nothing. The same goes for a Cast to the
// dtype the tensor already has (every tfjs gradient casts its masks to float32: 118 copies per
// DARTS step).
import type * as tf from '../tf.js';
import { type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';

/** The same data as a new tensor, sharing its memory. */
function share(backend: WasmBackend, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function identityConfig(): tf.KernelConfig {
  const original = wasmKernel('Identity');
  return wasmKernelConfig('Identity', ({ inputs, backend }: { inputs: { x: TensorInfo }; backend: WasmBackend }) => {
    const { x } = inputs;
    return x.dtype === 'string' ? original({ inputs, backend }) : share(backend, x);
  });
}

export function castConfig(): tf.KernelConfig {
  const original = wasmKernel('Cast');
  return wasmKernelConfig(
    'Cast',
    ({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo };
      backend: WasmBackend;
      attrs: { dtype: tf.DataType };
    }) => {
      const { x } = inputs;
      return x.dtype === attrs.dtype && x.dtype !== 'string' ? share(backend, x) : original({ inputs, backend, attrs });
    },
  );
}
