// Identity for wasm shares the input's memory (as the cpu backend does) instead of copying it: tfjs
// calls it for every cloned tensor and gradient pass-through (80+ times per cGAN discriminator step),
// and no kernel writes into its inputs, so a copy buys nothing.
import type * as tf from '../tf.js';
import { type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';

export function identityConfig(): tf.KernelConfig {
  const original = wasmKernel('Identity');
  return wasmKernelConfig('Identity', ({ inputs, backend }: { inputs: { x: TensorInfo }; backend: WasmBackend }) => {
    const { x } = inputs;
    if (x.dtype === 'string') return original({ inputs, backend });
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
