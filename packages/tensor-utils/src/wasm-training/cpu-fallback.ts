// Kernels the wasm backend lacks and that train rarely enough not to deserve a fast version here
// (depthwise convolution gradients, einsum) run on the cpu backend: inputs are copied out of the
// wasm heap, computed in JavaScript and copied back. Correct, never missing, not fast.
import * as tf from '../tf.js';
import type { TensorInfo, WasmBackend } from './heap.js';

export const CPU_FALLBACK_KERNELS = [
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'Einsum',
] as const;

export function cpuFallbackConfig(kernelName: string): tf.KernelConfig {
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  if (!cpuKernel) throw new Error(`the cpu backend has no '${kernelName}' kernel to fall back on`);
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (({
      inputs,
      backend,
      attrs,
    }: {
      inputs: Record<string, TensorInfo | TensorInfo[]>;
      backend: WasmBackend;
      attrs: tf.NamedAttrMap;
    }) => {
      const cpu = tf.engine().findBackend('cpu');
      if (!cpu) throw new Error(`'${kernelName}' needs the cpu backend as a fallback, and it failed to initialise`);
      const copies: TensorInfo[] = [];
      const toCpu = (info: TensorInfo): TensorInfo => {
        const copy = {
          dataId: cpu.write(backend.readSync(info.dataId), info.shape, info.dtype),
          shape: info.shape,
          dtype: info.dtype,
        };
        copies.push(copy);
        return copy;
      };
      const cpuInputs = Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [name, Array.isArray(value) ? value.map(toCpu) : toCpu(value)]),
      );
      // Einsum takes its operands as an array input; the kernel API types inputs as a map.
      const result = cpuKernel.kernelFunc({
        inputs: cpuInputs as unknown as tf.NamedTensorInfoMap,
        backend: cpu,
        attrs,
      });
      const outputs = Array.isArray(result) ? result : [result];
      const copied = outputs.map((out) =>
        backend.makeOutput(out.shape, out.dtype, undefined, cpu.readSync(out.dataId)),
      );
      for (const info of [...copies, ...outputs]) cpu.disposeData(info.dataId, true);
      return Array.isArray(result) ? copied : copied[0];
    }) as unknown as tf.KernelFunc,
  };
}
