// Backend selection: the fastest TensorFlow.js backend that really works on this machine.
// Order: native TensorFlow (optional peer packages), then SIMD WebAssembly (embedded), then pure JS.
import '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_ENV_VAR, BACKEND_NAMES, type BackendName } from './backend-names.js';
import { useOnDemandFusedGradients } from './on-demand-fused-gradients.js';
import { useSummingTileGradient } from './tile-gradient.js';
import { activateThreadedWasm } from './wasm-threads.js';
import { installCpuAvgPoolGrad } from './wasm-training/pool-gradients.js';
import { registerWasmTrainingKernels } from './wasm-training/register.js';

export { BACKEND_ENV_VAR, BACKEND_NAMES, type BackendName };
/** Environment variable setting the wasm backend's threads, e.g. `HW7_WASM_THREADS=1`. */
export const WASM_THREADS_ENV_VAR = 'HW7_WASM_THREADS';

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  detail: string;
}

export interface BackendChoice {
  /** The backend now active in `tf`. */
  name: BackendName;
  /** One sentence: why this backend was chosen. */
  reason: string;
  /** Every backend tried, in order, with what happened. */
  attempts: BackendAttempt[];
}

export interface InitBackendOptions {
  /** Force a backend ('auto' = fastest working). Overrides the HW7_BACKEND environment variable. */
  backend?: BackendName | 'auto';
  /**
   * Print nothing: by default one line on stderr says which backend was chosen and why. Quiet also
   * silences TensorFlow.js's own "Hi, looks like you are running TensorFlow.js in Node.js" banner,
   * which its cpu backend prints on first use (also when wasm hands it a kernel).
   */
  quiet?: boolean;
  /**
   * Threads for the wasm backend's matrix multiplies and convolutions (XNNPACK), 1-8. Default:
   * HW7_WASM_THREADS, else the number of cores (at most 8). More than 1 loads tfjs's
   * multi-threaded build, which tfjs itself never uses under Node; measured on 2 cores, 1.5x
   * faster cGAN training steps on an otherwise idle machine.
   */
  wasmThreads?: number;
  /**
   * Hooks run after a backend is activated and before its smoke test, e.g. to register extra
   * kernels. Called once per backend name.
   */
  setup?: Partial<Record<BackendName, () => void | Promise<void>>>;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function parseBackendName(value: string, source: string): BackendName | 'auto' {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'auto' || (BACKEND_NAMES as readonly string[]).includes(normalised)) {
    return normalised as BackendName | 'auto';
  }
  throw new Error(`${source} must be one of auto, ${BACKEND_NAMES.join(', ')}; got "${value}"`);
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/** Loads an optional native package; resolves to the package name that registered 'tensorflow'. */
async function loadNativeBackend(): Promise<string> {
  const failures: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    try {
      // A variable specifier keeps bundlers from trying to resolve an optional package.
      const specifier: string = pkg;
      await import(specifier);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const notInstalled = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
      failures.push(notInstalled ? `${pkg} is not installed` : `${pkg} failed to load: ${message(error)}`);
      continue;
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      failures.push(
        `${pkg} loaded but registered into another @tensorflow/tfjs-core than ours (${tf.version.tfjs}); install version ${tf.version.tfjs}`,
      );
      continue;
    }
    return pkg;
  }
  throw new Error(failures.join('; '));
}

/** A tiny forward and backward pass whose result is known: proves the backend computes. */
function smokeTest(): void {
  const ok = tf.tidy(() => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const x = tf.ones([2, 2]);
    // d/dx sum(x a) = ones · aᵀ: every row holds the row sums of a.
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.matMul(input, a)))(x);
    const expected = [3, 7, 3, 7];
    const got = grad.dataSync();
    return expected.every((value, i) => Math.abs(got[i] - value) < 1e-5);
  });
  if (!ok) throw new Error('smoke test computed a wrong gradient');
}

function wasmThreads(options: InitBackendOptions): number {
  const fromEnv = process.env[WASM_THREADS_ENV_VAR];
  const [value, source] =
    options.wasmThreads !== undefined
      ? [options.wasmThreads, 'options.wasmThreads']
      : fromEnv
        ? [Number(fromEnv), WASM_THREADS_ENV_VAR]
        : [Math.min(availableParallelism(), 8), 'the number of cores'];
  if (!Number.isInteger(value) || value < 1 || value > 8) {
    throw new RangeError(`${source} must be an integer from 1 to 8; got ${String(options.wasmThreads ?? fromEnv)}`);
  }
  return value;
}

