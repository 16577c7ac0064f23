// Adam's update as one wasm kernel per variable. tfjs's AdamOptimizer runs 14 kernels per variable
// and step (moments, bias corrections, square root, division, three assignments' worth of
// intermediates): for StyleGAN's 57 variables that is 800 kernel launches per update, and for the
// homework's word2vec a third of its step. The fused kernel does the same float32 operations in the
// same order, so the weights come out identical. Other backends keep tfjs's implementation.
import * as tf from '../tf.js';
import { allocate, type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

export const ADAM_UPDATE = 'Hw7AdamUpdate';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** 1 - beta1^t and 1 - beta2^t, as float32 (what tfjs computes from its accBeta variables). */
  correction1: number;
  correction2: number;
}

function adamUpdateKernel({
  inputs: { value, gradient, m, v },
  backend,
  attrs,
}: {
  inputs: Record<'value' | 'gradient' | 'm' | 'v', TensorInfo>;
  backend: WasmBackend;
  attrs: AdamAttrs;
}): TensorInfo[] {
  const outputs = [allocate(backend, value.shape), allocate(backend, value.shape), allocate(backend, value.shape)];
  const p = (t: TensorInfo) => pointer(backend, t);
  const f = Math.fround;
  simdKernels(backend).adamUpdate(
    p(value),
    p(gradient),
    p(m),
    p(v),
    ...(outputs.map(p) as [number, number, number]),
    tf.util.sizeFromShape(value.shape),
    f(attrs.beta1),
    f(1 - attrs.beta1),
    f(attrs.beta2),
    f(1 - attrs.beta2),
    f(attrs.correction1),
    f(attrs.correction2),
    f(attrs.epsilon),
    f(-attrs.learningRate),
  );
  return outputs;
}

export function adamUpdateConfig(): tf.KernelConfig {
  return wasmKernelConfig(ADAM_UPDATE, adamUpdateKernel);
}

/** The optimizer's state, which tfjs keeps in fields TypeScript calls protected. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

let installed = false;

/** Routes tf.AdamOptimizer (and subclasses such as AdamW) through the fused kernel on wasm. Idempotent. */
export function installFusedAdam(): void {
  if (installed) return;
  const prototype = tf.AdamOptimizer.prototype as unknown as { applyGradients(gradients: VariableGradients): void };
  const stock = prototype.applyGradients;
  prototype.applyGradients = function (this: AdamState, variableGradients: VariableGradients) {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const fusable = named.every(({ name, tensor }) => {
      const value = tf.engine().registeredVariables[name];
      return tensor == null || (tensor.dtype === 'float32' && value?.dtype === 'float32');
    });
    if (tf.getBackend() !== 'wasm' || !fusable) return stock.call(this, variableGradients);
    // tfjs computes 1 - accBeta in float32 from its accBeta variables.
    const correction1 = Math.fround(1 - (this.accBeta1.dataSync()[0] as number));
    const correction2 = Math.fround(1 - (this.accBeta2.dataSync()[0] as number));
    tf.tidy(() => {
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name] as tf.Variable;
        const slot = (suffix: string) => ({
          originalName: `${name}/${suffix}`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        });
        this.accumulatedFirstMoment[i] ??= slot('m');
        this.accumulatedSecondMoment[i] ??= slot('v');
        if (gradient == null) return;
        const m = this.accumulatedFirstMoment[i].variable;
        const v = this.accumulatedSecondMoment[i].variable;
        const attrs = {
          beta1: this.beta1,
          beta2: this.beta2,
          epsilon: this.epsilon,
          learningRate: this.learningRate,
          correction1,
          correction2,
        };
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel(ADAM_UPDATE, { value, gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM as tf.Tensor);
        v.assign(newV as tf.Tensor);
        value.assign(newValue as tf.Tensor);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  };
  installed = true;
}
