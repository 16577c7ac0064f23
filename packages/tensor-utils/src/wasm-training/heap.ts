// Access to the wasm backend's memory for kernels written in TypeScript. Tensors live in the
// WebAssembly heap; we read and write them through typed-array views and call the backend's own
// kernels (its XNNPACK matrix multiply, transpose) for the heavy lifting.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '../tf.js';

export type WasmBackend = BackendWasm;
export type TensorInfo = tf.TensorInfo;
export type KernelFunc = (args: {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs?: tf.NamedAttrMap;
}) => TensorInfo;

/** A wasm kernel config from a typed kernel function (tfjs types kernel arguments loosely). */
export function wasmKernelConfig<Args>(
  kernelName: string,
  kernelFunc: (args: Args) => TensorInfo | TensorInfo[],
): tf.KernelConfig {
  return { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** The wasm backend's own implementation of a kernel (captured before we override it). */
export function wasmKernel(name: string): KernelFunc {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc as unknown as KernelFunc;
}

/**
 * A Float32Array view of a tensor's data. Views die when the heap grows (any allocation may grow
 * it), so take views only after every allocation a kernel needs has been made.
 */
export function heapView(backend: WasmBackend, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor; got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Allocates an uninitialised float32 tensor on the heap. */
export function allocate(backend: WasmBackend, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** The same data seen with another shape (no copy; the caller must not dispose it separately). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Frees intermediate tensors a kernel allocated. */
export function release(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * Registers `config` for wasm in place of the backend's own kernel of that name, keeping that
 * kernel's setup and dispose functions: they bind its native entry points to each new backend
 * instance, which our wrappers still call.
 */
export function replaceWasmKernel(config: tf.KernelConfig): void {
  const stock = tf.getKernel(config.kernelName, 'wasm');
  if (stock) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel({
    ...config,
    setupFunc: config.setupFunc ?? stock?.setupFunc,
    disposeFunc: config.disposeFunc ?? stock?.disposeFunc,
  });
}
