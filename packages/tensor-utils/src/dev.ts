// `@hw7/tensor-utils/dev`: tools for developing the hw7 packages, not for using them: the benchmark
// harness (`pnpm bench` prints one JSON line per measurement), the runner of the PyTorch, Optuna and
// gensim reference scripts in `../shared/anchors` that benchmarks and interop tests compare against,
// the environment knobs of benchmarks and fuzz tests, and a runner of command-line entries for CLI
// tests. No TensorFlow.js.
export { benchLine, round, type Timing, type TimingOptions, timeIt } from './bench.js';
export {
  type CommandRun,
  REPORT_TFJS_LOADED,
  type RunCommandOptions,
  runCommand,
  waitFor,
} from './command-run.js';
export { integerFromEnv } from './env-settings.js';
export {
  findReferenceScripts,
  findSharedDirectory,
  REFERENCE_PYTHON,
  type ReferenceResult,
  runPythonReference,
  SHARED_DIR_ENV_VAR,
} from './reference.js';
