// Pooling gradients. MaxPoolGrad on wasm: the backend's own kernel is a scalar loop (a third of
// the Q6 CNN's step); ours finds each window's largest input four channels at a time.
// AvgPoolGrad that divides by the right count. tfjs's AvgPool averages only the pixels inside the
// image ('same' padding), as TensorFlow and PyTorch's count_include_pad=False do, but its gradient
// kernels (cpu and wasm) divide every window by its full size: border gradients came out too small
// (a 3x3 corner window by 4/9). Both kernels here divide each output's gradient by the count its
// forward value averaged over: a SIMD loop on wasm, plain JavaScript on cpu.
import * as tf from '../tf.js';
import { allocate, type TensorInfo, type WasmBackend, wasmKernelConfig } from './heap.js';
import { pointer, setGeometry, simdKernels } from './simd.js';

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
type Args<B> = { inputs: { dy: TensorInfo; input: TensorInfo; output?: TensorInfo }; backend: B; attrs: Attrs };

function poolInfo(input: TensorInfo, attrs: Attrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

export function avgPoolGradConfig(): tf.KernelConfig {
  return wasmKernelConfig('AvgPoolGrad', ({ inputs, backend, attrs }: Args<WasmBackend>) => {
    const info = poolInfo(inputs.input, attrs);
    const dx = allocate(backend, [...inputs.input.shape]);
    const simd = simdKernels(backend);
    setGeometry(simd, info);
    simd.avgPoolGrad(pointer(backend, inputs.dy), pointer(backend, dx));
    return dx;
  });
}

export function maxPoolGradConfig(): tf.KernelConfig {
  return wasmKernelConfig('MaxPoolGrad', ({ inputs, backend, attrs }: Args<WasmBackend>) => {
    const info = poolInfo(inputs.input, attrs);
    const dx = allocate(backend, [...inputs.input.shape]);
    const simd = simdKernels(backend);
    setGeometry(simd, info);
    simd.maxPoolGrad(pointer(backend, inputs.input), pointer(backend, inputs.dy), pointer(backend, dx));
    return dx;
  });
}

/** The same loop in JavaScript, for the cpu backend. */
function averagePoolGradient(info: tf.backend_util.Conv2DInfo, dy: Float32Array): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const dx = new Float32Array(batchSize * inHeight * inWidth * channels);
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * info.strideHeight - info.padInfo.top;
      const [yLow, yHigh] = [Math.max(y0, 0), Math.min(y0 + info.filterHeight, inHeight)];
      for (let ox = 0; ox < outWidth; ox++, out += channels) {
        const x0 = ox * info.strideWidth - info.padInfo.left;
        const [xLow, xHigh] = [Math.max(x0, 0), Math.min(x0 + info.filterWidth, inWidth)];
        const scale = 1 / ((yHigh - yLow) * (xHigh - xLow));
        for (let iy = yLow; iy < yHigh; iy++) {
          for (let ix = xLow; ix < xHigh; ix++) {
            const at = ((b * inHeight + iy) * inWidth + ix) * channels;
            for (let c = 0; c < channels; c++) dx[at + c] += dy[out + c] * scale;
          }
        }
      }
    }
  }
  return dx;
}

type CpuBackend = tf.KernelBackend & {
  data: { get(id: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): TensorInfo;
};

let cpuInstalled = false;

/** Replaces the cpu backend's AvgPoolGrad (when the cpu backend is registered); idempotent. */
export function installCpuAvgPoolGrad(): void {
  if (cpuInstalled || !tf.getKernel('AvgPoolGrad', 'cpu')) return;
  tf.unregisterKernel('AvgPoolGrad', 'cpu');
  tf.registerKernel({
    kernelName: 'AvgPoolGrad',
    backendName: 'cpu',
    kernelFunc: (({ inputs, backend, attrs }: Args<CpuBackend>) => {
      const info = poolInfo(inputs.input, attrs);
      const dx = averagePoolGradient(info, backend.data.get(inputs.dy.dataId).values);
      return backend.makeTensorInfo([...inputs.input.shape], 'float32', dx);
    }) as unknown as tf.KernelFunc,
  });
  cpuInstalled = true;
}
