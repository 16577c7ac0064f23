// Conv2DBackpropFilter for wasm, which has none (so no conv layer could train on it).
// dW[K, Co] = Xcolᵀ[K, M] · dY[M, Co], with K = fh·fw·Ci and M = N·Ho·Wo. We write the transposed
// im2col matrix directly (so the product needs no transpose and runs on XNNPACK's fast path) and
// let dY be used in place: in NHWC it already is the [M, Co] matrix.
import * as tf from '../tf.js';
import { allocate, heapView, release, type TensorInfo, type WasmBackend, wasmKernel, withShape } from './heap.js';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Fills `cols` ([K, M] row-major) with the input patches seen by each output position. */
export function im2colTransposed(x: Float32Array, cols: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth, filterHeight, filterWidth, padInfo } = info;
  const positions = batchSize * outHeight * outWidth;
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  // One output row at a time, so the few input rows it reads stay in cache while every row of
  // `cols` receives a short contiguous run.
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const column = (b * outHeight + oy) * outWidth;
      let row = 0;
      for (let fy = 0; fy < filterHeight; fy++) {
        const iy = oy * strideHeight + fy * dilationHeight - padInfo.top;
        const inside = iy >= 0 && iy < inHeight;
        const rowBase = b * imageStride + iy * rowStride;
        for (let fx = 0; fx < filterWidth; fx++) {
          const ix0 = fx * dilationWidth - padInfo.left;
          for (let c = 0; c < inChannels; c++, row++) {
            const out = row * positions + column;
            if (!inside) {
              cols.fill(0, out, out + outWidth);
              continue;
            }
            const base = rowBase + c;
            if (ix0 >= 0 && ix0 + (outWidth - 1) * strideWidth < inWidth) {
              // The whole run is inside the image (always so with 'valid' padding): no bounds checks.
              const step = strideWidth * inChannels;
              for (let ox = 0, from = base + ix0 * inChannels; ox < outWidth; ox++, from += step)
                cols[out + ox] = x[from];
              continue;
            }
            for (let ox = 0; ox < outWidth; ox++) {
              const ix = ix0 + ox * strideWidth;
              cols[out + ox] = ix >= 0 && ix < inWidth ? x[base + ix * inChannels] : 0;
            }
          }
        }
      }
    }
  }
}

export function conv2dBackpropFilterConfig(): tf.KernelConfig {
  const batchMatMul = wasmKernel('BatchMatMul');
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (({
      inputs,
      backend,
      attrs,
    }: {
      inputs: { x: TensorInfo; dy: TensorInfo };
      backend: WasmBackend;
      attrs: Attrs;
    }) => {
      const { x, dy } = inputs;
      if (attrs.dataFormat !== 'NHWC')
        throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only; got ${attrs.dataFormat}`);
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        attrs.filterShape,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        'channelsLast',
      );
      const k = info.filterHeight * info.filterWidth * info.inChannels;
      const m = info.batchSize * info.outHeight * info.outWidth;
      const cols = allocate(backend, [1, k, m]);
      im2colTransposed(heapView(backend, x), heapView(backend, cols), info);
      const dw = batchMatMul({
        inputs: { a: cols, b: withShape(dy, [1, m, info.outChannels]) },
        backend,
        attrs: { transposeA: false, transposeB: false },
      });
      release(backend, cols);
      dw.shape = [...attrs.filterShape];
      return dw;
    }) as unknown as tf.KernelFunc,
  };
}
