// Batch normalisation in training, fused for wasm. tf.layers.batchNormalization computes
// tf.moments (mean, square of the difference, mean again) then FusedBatchNorm; their gradients add
// up to ~15 full passes over the activations, plus slow wasm reductions: ~60 ms of a 250 ms cGAN
// discriminator step. Here tf.moments is one kernel (two passes) with a one-pass gradient, and the
// FusedBatchNorm gradient is one pass producing all five gradients. Other backends, dtypes and
// axis layouts keep tfjs's own ops.
import { createRequire } from 'node:module';
import * as tf from '../tf.js';
import { allocate, heapView, type TensorInfo, type WasmBackend } from './heap.js';

const MOMENTS = 'Hw7Moments';
const MOMENTS_GRAD = 'Hw7MomentsGrad';
const BATCH_NORM_GRAD = 'Hw7FusedBatchNormGrad';

type Args<I> = { inputs: I; backend: WasmBackend; attrs: tf.NamedAttrMap };
const kernel = (kernelName: string, kernelFunc: (args: never) => TensorInfo | TensorInfo[]): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as tf.KernelFunc,
});

/** Rows x channels layout of a tensor reduced over its `reduced` leading axes. */
function layout(shape: number[], reduced: number) {
  return {
    rows: tf.util.sizeFromShape(shape.slice(0, reduced)),
    channels: tf.util.sizeFromShape(shape.slice(reduced)),
  };
}

function momentsKernel({ inputs: { x }, backend, attrs }: Args<{ x: TensorInfo }>): TensorInfo[] {
  const reduced = attrs.reducedAxes as number;
  const { rows, channels } = layout(x.shape, reduced);
  const kept = x.shape.slice(reduced);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept;
  const mean = allocate(backend, outShape);
  const variance = allocate(backend, outShape);
  const values = heapView(backend, x);
  const sums = new Float64Array(channels);
  for (let r = 0, o = 0; r < rows; r++, o += channels) for (let c = 0; c < channels; c++) sums[c] += values[o + c];
  for (let c = 0; c < channels; c++) sums[c] /= rows;
  const squares = new Float64Array(channels);
  for (let r = 0, o = 0; r < rows; r++, o += channels) {
    for (let c = 0; c < channels; c++) {
      const d = values[o + c] - sums[c];
      squares[c] += d * d;
    }
  }
  const meanOut = heapView(backend, mean);
  const varianceOut = heapView(backend, variance);
  for (let c = 0; c < channels; c++) {
    meanOut[c] = sums[c];
    varianceOut[c] = squares[c] / rows;
  }
  return [mean, variance];
}

/** dx = dMean / N + dVariance * 2 (x - mean) / N, in one pass. */
function momentsGradKernel({
  inputs: { x, mean, dMean, dVariance },
  backend,
  attrs,
}: Args<Record<'x' | 'mean' | 'dMean' | 'dVariance', TensorInfo>>): TensorInfo {
  const { rows, channels } = layout(x.shape, attrs.reducedAxes as number);
  const dx = allocate(backend, x.shape);
  const [values, means, dMeans, dVariances, out] = [x, mean, dMean, dVariance, dx].map((t) => heapView(backend, t));
  const offset = new Float64Array(channels);
  const slope = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    slope[c] = (2 * dVariances[c]) / rows;
    offset[c] = dMeans[c] / rows - slope[c] * means[c];
  }
  for (let r = 0, o = 0; r < rows; r++, o += channels)
    for (let c = 0; c < channels; c++) out[o + c] = offset[c] + slope[c] * values[o + c];
  return dx;
}

/** All five FusedBatchNorm gradients (channels last, per-channel statistics) in one pass. */
function batchNormGradKernel({
  inputs: { dy, x, mean, variance, scale },
  backend,
  attrs,
}: Args<Record<'dy' | 'x' | 'mean' | 'variance', TensorInfo> & { scale?: TensorInfo }>): TensorInfo[] {
  const channels = mean.shape[0];
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const epsilon = attrs.varianceEpsilon as number;
  const outputs = [x.shape, [channels], [channels], [channels], [channels]].map((shape) => allocate(backend, shape));
  const [dyValues, values, means, variances] = [dy, x, mean, variance].map((t) => heapView(backend, t));
  const scales = scale ? heapView(backend, scale) : null;
  const [dx, dMean, dVariance, dScale, dOffset] = outputs.map((t) => heapView(backend, t));
  const inverseStd = new Float64Array(channels);
  const gain = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    inverseStd[c] = 1 / Math.sqrt(variances[c] + epsilon);
    gain[c] = (scales ? scales[c] : 1) * inverseStd[c];
  }
  const sumDy = new Float64Array(channels);
  const sumDyCentered = new Float64Array(channels);
  for (let r = 0, o = 0; r < rows; r++, o += channels) {
    for (let c = 0; c < channels; c++) {
      const g = dyValues[o + c];
      sumDy[c] += g;
      sumDyCentered[c] += g * (values[o + c] - means[c]);
      dx[o + c] = g * gain[c];
    }
  }
  for (let c = 0; c < channels; c++) {
    dMean[c] = -sumDy[c] * gain[c];
    dVariance[c] = -0.5 * sumDyCentered[c] * gain[c] * inverseStd[c] * inverseStd[c];
    dScale[c] = sumDyCentered[c] * inverseStd[c];
    dOffset[c] = sumDy[c];
  }
  return outputs;
}

/** Number of leading axes in `axes` if they are exactly 0..k-1 with k < rank, else 0. */
function leadingAxes(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((axis, i) => axis === i) && sorted.length < rank ? sorted.length : 0;
}

type MomentsOp = (
  x: tf.Tensor | tf.TensorLike,
  axis?: number | number[],
  keepDims?: boolean,
) => { mean: tf.Tensor; variance: tf.Tensor };

let installed = false;

/** Registers the fused kernels and gradients and routes tf.moments through them on wasm. Idempotent. */
export function installFusedBatchNorm(): void {
  if (installed) return;
  for (const config of [
    kernel(MOMENTS, momentsKernel),
    kernel(MOMENTS_GRAD, momentsGradKernel),
    kernel(BATCH_NORM_GRAD, batchNormGradKernel),
  ]) {
    tf.registerKernel(config);
  }
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
      const perChannel = mean.rank === 1 && mean.shape[0] === x.shape[x.rank - 1] && (!scale || scale.rank === 1);
      if (tf.getBackend() !== 'wasm' || !perChannel || x.dtype !== 'float32') {
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
  const core = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(
    '@tensorflow/tfjs-core',
  ) as {
    moments: MomentsOp;
  };
  const stockMoments = core.moments;
  core.moments = (x, axis, keepDims = false) => {
    const input = x instanceof tf.Tensor ? x : tf.tensor(x);
    const axes = tf.util.parseAxisParam(axis ?? [...Array(input.rank).keys()], input.shape);
    const reducedAxes = input.dtype === 'float32' ? leadingAxes(axes, input.rank) : 0;
    if (tf.getBackend() !== 'wasm' || reducedAxes === 0) return stockMoments(input, axis, keepDims);
    const [mean, variance] = tf.engine().runKernel(MOMENTS, { x: input }, { reducedAxes, keepDims }) as tf.Tensor[];
    return { mean, variance };
  };
  installed = true;
}
