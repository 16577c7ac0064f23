// LeakyRelu on wasm: the backend's kernel takes ~5 ns per element and its gradient is three full
// passes (greater, multiply, select). One SIMD pass each way (assembly/simd-kernels.ts) takes
// ~0.3 ns per element. Relu's gradient (step, cast, multiply: three kernels and passes) is the
// same one-pass kernel with alpha 0.
import * as tf from '../tf.js';
import { allocate, type TensorInfo, type WasmBackend, wasmKernel, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

const LEAKY_RELU_GRAD = 'Hw7LeakyReluGrad';

export function leakyReluConfig(): tf.KernelConfig {
  const original = wasmKernel('LeakyRelu');
  return wasmKernelConfig(
    'LeakyRelu',
    ({ inputs, backend, attrs }: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { alpha: number } }) => {
      const { x } = inputs;
      if (x.dtype !== 'float32') return original({ inputs, backend, attrs });
      const out = allocate(backend, x.shape);
      simdKernels(backend).leakyRelu(
        pointer(backend, x),
        pointer(backend, out),
        tf.util.sizeFromShape(x.shape),
        attrs.alpha,
      );
      return out;
    },
  );
}

function leakyReluGradConfig(): tf.KernelConfig {
  return wasmKernelConfig(
    LEAKY_RELU_GRAD,
    ({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { dy: TensorInfo; x: TensorInfo };
      backend: WasmBackend;
      attrs: { alpha: number };
    }) => {
      const { dy, x } = inputs;
      const dx = allocate(backend, x.shape);
      const n = tf.util.sizeFromShape(x.shape);
      simdKernels(backend).leakyReluGrad(
        pointer(backend, dy),
        pointer(backend, x),
        pointer(backend, dx),
        n,
        attrs.alpha,
      );
      return dx;
    },
  );
}

let installed = false;

/** Wraps the gradient of `kernelName` (LeakyRelu or Relu) with the one-pass kernel on wasm float32. */
function wrapGradient(kernelName: 'LeakyRelu' | 'Relu'): void {
  const stock = tf.getGradient(kernelName);
  if (!stock) throw new Error(`tfjs has no ${kernelName} gradient to wrap`);
  tf.registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32') return stock.gradFunc(dy, saved, attrs);
      const alpha = kernelName === 'Relu' ? 0 : (attrs as { alpha: number }).alpha;
      return { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: dy as tf.Tensor, x }, { alpha }) as tf.Tensor };
    },
  });
}

/** Registers the one-pass LeakyRelu and Relu gradients, used on wasm for float32. Idempotent. */
export function installFastReluGradients(): void {
  if (installed) return;
  tf.registerKernel(leakyReluGradConfig());
  wrapGradient('LeakyRelu');
  wrapGradient('Relu');
  // The gradient is linear in dy and piecewise constant in x, so it is itself differentiable: this
  // makes double backpropagation (gradient penalties such as R1 or WGAN-GP) work through LeakyRelu.
  tf.registerGradient({
    kernelName: LEAKY_RELU_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved, attrs) => {
      const [x] = saved;
      return {
        dy: () => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: ddx as tf.Tensor, x }, attrs) as tf.Tensor,
        x: () => tf.zerosLike(x),
      };
    },
  });
  installed = true;
}
