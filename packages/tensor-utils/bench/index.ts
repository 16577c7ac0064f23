// `pnpm --filter @hw7/tensor-utils bench`: one JSON line per measurement, on every available backend,
// with the homework's cGAN steps compared to PyTorch (../shared/anchors/torch_steps.py) in the same run.
import { join } from 'node:path';
import { benchLine, findReferenceScripts, round, runPythonReference, timeIt } from '../src/dev.js';
import { BACKEND_NAMES, type BackendName, initBackend, tf } from '../src/index.js';
import { BATCH, type CganStep, cganStepTimings } from './cgan-steps.js';

/** `HW7_BENCH_BACKENDS=wasm,cpu` limits the run to those backends (default: every one). */
function requestedBackends(): readonly BackendName[] {
  const list = process.env.HW7_BENCH_BACKENDS?.split(',').map((name) => name.trim());
  if (!list) return BACKEND_NAMES;
  const unknown = list.filter((name) => !(BACKEND_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`HW7_BENCH_BACKENDS: unknown backend(s) ${unknown.join(', ')}; use ${BACKEND_NAMES.join(', ')}`);
  return list as BackendName[];
}

async function availableBackends(): Promise<BackendName[]> {
  const names: BackendName[] = [];
  for (const name of requestedBackends()) {
    try {
      await initBackend({ backend: name, quiet: true });
      names.push(name);
    } catch (error) {
      benchLine('backend-unavailable', { backend: name, reason: (error as Error).message });
    }
  }
  return names;
}

async function matmulBench(backend: BackendName, size: number) {
  await initBackend({ backend, quiet: true });
  const a = tf.randomNormal([size, size], 0, 1, 'float32', 1);
  const b = tf.randomNormal([size, size], 0, 1, 'float32', 2);
  const timing = await timeIt(
    async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    },
    { warmup: 1, repeats: backend === 'cpu' ? 2 : 5 },
  );
  tf.dispose([a, b]);
  const gflops = (2 * size ** 3) / timing.medianMs / 1e6;
  benchLine('matmul', { backend, size, ms: round(timing.medianMs, 1), gflops: round(gflops, 2) });
}

type TorchSteps = { discOnlyMs: number; discMs: number; genMs: number; fullMs: number };

async function torchSteps(threads: number): Promise<TorchSteps | null> {
  const anchors = findReferenceScripts();
  if (!anchors.ok) {
    benchLine('torch-cgan-steps', { skipped: anchors.reason });
    return null;
  }
  const result = await runPythonReference<TorchSteps>(join(anchors.value, 'torch_steps.py'), [String(threads), '15']);
  if (!result.ok) {
    benchLine('torch-cgan-steps', { threads, skipped: result.reason });
    return null;
  }
  benchLine('torch-cgan-steps', { ...result.value });
  return result.value;
}

const STEP_BENCHES: Record<CganStep, string> = {
  discOnly: 'cgan-disc-step',
  gen: 'cgan-gen-step',
  disc: 'cgan-disc-update',
  full: 'cgan-full-step',
};

const backends = await availableBackends();
for (const backend of backends) await matmulBench(backend, 1024);

// PyTorch first, while nothing else runs; one thread (like tfjs wasm under Node) and two.
const torch1 = await torchSteps(1);
const torch2 = await torchSteps(2);

const timings = new Map<BackendName, Partial<Record<`${CganStep}Ms`, number>>>();
for (const backend of backends) {
  // The pure-JS backend takes 1-3 minutes per step: time once the two steps the comparison needs.
  const options =
    backend === 'cpu'
      ? { warmup: 0, repeats: 1, steps: ['discOnly', 'gen'] as CganStep[] }
      : { warmup: 3, repeats: 10 };
  timings.set(backend, await cganStepTimings(backend, options));
}

for (const step of Object.keys(STEP_BENCHES) as CganStep[]) {
  const key = `${step}Ms` as const;
  const cpuMs = timings.get('cpu')?.[key];
  for (const [backend, measured] of timings) {
    const ms = measured[key];
    if (ms === undefined) continue;
    const torchMs = torch1?.[key];
    const torch2Ms = torch2?.[key];
    benchLine(STEP_BENCHES[step], {
      backend,
      batch: BATCH,
      msPerStep: round(ms, 1),
      ...(torchMs === undefined ? {} : { torchMsPerStep: torchMs, ratio: round(ms / torchMs, 2) }),
      ...(torch2Ms === undefined ? {} : { torch2ThreadsMsPerStep: torch2Ms, ratio2Threads: round(ms / torch2Ms, 2) }),
      ...(cpuMs === undefined || backend === 'cpu'
        ? {}
        : { cpuMsPerStep: round(cpuMs, 1), speedupVsCpu: round(cpuMs / ms, 1) }),
    });
  }
}
