// Multi-threaded XNNPACK for the wasm backend under Node.
//
// tfjs-backend-wasm ships an emscripten pthreads build (wasm-out/tfjs-backend-wasm-threaded-simd.*)
// but never uses it under Node: its WASM_HAS_MULTITHREAD_SUPPORT flag is false when IS_NODE. Loading
// that build by hand is not enough either, because the C++ side sizes its thread pool as
//   min(requested, 8, emscripten_num_logical_cores() / 2)
// ("many x86-64 CPUs have 2 threads per core"), and under Node the emscripten glue answers
// emscripten_num_logical_cores with os.cpus().length. On a 2-core machine that is 2 / 2 = 1, so
// setThreadsCount(2) is silently capped to one thread. We answer that import with 2 × threads
// instead, so the cap is exactly the number asked for.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from './tf.js';

/** XNNPACK's own limit: the build pre-creates 8 pthread workers and caps the pool at 8. */
const MAX_THREADS = 8;
const GLUE = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';
const BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';
/** Same priority the package registers 'wasm' with. */
const WASM_PRIORITY = 2;
/** Worker start-up is a few hundred ms; a stuck one would otherwise hang forever. */
const LOAD_TIMEOUT_MS = 60_000;

type Module = ConstructorParameters<typeof BackendWasm>[0];
interface NodeWorker {
  unref(): void;
  terminate(): unknown;
  onerror: (error: unknown) => void;
  on(event: 'error', listener: (error: unknown) => void): void;
}
interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: NodeWorker[]; runningWorkers: NodeWorker[]; terminateAllThreads(): void };
  tfjs?: unknown;
}
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;
interface WasmImports {
  env: Record<string, unknown>;
}
// TypeScript's ES libraries do not declare the WebAssembly API, which Node provides.
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Our registered 'wasm' factory and its thread count, to make repeated calls no-ops. */
let active: { threads: number; factory: () => Promise<BackendWasm> } | undefined;

