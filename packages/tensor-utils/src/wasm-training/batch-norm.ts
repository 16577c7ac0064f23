// Batch normalisation in training, fused for wasm. tf.layers.batchNormalization computes
// tf.moments (mean, square of the difference, mean again) then FusedBatchNorm; their gradients add
// up to ~15 full passes over the activations, plus slow wasm reductions: ~60 ms of a 250 ms cGAN
// discriminator step. Here tf.moments is one kernel (two passes) with a one-pass gradient, and the
// FusedBatchNorm gradient is one pass producing all five gradients. Other backends, dtypes and
// axis layouts keep tfjs's own ops.
import { createRequire } from 'node:module';
import * as tf from '../tf.js';
import { fusedMoments, MOMENTS } from './fast-moments.js';
import {
  allocate,
  release,
  replaceWasmKernel,
  type TensorInfo,
  type WasmBackend,
  wasmKernel,
  wasmKernelConfig,
} from './heap.js';
import { float64Scratch } from './reduce-leading-axes.js';
import { pointer, simdKernels } from './simd.js';

const MOMENTS_GRAD = 'Hw7MomentsGrad';
const BATCH_NORM_GRAD = 'Hw7FusedBatchNormGrad';

type Args<I> = { inputs: I; backend: WasmBackend; attrs: tf.NamedAttrMap };

/** Rows x channels layout of a tensor reduced over its `reduced` leading axes. */
function layout(shape: number[], reduced: number) {
  return { rows: tf.util.sizeFromShape(shape.slice(0, reduced)), cols: tf.util.sizeFromShape(shape.slice(reduced)) };
}

function momentsKernel({ inputs: { x }, backend, attrs }: Args<{ x: TensorInfo }>): TensorInfo[] {
  const reduced = attrs.reducedAxes as number;
  const { rows, cols } = layout(x.shape, reduced);
  const kept = x.shape.slice(reduced);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept;
  const [mean, variance] = [allocate(backend, outShape), allocate(backend, outShape)];
  const acc = float64Scratch(backend, cols);
  const p = (t: TensorInfo) => pointer(backend, t);
  simdKernels(backend).moments(p(x), rows, cols, p(mean), p(variance), p(acc));
  release(backend, acc);
  return [mean, variance];
}

/** dx = dMean / N + dVariance * 2 (x - mean) / N, in one pass. */
function momentsGradKernel({
  inputs: { x, mean, dMean, dVariance },
  backend,
  attrs,
}: Args<Record<'x' | 'mean' | 'dMean' | 'dVariance', TensorInfo>>): TensorInfo {
  const { rows, cols } = layout(x.shape, attrs.reducedAxes as number);
  const dx = allocate(backend, x.shape);
  const coefficients = allocate(backend, [2 * cols]);
  const p = (t: TensorInfo) => pointer(backend, t);
  simdKernels(backend).momentsGrad(p(x), p(mean), p(dMean), p(dVariance), rows, cols, p(dx), p(coefficients));
  release(backend, coefficients);
  return dx;
}

/** Statistics and parameters are per channel of a channels-last tensor (what tf.layers makes). */
function perChannel(x: { shape: number[] }, ...parameters: ({ shape: number[] } | undefined)[]): boolean {
  const channels = x.shape[x.shape.length - 1];
  return parameters.every((t) => t === undefined || (t.shape.length === 1 && t.shape[0] === channels));
}

function batchNormConfig(): tf.KernelConfig {
  const original = wasmKernel('FusedBatchNorm');
  return wasmKernelConfig(
    'FusedBatchNorm',
    ({
      inputs,
      backend,
      attrs,
    }: Args<Record<'x' | 'mean' | 'variance', TensorInfo> & { offset?: TensorInfo; scale?: TensorInfo }>) => {
      const { x, mean, variance, offset, scale } = inputs;
      if (x.dtype !== 'float32' || !perChannel(x, mean, variance, offset, scale))
        return original({ inputs, backend, attrs });
      const cols = x.shape[x.shape.length - 1];
      const out = allocate(backend, x.shape);
      const coefficients = allocate(backend, [2 * cols]);
      const p = (t: TensorInfo | undefined) => (t ? pointer(backend, t) : 0);
      const rows = tf.util.sizeFromShape(x.shape) / cols;
      const epsilon = attrs.varianceEpsilon as number;
      simdKernels(backend).batchNorm(
        p(x),
        p(mean),
        p(variance),
        p(offset),
        p(scale),
        rows,
        cols,
        epsilon,
        p(out),
        p(coefficients),
      );
      release(backend, coefficients);
      return out;
    },
  );
}