/** Loads the multi-threaded wasm build when more than one thread is wanted; '' or why it could not. */
async function prepareWasm(options: InitBackendOptions): Promise<string> {
  const threads = wasmThreads(options);
  if (threads === 1) return '';
  try {
    await activateThreadedWasm(threads);
    return '';
  } catch (error) {
    return `; the ${threads}-thread build failed: ${message(error)}`;
  }
}

async function activate(name: BackendName, options: InitBackendOptions): Promise<string> {
  let detail = '';
  if (name === 'tensorflow') detail = `from ${await loadNativeBackend()}`;
  const wasmNote = name === 'wasm' ? await prepareWasm(options) : '';
  const activated = await tf.setBackend(name);
  if (!activated) throw new Error(`tf.setBackend('${name}') failed to initialise`);
  await tf.ready();
  // The embedded wasm backend lacks training kernels and is slow on others: fix that first.
  if (name === 'wasm') registerWasmTrainingKernels();
  // tfjs's cpu AvgPoolGrad divides border windows by their full size (the wasm one is replaced above).
  installCpuAvgPoolGrad();
  useOnDemandFusedGradients();
  useSummingTileGradient();
  await options.setup?.[name]?.();
  smokeTest();
  if (name === 'cpu') detail = 'pure JavaScript';
  if (name === 'wasm') {
    const threads = getThreadsCount();
    detail = `embedded SIMD WebAssembly, ${threads} thread${threads === 1 ? '' : 's'}${wasmNote}`;
  }
  return detail;
}

/** tfjs's cpu backend warns once, on its first tensor, that a native backend would be faster. */
function silenceCpuBackendBanner(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false;
}

let currentChoice: BackendChoice | undefined;

/** The backend chosen by the last `initBackend()` call, if any. */
export function currentBackend(): BackendChoice | undefined {
  return currentChoice;
}

/**
 * The backend chosen by an earlier `initBackend`, or else the one `initBackend({ quiet: true })`
 * picks now, so library functions that train work even when the caller forgot to choose.
 */
export async function ensureBackend(): Promise<BackendChoice> {
  return currentChoice ?? initBackend({ quiet: true });
}

/**
 * Activates the fastest backend that works: `tensorflow` (if `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` is installed), then `wasm`, then `cpu`. A choice forced by
 * `options.backend` or `HW7_BACKEND` must work, or this throws.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  const envValue = process.env[BACKEND_ENV_VAR];
  const requested =
    options.backend !== undefined
      ? parseBackendName(options.backend, 'options.backend')
      : envValue
        ? parseBackendName(envValue, BACKEND_ENV_VAR)
        : 'auto';
  const candidates = requested === 'auto' ? BACKEND_NAMES : [requested];
  if (options.quiet) silenceCpuBackendBanner();
  const attempts: BackendAttempt[] = [];
  for (const name of candidates) {
    try {
      const detail = await activate(name, options);
      attempts.push({ name, ok: true, detail });
      const skipped = attempts.filter((attempt) => !attempt.ok);
      const why =
        requested !== 'auto'
          ? `forced by ${options.backend !== undefined ? 'options.backend' : BACKEND_ENV_VAR}`
          : skipped.length === 0
            ? 'fastest available'
            : `fastest that works (${skipped.map((a) => `${a.name}: ${a.detail}`).join('; ')})`;
      currentChoice = { name, reason: `${name} (${detail}), ${why}`, attempts };
      if (!options.quiet) process.stderr.write(`[hw7] backend: ${currentChoice.reason}\n`);
      return currentChoice;
    } catch (error) {
      attempts.push({ name, ok: false, detail: message(error) });
    }
  }
  const tried = attempts.map((a) => `${a.name}: ${a.detail}`).join('; ');
  throw new Error(
    requested === 'auto'
      ? `no TensorFlow.js backend works here (${tried})`
      : `backend "${requested}" was requested but does not work here (${tried})`,
  );
}