function wasmOutDirectory(): { dir: string; require: NodeJS.Require } {
  const require = createRequire(import.meta.url);
  return { dir: join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out'), require };
}

/**
 * The pthread worker script as a `data:` URL, so nothing is written to disk. The package only ships
 * it as a string (`wasmWorkerContents`), written for a CommonJS worker: it calls `require` and reads
 * `__filename`. A `data:` worker is an ES module, so we give it those two globals and run the text
 * with an indirect eval (global scope, as `importScripts` would). Newlines are escaped as tfjs does:
 * the text holds "\n" string literals that its template literal turned into real newlines.
 */
function workerUrl(dir: string, require: NodeJS.Require): URL {
  const contents = (require(join(dir, WORKER)) as { wasmWorkerContents: string }).wasmWorkerContents;
  const glue = join(dir, GLUE);
  const source =
    `import { createRequire } from 'node:module';\n` +
    `globalThis.require = createRequire(${JSON.stringify(glue)});\n` +
    `globalThis.__filename = ${JSON.stringify(glue)};\n` +
    `(0, eval)(${JSON.stringify(contents.replace(/\n/g, '\\n'))});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

/** Instantiates the threaded build; resolves once its 8 pthread workers have loaded. */
async function createModule(threads: number): Promise<EmscriptenModule> {
  const { dir, require } = wasmOutDirectory();
  const factory = require(join(dir, GLUE)) as Factory;
  const binary = readFileSync(join(dir, BINARY));
  const worker = workerUrl(dir, require);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`threaded wasm: pthread workers did not start within ${LOAD_TIMEOUT_MS / 1000} s`)),
      LOAD_TIMEOUT_MS,
    );
  });
  let rejectLoad: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    rejectLoad = (error) => reject(new Error(`threaded wasm failed to load: ${String(error)}`));
  });
  // The glue installs process-wide 'uncaughtException'/'unhandledRejection' listeners that rethrow,
  // which makes Node print the glue's single 50 kB source line above every later uncaught error.
  // They only exist for emscripten's exit(), which tfjs never calls; we remove them again below.
  const before = [...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')];
  const glueOnError = new Map<NodeWorker, NodeWorker['onerror']>();
  // The glue uses this object as its Module: PThread appears on it once factory() returns.
  const config = {
    // A URL object goes straight to `new Worker(...)`; Node refuses `data:` as a plain string.
    locateFile: (path: string, prefix: string) => (path.endsWith('.worker.js') ? worker : prefix + path),
    // What each worker loads (with importScripts) to get the factory.
    mainScriptUrlOrBlob: join(dir, GLUE),
    instantiateWasm(this: EmscriptenModule, imports: WasmImports, receive: (instance: object, module: object) => void) {
      // The root-cause fix: report 2 × threads logical cores so the C++ cap is `threads`.
      imports.env.emscripten_num_logical_cores = () => 2 * threads;
      // The module (not only the instance) must be passed on: it is what the workers instantiate.
      webAssembly.instantiate(binary, imports).then(
        ({ instance, module }) => {
          receive(instance, module); // starts loading the module into the workers
          // The glue's worker.onerror (set just now) throws, which would crash the process
          // instead of failing this call; the 'error' listeners below report it until loaded.
          for (const w of this.PThread.unusedWorkers) {
            glueOnError.set(w, w.onerror);
            w.onerror = () => {};
          }
        },
        (error: unknown) => rejectLoad(error),
      );
      return {};
    },
    onAbort: (what: unknown) => rejectLoad(what),
  };
  try {
    const ready = factory(config);
    // A worker that fails to start (e.g. code generation from strings disallowed, which its eval
    // needs) becomes a rejection of this call rather than an uncaught exception.
    for (const w of (config as unknown as EmscriptenModule).PThread.unusedWorkers) {
      w.on('error', (error) => rejectLoad((error as Error)?.message ?? error));
    }
    for (const listener of process.listeners('uncaughtException')) {
      if (!before.includes(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!before.includes(listener)) process.removeListener('unhandledRejection', listener);
    }
    const module = await Promise.race([ready, failed, timeout]);
    for (const [w, onerror] of glueOnError) w.onerror = onerror;
    return module;
  } catch (error) {
    (config as Partial<EmscriptenModule>).PThread?.terminateAllThreads();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A backend on a fresh threaded module, with exactly `threads` XNNPACK threads (or a thrown error). */
async function createBackend(threads: number): Promise<BackendWasm> {
  const module = await createModule(threads);
  const cwrap = module.cwrap.bind(module);
  module.tfjs = {
    init: cwrap('init', null, []),
    // BackendWasm's constructor passes the package-global setThreadsCount() value; we pass ours.
    initWithThreadsCount: () => cwrap('init_with_threads_count', null, ['number'])(threads),
    getThreadsCount: cwrap('get_threads_count', 'number', []),
    registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: cwrap('dispose_data', null, ['number']),
    dispose: cwrap('dispose', null, []),
  };
  const backend = new BackendWasm(module as unknown as Module);
  const { PThread } = module;
  const actual = (module.tfjs as { getThreadsCount: () => number }).getThreadsCount();
  // The pool's threads (threads - 1 workers; the calling thread is the other one) are ref'ed
  // and would keep Node alive forever; they are idle between kernels, so let the process exit.
  for (const worker of PThread.runningWorkers) worker.unref();
  // The build always starts 8 workers (each a V8 isolate with its own instance); the pool is fixed
  // at creation, so the unused ones only cost memory.
  for (const worker of PThread.unusedWorkers) worker.terminate();
  PThread.unusedWorkers.length = 0;
  if (actual !== threads) {
    backend.dispose();
    throw new Error(`threaded wasm: asked for ${threads} XNNPACK threads, got ${actual}`);
  }
  return backend;
}

/**
 * Registers the 'wasm' backend as tfjs-backend-wasm's multi-threaded SIMD build with `threads`
 * XNNPACK threads (1..8), replacing the single-threaded one tfjs uses under Node. Call it before
 * the first `tf.setBackend('wasm')`; after that it still works while the wasm backend holds no
 * tensors (the old backend is removed, and reactivated if it was active). Throws with the reason
 * if the threaded build cannot start or does not get the threads asked for. Idempotent for the
 * same count. Register the training kernels (registerWasmTrainingKernels) after setBackend as usual.
 */
export async function activateThreadedWasm(threads: number): Promise<{ threads: number }> {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new RangeError(`threads must be an integer from 1 to ${MAX_THREADS}; got ${threads}`);
  }
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new Error('threaded wasm needs SharedArrayBuffer, which this runtime does not provide');
  }
  const engine = tf.engine();
  if (active?.threads === threads && tf.findBackendFactory('wasm') === active.factory) return { threads };
  const current = engine.registry.wasm as BackendWasm | undefined;
  if (current && current.numDataIds() > 0) {
    throw new Error(
      `activateThreadedWasm(${threads}) must run before the wasm backend holds tensors ` +
        `(it holds ${current.numDataIds()}): call it before the first tf.setBackend('wasm')`,
    );
  }
  // Build first, so that a failure leaves the existing backend untouched.
  let prepared: BackendWasm | undefined = await createBackend(threads);
  const wasActive = tf.getBackend() === 'wasm';
  if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm'); // disposes an initialised one
  // The first initialisation gets the backend built above; any later one (after a removeBackend)
  // needs a fresh module, because a disposed backend has terminated its module's workers.
  const factory = async () => {
    const backend = prepared ?? (await createBackend(threads));
    prepared = undefined;
    return backend;
  };
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  active = { threads, factory };
  if (wasActive) await tf.setBackend('wasm');
  return { threads };
}
