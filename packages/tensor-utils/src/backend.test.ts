import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV_VAR, currentBackend, ensureBackend, initBackend } from './backend.js';
import * as tf from './tf.js';

describe('initBackend', () => {
  const saved = process.env[BACKEND_ENV_VAR];
  afterEach(() => {
    if (saved === undefined) delete process.env[BACKEND_ENV_VAR];
    else process.env[BACKEND_ENV_VAR] = saved;
  });

  it('picks the fastest working backend and says why', async () => {
    delete process.env[BACKEND_ENV_VAR];
    const choice = await initBackend({ quiet: true });
    expect(tf.getBackend()).toBe(choice.name);
    expect(currentBackend()).toBe(choice);
    // The native packages are optional and absent in CI, so the embedded wasm backend wins there.
    const native = choice.attempts.find((attempt) => attempt.name === 'tensorflow');
    if (native && !native.ok) {
      expect(choice.name).toBe('wasm');
      expect(native.detail).toMatch(/tfjs-node/);
      expect(choice.reason).toMatch(/^wasm .*fastest that works/);
    }
    expect(choice.attempts.at(-1)).toMatchObject({ name: choice.name, ok: true });
  });

  it('ensureBackend keeps an earlier choice', async () => {
    const chosen = await initBackend({ backend: 'cpu', quiet: true });
    expect(await ensureBackend()).toBe(chosen);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('honours a forced choice from options and from the environment', async () => {
    expect((await initBackend({ backend: 'cpu', quiet: true })).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    process.env[BACKEND_ENV_VAR] = 'wasm';
    const choice = await initBackend({ quiet: true });
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toContain(`forced by ${BACKEND_ENV_VAR}`);
    // An explicit option beats the environment.
    expect((await initBackend({ backend: 'cpu', quiet: true })).reason).toContain('forced by options.backend');
  });

  it('rejects unknown names, naming the argument and the choices', async () => {
    await expect(initBackend({ backend: 'gpu' as never, quiet: true })).rejects.toThrow(
      'options.backend must be one of auto, tensorflow, wasm, cpu; got "gpu"',
    );
    process.env[BACKEND_ENV_VAR] = 'webgl';
    await expect(initBackend({ quiet: true })).rejects.toThrow(`${BACKEND_ENV_VAR} must be one of`);
  });

  it('fails loudly when a forced backend cannot work', async () => {
    const choice = initBackend({ backend: 'tensorflow', quiet: true });
    const nativeInstalled = await choice.then(
      () => true,
      (error: Error) => {
        expect(error.message).toMatch(/backend "tensorflow" was requested but does not work here/);
        return false;
      },
    );
    if (nativeInstalled) expect(tf.getBackend()).toBe('tensorflow');
  });

  it('runs setup hooks before the smoke test', async () => {
    const calls: string[] = [];
    await initBackend({ backend: 'cpu', quiet: true, setup: { cpu: () => void calls.push(tf.getBackend()) } });
    expect(calls).toEqual(['cpu']);
  });
});

describe('initBackend({ quiet: true })', () => {
  it("does not print TensorFlow.js's Node.js banner (issue #28)", async () => {
    const backend = fileURLToPath(new URL('./backend.ts', import.meta.url));
    const script = `const { initBackend, tf } = { ...(await import(${JSON.stringify(backend)})), tf: await import('@tensorflow/tfjs') };
      const choice = await initBackend({ backend: 'cpu', quiet: true });
      tf.tidy(() => tf.add(tf.ones([2]), tf.ones([2])).dataSync());
      console.log(choice.name);`;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    expect(stdout).toBe('cpu\n');
    expect(stderr).not.toMatch(/looks like you are running TensorFlow\.js/);
    expect(stderr).toBe('');
  }, 30_000);
});
