// LeakyRelu on wasm: the backend's kernel takes ~5 ns per element and its gradient is three full
// passes (greater, multiply, select). One typed-array loop each way is ~4x faster, provided it has
// no branch: activations are positive or negative at random, so a `v > 0 ? ...` costs a
// mispredicted jump per element; multiplying by `alpha + (1 - alpha) * +(v > 0)` does not.
import * as tf from '../tf.js';
import { allocate, heapView, type TensorInfo, type WasmBackend, wasmKernel } from './heap.js';

const LEAKY_RELU_GRAD = 'Hw7LeakyReluGrad';

export function leakyReluConfig(): tf.KernelConfig {
  const original = wasmKernel('LeakyRelu');
  return {
    kernelName: 'LeakyRelu',
    backendName: 'wasm',
    kernelFunc: (({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo };
      backend: WasmBackend;
      attrs: { alpha: number };
    }) => {
      const { x } = inputs;
      if (x.dtype !== 'float32') return original({ inputs, backend, attrs });
      const out = allocate(backend, x.shape);
      const values = heapView(backend, x);
      const result = heapView(backend, out);
      const { alpha } = attrs;
      const rest = 1 - alpha;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        result[i] = v * (alpha + rest * +(v > 0));
      }
      return out;
    }) as unknown as tf.KernelFunc,
  };
}

function leakyReluGradConfig(): tf.KernelConfig {
  return {
    kernelName: LEAKY_RELU_GRAD,
    backendName: 'wasm',
    kernelFunc: (({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { dy: TensorInfo; x: TensorInfo };
      backend: WasmBackend;
      attrs: { alpha: number };
    }) => {
      const dx = allocate(backend, inputs.x.shape);
      const [dy, x, out] = [inputs.dy, inputs.x, dx].map((t) => heapView(backend, t));
      const { alpha } = attrs;
      const rest = 1 - alpha;
      for (let i = 0; i < x.length; i++) out[i] = dy[i] * (alpha + rest * +(x[i] > 0));
      return dx;
    }) as unknown as tf.KernelFunc,
  };
}

let installed = false;

/** Registers the one-pass LeakyRelu gradient, used on wasm for float32. Idempotent. */
export function installFastLeakyReluGradient(): void {
  if (installed) return;
  tf.registerKernel(leakyReluGradConfig());
  const stock = tf.getGradient('LeakyRelu');
  if (!stock) throw new Error('tfjs has no LeakyRelu gradient to wrap');
  tf.registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32') return stock.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: dy as tf.Tensor, x }, attrs) as tf.Tensor };
    },
  });
  installed = true;
}
