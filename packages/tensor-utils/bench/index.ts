// `pnpm --filter @hw7/tensor-utils bench`: one JSON line per measurement, on every available backend.
import { BACKEND_NAMES, type BackendName, benchLine, initBackend, round, tf, timeIt } from '../src/index.js';

async function availableBackends() {
  const names: BackendName[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      await initBackend({ backend: name, quiet: true });
      names.push(name);
    } catch {
      benchLine('backend-unavailable', { backend: name });
    }
  }
  return names;
}

async function matmulBench(backend: BackendName, size: number) {
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
  benchLine('matmul', {
    backend,
    size,
    ms: round(timing.medianMs, 1),
    gflops: round((2 * size ** 3) / timing.medianMs / 1e6, 2),
  });
}

for (const backend of await availableBackends()) {
  await initBackend({ backend, quiet: true });
  await matmulBench(backend, 1024);
}