/** All five FusedBatchNorm gradients (channels last, per-channel statistics) in one pass. */
function batchNormGradKernel({
  inputs: { dy, x, mean, variance, scale },
  backend,
  attrs,
}: Args<Record<'dy' | 'x' | 'mean' | 'variance', TensorInfo> & { scale?: TensorInfo }>): TensorInfo[] {
  const cols = mean.shape[0];
  const rows = tf.util.sizeFromShape(x.shape) / cols;
  const outputs = [x.shape, [cols], [cols], [cols], [cols]].map((shape) => allocate(backend, shape));
  // Two float64 accumulators and one float32 gain per channel.
  const scratch = allocate(backend, [5 * cols]);
  const p = (t: TensorInfo | undefined) => (t ? pointer(backend, t) : 0);
  const [dx, dMean, dVariance, dScale, dOffset] = outputs.map(p);
  const epsilon = attrs.varianceEpsilon as number;
  simdKernels(backend).batchNormGrad(
    p(dy),
    p(x),
    p(mean),
    p(variance),
    p(scale),
    rows,
    cols,
    epsilon,
    dx,
    dMean,
    dVariance,
    dScale,
    dOffset,
    p(scratch),
  );
  release(backend, scratch);
  return outputs;
}

let installed = false;

/** Registers the fused kernels and gradients and routes tf.moments through them on wasm. Idempotent. */
export function installFusedBatchNorm(): void {
  if (installed) return;
  const configs = [
    batchNormConfig(),
    wasmKernelConfig(MOMENTS, momentsKernel),
    wasmKernelConfig(MOMENTS_GRAD, momentsGradKernel),
    wasmKernelConfig(BATCH_NORM_GRAD, batchNormGradKernel),
  ];
  for (const config of configs) replaceWasmKernel(config);
  tf.registerGradient({
    kernelName: MOMENTS,
    inputsToSave: ['x'],
    outputsToSave: [true, false],
    gradFunc: (dys, saved, attrs) => {
      const [dMean, dVariance] = dys as tf.Tensor[];
      const [x, mean] = saved;
      return { x: () => tf.engine().runKernel(MOMENTS_GRAD, { x, mean, dMean, dVariance }, attrs) as tf.Tensor };
    },
  });
  const stockBatchNormGradient = tf.getGradient('FusedBatchNorm');
  if (!stockBatchNormGradient) throw new Error('tfjs has no FusedBatchNorm gradient to wrap');
  tf.registerGradient({
    ...stockBatchNormGradient,
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved;
      if (tf.getBackend() !== 'wasm' || !perChannel(x, mean, variance, scale ?? undefined) || x.dtype !== 'float32') {
        return stockBatchNormGradient.gradFunc(dy, saved, attrs);
      }
      // One kernel makes all five; tfjs disposes whichever the tape does not use.
      const [dx, dMean, dVariance, dScale, dOffset] = tf
        .engine()
        .runKernel(
          BATCH_NORM_GRAD,
          scale ? { dy: dy as tf.Tensor, x, mean, variance, scale } : { dy: dy as tf.Tensor, x, mean, variance },
          attrs,
        ) as tf.Tensor[];
      return { x: () => dx, mean: () => dMean, variance: () => dVariance, scale: () => dScale, offset: () => dOffset };
    },
  });
  // tf.layers reads ops through tfjs-core's exports object, so the fast path is patched there.
  const core = createRequire(import.meta.url)('@tensorflow/tfjs-core') as { moments: typeof tf.moments };
  core.moments = fusedMoments(core.moments);
  installed = true;
}
