import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import * as tf from './tf.js';

describe('multi-threaded wasm backend', () => {
  it('really runs XNNPACK on two threads and computes what cpu computes', async () => {
    const choice = await initBackend({ backend: 'wasm', wasmThreads: 2, quiet: true });
    expect(choice.reason).toContain('2 threads');
    expect(getThreadsCount()).toBe(2);
    const compute = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([4, 12, 12, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
        const filter = tf.randomNormal([3, 3, 3, 8], 0, 1, 'float32', 2) as tf.Tensor4D;
        const loss = (f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 2, 'same')));
        return [tf.conv2d(x, filter, 2, 'same'), tf.grad(loss)(filter)].map((t) => Array.from(t.dataSync()));
      });
    const onWasm = compute();
    await tf.setBackend('cpu');
    const onCpu = compute();
    onWasm.forEach((values, i) => {
      const errors = values.map((v, j) => Math.abs(v - onCpu[i][j]) / Math.max(1, Math.abs(onCpu[i][j])));
      expect(Math.max(...errors)).toBeLessThan(1e-4);
    });
  });

  it('lets the process exit by itself when the work is done (its worker threads are unref-ed)', () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const script = new URL('./backend.ts', import.meta.url).pathname;
    const program = `import { initBackend } from ${JSON.stringify(script)};
      import * as tf from ${JSON.stringify(new URL('./tf.ts', import.meta.url).pathname)};
      const choice = await initBackend({ backend: 'wasm', wasmThreads: 2, quiet: true });
      console.log(choice.reason, tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])).dataSync()[0]);`;
    const started = Date.now();
    const output = execFileSync(process.execPath, [tsx, '--input-type=module', '-e', program], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(output).toContain('2 threads');
    expect(output.trim().endsWith(' 64')).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
