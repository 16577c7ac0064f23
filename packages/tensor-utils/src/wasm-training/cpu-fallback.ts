// Kernels the wasm backend lacks, or gets wrong in some cases, and that train rarely enough not to
// deserve a fast version here (depthwise convolution gradients, einsum, gather with batch dims) run
// on the cpu backend: inputs are copied out of the wasm heap, computed in JavaScript and copied
// back. Correct, never missing, not fast.
import * as tf from '../tf.js';
import { gatherConfig } from './gather.js';
import { type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';

export const CPU_FALLBACK_KERNELS = [
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'Einsum',
] as const;

type Inputs = Record<string, TensorInfo> | TensorInfo[];
type KernelArgs = { inputs: Inputs; backend: WasmBackend; attrs: tf.NamedAttrMap };

function runOnCpu(kernelName: string, { inputs, backend, attrs }: KernelArgs): TensorInfo | TensorInfo[] {
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  const cpu = tf.engine().findBackend('cpu');
  if (!cpuKernel || !cpu) throw new Error(`'${kernelName}' needs the cpu backend as a fallback, and it is unavailable`);
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
  // Einsum takes its operands as an array; every other kernel as a map of named inputs.
  const cpuInputs = Array.isArray(inputs)
    ? inputs.map(toCpu)
    : Object.fromEntries(Object.entries(inputs).map(([name, info]) => [name, toCpu(info)]));
  let outputs: TensorInfo[] = [];
  try {
    const result = cpuKernel.kernelFunc({ inputs: cpuInputs as unknown as tf.NamedTensorInfoMap, backend: cpu, attrs });
    outputs = Array.isArray(result) ? result : [result];
    const copied = outputs.map((out) => backend.makeOutput(out.shape, out.dtype, undefined, cpu.readSync(out.dataId)));
    return Array.isArray(result) ? copied : copied[0];
  } finally {
    for (const info of [...copies, ...outputs]) cpu.disposeData(info.dataId, true);
  }
}

export function cpuFallbackConfig(kernelName: string): tf.KernelConfig {
  if (!tf.getKernel(kernelName, 'cpu'))
    throw new Error(`the cpu backend has no '${kernelName}' kernel to fall back on`);
  return wasmKernelConfig(kernelName, (args: KernelArgs) => runOnCpu(kernelName, args));
}

/** GatherV2 with batchDims > 0 reads the wrong rows on wasm (tfjs-backend-wasm 4.22); use cpu then. */
export function gatherWithBatchDimsConfig(): tf.KernelConfig {
  return gatherConfig((args) => runOnCpu('GatherV2', args as unknown as KernelArgs));
}
