// Loads the SIMD kernel module (assembly/simd-kernels.ts) into the wasm backend's own memory, so its
// loops read and write tensors in place. One instance per backend memory.
import type * as tf from '../tf.js';
import type { TensorInfo, WasmBackend } from './heap.js';
import { SIMD_KERNELS_SHARED_WASM, SIMD_KERNELS_WASM } from './simd-kernels.wasm.js';

type Ptr = number;
export interface SimdKernels {
  leakyRelu(x: Ptr, out: Ptr, n: number, alpha: number): void;
  leakyReluGrad(dy: Ptr, x: Ptr, out: Ptr, n: number, alpha: number): void;
  sumRows(x: Ptr, rows: number, cols: number, scale: number, out: Ptr, acc: Ptr): void;
  moments(x: Ptr, rows: number, cols: number, mean: Ptr, variance: Ptr, acc: Ptr): void;
  momentsGrad(
    x: Ptr,
    mean: Ptr,
    dMean: Ptr,
    dVariance: Ptr,
    rows: number,
    cols: number,
    dx: Ptr,
    coefficients: Ptr,
  ): void;
  batchNorm(
    x: Ptr,
    mean: Ptr,
    variance: Ptr,
    offset: Ptr,
    scale: Ptr,
    rows: number,
    cols: number,
    epsilon: number,
    out: Ptr,
    coefficients: Ptr,
  ): void;
  batchNormGrad(
    dy: Ptr,
    x: Ptr,
    mean: Ptr,
    variance: Ptr,
    scale: Ptr,
    rows: number,
    cols: number,
    epsilon: number,
    dx: Ptr,
    dMean: Ptr,
    dVariance: Ptr,
    dScale: Ptr,
    dOffset: Ptr,
    scratch: Ptr,
  ): void;
  setGeometry(...geometry: number[]): void;
  im2colTransposed(x: Ptr, cols: Ptr, firstRow: number, rows: number): void;
  col2imAdd(cols: Ptr, dx: Ptr, firstRow: number, rows: number): void;
  addInto(dst: Ptr, src: Ptr, n: number): void;
  fillZero(dst: Ptr, bytes: number): void;
  copyRuns(src: Ptr, srcStride: number, dst: Ptr, dstStride: number, rows: number, runBytes: number): void;
  avgPoolGrad(dy: Ptr, dx: Ptr): void;
  maxPoolGrad(x: Ptr, dy: Ptr, dx: Ptr): void;
  setBroadcast(...dimsAndStrides: number[]): void;
  broadcastBinary(op: number, a: Ptr, b: Ptr, out: Ptr): void;
  broadcastEqual(a: Ptr, b: Ptr, out: Ptr): void;
  setGru(batch: number, steps: number, units: number, backwards: number): void;
  gruForward(xp: Ptr, recurrent: Ptr, mask: Ptr, h: Ptr, hPrev: Ptr, z: Ptr, r: Ptr, hh: Ptr, inner: Ptr): void;
  gruBackward(
    dh: Ptr,
    recurrent: Ptr,
    mask: Ptr,
    hPrev: Ptr,
    z: Ptr,
    r: Ptr,
    hh: Ptr,
    dxp: Ptr,
    dRecurrent: Ptr,
    scratch: Ptr,
  ): void;
  batchMatMul(
    a: Ptr,
    b: Ptr,
    c: Ptr,
    batches: number,
    m: number,
    k: number,
    n: number,
    aStride: number,
    bStride: number,
  ): void;
  adamUpdate(w: Ptr, g: Ptr, m: Ptr, v: Ptr, wOut: Ptr, mOut: Ptr, vOut: Ptr, n: number, ...scalars: number[]): void;
}

// TypeScript's ES libraries do not declare the WebAssembly API, which Node provides.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const instances = new WeakMap<object, SimdKernels>();

/** The backend's memory: `asm.memory` in the default build, `wasmMemory` in the threaded one. */
function backendMemory(backend: WasmBackend): { buffer: ArrayBufferLike } {
  const module = backend.wasm as unknown as {
    asm?: { memory?: { buffer: ArrayBufferLike } };
    wasmMemory?: { buffer: ArrayBufferLike };
  };
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!memory) throw new Error('cannot find the wasm backend memory to run the SIMD kernels in');
  return memory;
}

export function simdKernels(backend: WasmBackend): SimdKernels {
  const memory = backendMemory(backend);
  let kernels = instances.get(memory);
  if (!kernels) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? SIMD_KERNELS_SHARED_WASM : SIMD_KERNELS_WASM, 'base64');
    kernels = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } }).exports as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** Byte offset of a tensor's data in the heap. */
export function pointer(backend: WasmBackend, info: TensorInfo): Ptr {
  return backend.dataIdMap.get(info.dataId)?.memoryOffset ?? 0;
}

/** Passes a convolution's geometry to the kernels that need it (im2col, col2im). */
export function setGeometry(kernels: SimdKernels, info: tf.backend_util.Conv2DInfo): void {
  kernels.setGeometry(
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.filterHeight,
    info.filterWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
}
