// tf.moments over leading axes (batch normalisation's statistics) as one fused kernel on wasm: two
// SIMD passes and a one-pass gradient instead of mean, squared difference and mean again, each with
// its gradient. The kernel is registered by installFusedBatchNorm (batch-norm.ts), which also routes
// tf.layers' batch normalisation here; code that computes batch statistics itself calls `moments`,
// because ES module namespaces (`tf` included) cannot be patched.
import * as tfjs from '../tf.js';

export const MOMENTS = 'Hw7Moments';

type MomentsOp = typeof tfjs.moments;

/** Number of leading axes in `axes` if they are exactly 0..k-1 with k < rank, else 0. */
export function leadingAxesCount(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((axis, i) => axis === i) && sorted.length < rank ? sorted.length : 0;
}

/** `stock` (tfjs's moments), with float32 reductions over leading axes on wasm fused into one kernel. */
export function fusedMoments(stock: MomentsOp): MomentsOp {
  return (x, axis, keepDims = false) => {
    const input = x instanceof tfjs.Tensor ? x : tfjs.tensor(x);
    const axes = tfjs.util.parseAxisParam(axis ?? [...Array(input.rank).keys()], input.shape);
    const reducedAxes = input.dtype === 'float32' ? leadingAxesCount(axes, input.rank) : 0;
    const fused = tfjs.getBackend() === 'wasm' && tfjs.getKernel(MOMENTS, 'wasm') !== undefined;
    if (!fused || reducedAxes === 0) return stock(input, axis, keepDims);
    const [mean, variance] = tfjs.engine().runKernel(MOMENTS, { x: input }, { reducedAxes, keepDims }) as tfjs.Tensor[];
    return { mean, variance };
  };
}

/**
 * `tf.moments(x, axis, keepDims)`, the same results, with float32 statistics over leading axes
 * (batch normalisation's [0, 1, 2] of NHWC) computed by one fused kernel on wasm: use it where your
 * own code normalises batches (tf.layers.batchNormalization already gets it).
 */
export const moments: MomentsOp = fusedMoments(tfjs.moments);
