// A tf.layers GRU over a whole sequence in two wasm kernels (forward, and backpropagation through
// time). tf.layers runs the cell op by op: ~150 kernel launches per time step with their gradients,
// 14,807 per training step of the mtl-text BiGRU (48 tokens, both directions), where PyTorch's
// fused cells launch a handful. The input projection of every step is one matrix product (XNNPACK)
// outside the kernels, so its gradients (inputs, kernel, bias) come from tfjs's autodiff.
// The cell computed is Keras' (and tfjs's): reset gate applied before the recurrent product,
// hard-sigmoid gates, tanh candidate, h = z h_prev + (1 - z) hh; padding (mask 0) carries the state.
import * as tf from '../tf.js';
import { allocate, release, type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';
import { pointer, simdKernels } from './simd.js';

export const GRU_FORWARD = 'Hw7GruForward';
export const GRU_BACKWARD = 'Hw7GruBackward';

type Args<I> = { inputs: I; backend: WasmBackend; attrs: { backwards: boolean } };

function setSizes(backend: WasmBackend, xp: TensorInfo, units: number, backwards: boolean) {
  const [batch, steps] = xp.shape as [number, number, number];
  simdKernels(backend).setGru(batch, steps, units, backwards ? 1 : 0);
  return { batch, steps };
}

/** [h (last state), hPrev, z, r, hh] from xp [B, T, 3U], recurrent [U, 3U], mask [B, T]. */
function gruForwardKernel({
  inputs: { xp, recurrent, mask },
  backend,
  attrs,
}: Args<Record<'xp' | 'recurrent' | 'mask', TensorInfo>>) {
  const units = recurrent.shape[0] as number;
  const { batch, steps } = setSizes(backend, xp, units, attrs.backwards);
  const outputs = [[batch, units], ...[0, 1, 2, 3].map(() => [steps, batch, units])].map((shape) =>
    allocate(backend, shape),
  );
  const inner = allocate(backend, [batch, 4 * units]);
  const p = (t: TensorInfo) => pointer(backend, t);
  const [h, hPrev, z, r, hh] = outputs.map(p) as [number, number, number, number, number];
  simdKernels(backend).gruForward(p(xp), p(recurrent), p(mask), h, hPrev, z, r, hh, p(inner));
  release(backend, inner);
  return outputs;
}

/** [dxp, dRecurrent] from dh [B, U] and what the forward kernel saved. */
function gruBackwardKernel({
  inputs: { dh, xp, recurrent, mask, hPrev, z, r, hh },
  backend,
  attrs,
}: Args<Record<'dh' | 'xp' | 'recurrent' | 'mask' | 'hPrev' | 'z' | 'r' | 'hh', TensorInfo>>) {
  const units = recurrent.shape[0] as number;
  setSizes(backend, xp, units, attrs.backwards);
  const dState = allocate(backend, dh.shape);
  const [dxp, dRecurrent] = [allocate(backend, xp.shape), allocate(backend, recurrent.shape)];
  const scratch = allocate(backend, [4 * units]);
  const p = (t: TensorInfo) => pointer(backend, t);
  // The kernel walks dh back through the steps in place; start from a copy.
  backend.typedArrayFromHeap(dState).set(backend.typedArrayFromHeap(dh));
  simdKernels(backend).gruBackward(
    p(dState),
    p(recurrent),
    p(mask),
    p(hPrev),
    p(z),
    p(r),
    p(hh),
    p(dxp),
    p(dRecurrent),
    p(scratch),
  );
  release(backend, dState, scratch);
  return [dxp, dRecurrent];
}

export function gruKernelConfigs(): tf.KernelConfig[] {
  return [wasmKernelConfig(GRU_FORWARD, gruForwardKernel), wasmKernelConfig(GRU_BACKWARD, gruBackwardKernel)];
}

/** The last state of a GRU over xp [B, T, 3U] (projections plus bias), differentiable in xp and recurrent. */
function gruLastState(xp: tf.Tensor3D, recurrent: tf.Tensor2D, mask: tf.Tensor2D, backwards: boolean): tf.Tensor2D {
  const attrs = { backwards } as unknown as tf.NamedAttrMap;
  const run = tf.customGrad(((xpIn: tf.Tensor, recurrentIn: tf.Tensor, maskIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const [h, hPrev, z, r, hh] = tf
      .engine()
      .runKernel(GRU_FORWARD, { xp: xpIn, recurrent: recurrentIn, mask: maskIn }, attrs) as tf.Tensor[];
    save([xpIn, recurrentIn, maskIn, hPrev as tf.Tensor, z as tf.Tensor, r as tf.Tensor, hh as tf.Tensor]);
    return {
      value: h as tf.Tensor,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedXp, savedRecurrent, savedMask, savedPrev, savedZ, savedR, savedHh] = saved as tf.Tensor[];
        const inputs = {
          dh: dy as tf.Tensor,
          xp: savedXp as tf.Tensor,
          recurrent: savedRecurrent as tf.Tensor,
          mask: savedMask as tf.Tensor,
          hPrev: savedPrev as tf.Tensor,
          z: savedZ as tf.Tensor,
          r: savedR as tf.Tensor,
          hh: savedHh as tf.Tensor,
        };
        const [dxp, dRecurrent] = tf.engine().runKernel(GRU_BACKWARD, inputs, attrs) as tf.Tensor[];
        return [dxp as tf.Tensor, dRecurrent as tf.Tensor, tf.zerosLike(savedMask as tf.Tensor)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return run(xp, recurrent, mask) as tf.Tensor2D;
}

/** What the fast path reads from a tf.layers RNN layer with a GRUCell. */
interface GruLayer {
  cell: {
    getClassName(): string;
    units: number;
    dropout: number;
    recurrentDropout: number;
    useBias: boolean;
    activation: { getClassName(): string };
    recurrentActivation: { getClassName(): string };
    kernel: tf.LayerVariable;
    recurrentKernel: tf.LayerVariable;
    bias: tf.LayerVariable | null;
  };
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
  stateful: boolean;
}
type Kwargs = { mask?: tf.Tensor | null; initialState?: unknown; training?: boolean } | undefined;

function fastPathApplies(layer: GruLayer, input: tf.Tensor, kwargs: Kwargs): boolean {
  const { cell } = layer;
  return (
    tf.getBackend() === 'wasm' &&
    cell.getClassName() === 'GRUCell' &&
    input.rank === 3 &&
    input.dtype === 'float32' &&
    kwargs?.initialState == null &&
    !layer.returnSequences &&
    !layer.returnState &&
    !layer.stateful &&
    !(cell.dropout > 0) &&
    !(cell.recurrentDropout > 0) &&
    cell.useBias &&
    cell.bias !== null &&
    cell.activation.getClassName() === 'tanh' &&
    cell.recurrentActivation.getClassName() === 'hardSigmoid'
  );
}

let installed = false;

/** Runs tf.layers GRU layers (last state, no dropout) through the sequence kernels on wasm. Idempotent. */
export function installGruSequence(): void {
  if (installed) return;
  const prototype = tf.RNN.prototype as unknown as { call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor };
  const stock = prototype.call;
  prototype.call = function (this: GruLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!input || (Array.isArray(inputs) && inputs.length !== 1) || !fastPathApplies(this, input, kwargs)) {
      return stock.call(this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const [batch, steps, features] = input.shape as [number, number, number];
      const { cell } = this;
      const units = cell.units;
      const rows = tf.reshape(input, [batch * steps, features]);
      const projected = tf.matMul(rows, cell.kernel.read() as tf.Tensor2D);
      const xp = tf.add(tf.reshape(projected, [batch, steps, 3 * units]), (cell.bias as tf.LayerVariable).read());
      const mask = kwargs?.mask ? tf.cast(kwargs.mask, 'float32') : tf.ones([batch, steps]);
      return gruLastState(
        xp as tf.Tensor3D,
        cell.recurrentKernel.read() as tf.Tensor2D,
        mask as tf.Tensor2D,
        this.goBackwards,
      );
    });
  };
  installed = true;
}
