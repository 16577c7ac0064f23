// Registers the training kernels that make the embedded wasm backend complete and fast. Call after
// the wasm backend is initialised (its own kernels must have run their setup), e.g. through
// `initBackend()`, which does it by default.
import * as tf from '../tf.js';
import { fastTransposedMatMul } from './batch-mat-mul.js';
import { installFusedBatchNorm } from './batch-norm.js';
import { BROADCAST_BINARY_KERNELS, broadcastBinaryConfig } from './broadcast-binary.js';
import { concatConfig, splitConfig } from './concat-split.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { CPU_FALLBACK_KERNELS, cpuFallbackConfig, gatherWithBatchDimsConfig } from './cpu-fallback.js';
import { ADAM_UPDATE, adamUpdateConfig, installFusedAdam } from './fused-adam.js';
import { GRU_BACKWARD, GRU_FORWARD, gruKernelConfigs, installGruSequence } from './gru-sequence.js';
import { replaceWasmKernel } from './heap.js';
import { castConfig, identityConfig } from './identity.js';
import { installFastReluGradients, leakyReluConfig } from './leaky-relu.js';
import { avgPoolGradConfig, maxPoolGradConfig } from './pool-gradients.js';
import { reduceLeadingAxesConfig } from './reduce-leading-axes.js';
import { tileConfig } from './tile.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/** Names of the wasm kernels this package adds or replaces. */
export const WASM_TRAINING_KERNELS = [
  'BatchMatMul',
  '_FusedMatMul',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'AvgPoolGrad',
  'MaxPoolGrad',
  'UnsortedSegmentSum',
  'Tile',
  'Identity',
  'Cast',
  'GatherV2',
  'LeakyRelu',
  'Concat',
  'SplitV',
  'FusedBatchNorm',
  'Hw7LeakyReluGrad',
  'Hw7Moments',
  'Hw7MomentsGrad',
  'Hw7FusedBatchNormGrad',
  ADAM_UPDATE,
  GRU_FORWARD,
  GRU_BACKWARD,
  'Sum',
  'Mean',
  ...BROADCAST_BINARY_KERNELS,
  ...CPU_FALLBACK_KERNELS,
] as const;

let registered = false;

/** Adds or replaces the wasm training kernels; idempotent. Needs `tf.setBackend('wasm')` to have run. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  if (!tf.engine().registry.wasm) {
    throw new Error(
      "registerWasmTrainingKernels() needs an initialised wasm backend: await tf.setBackend('wasm') first",
    );
  }
  // Build every config first: they capture the backend's own kernels before we replace them.
  const configs = [
    fastTransposedMatMul('BatchMatMul'),
    fastTransposedMatMul('_FusedMatMul'),
    conv2dBackpropFilterConfig(),
    conv2dBackpropInputConfig(),
    avgPoolGradConfig(),
    maxPoolGradConfig(),
    unsortedSegmentSumConfig(),
    tileConfig(),
    identityConfig(),
    castConfig(),
    gatherWithBatchDimsConfig(),
    leakyReluConfig(),
    concatConfig(),
    splitConfig(),
    reduceLeadingAxesConfig('Sum'),
    reduceLeadingAxesConfig('Mean'),
    ...BROADCAST_BINARY_KERNELS.map(broadcastBinaryConfig),
    adamUpdateConfig(),
    ...gruKernelConfigs(),
    ...CPU_FALLBACK_KERNELS.map(cpuFallbackConfig),
  ];
  for (const config of configs) replaceWasmKernel(config);
  // Fused replacements for composite ops whose many passes dominate normalised conv nets.
  installFusedBatchNorm();
  installFastReluGradients();
  installFusedAdam();
  installGruSequence();
  registered = true;
}
