export * as tf from './tf.js';
export {
  BACKEND_ENV_VAR,
  BACKEND_NAMES,
  currentBackend,
  initBackend,
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  type InitBackendOptions,
} from './backend.js';
export { Rng, seedEverything, type GlobalRandom, type RngState } from './random.js';
export { benchLine, round, timeIt, type Timing, type TimingOptions } from './bench.js';
