// The demo's command line: `pnpm demo -- --steps N` works (pnpm passes the `--` on), and bad
// arguments are one line naming the option, before TensorFlow.js loads.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@hw7/tensor-utils/dev';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./demo-cli.ts', import.meta.url));

const run = (args: string[]) =>
  runCommand(CLI, args, { env: { ...process.env, HW7_BACKEND: 'wasm', HW7_WASM_THREADS: '1' } });

it('accepts the -- that `pnpm demo -- --steps 2400` passes on (issue #28), and trains', async () => {
  const out = await mkdtemp(join(tmpdir(), 'stylegan-demo-cli-'));
  try {
    const { status, stdout } = await run([
      '--',
      '--steps',
      '1',
      '--batch-size',
      '2',
      '--snapshot-every',
      '0',
      '--out',
      out,
    ]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ steps: 1, styleMixingPath: join(out, 'style-mixing.png') });
    expect((await readdir(out)).sort()).toEqual(['samples.png', 'style-mixing.png']);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 120_000);

it('names a bad option and the expected value', async () => {
  const [steps, init] = await Promise.all([run(['--', '--steps', '-1']), run(['--d-init', 'he'])]);
  expect(steps).toEqual({
    status: 2,
    stdout: '',
    stderr: 'stylegan-demo: invalid value (--steps "-1"): an integer >= 1\n',
  });
  expect(init.stderr).toBe('stylegan-demo: invalid value (--d-init "he"): one of normal, glorot\n');
}, 60_000);
