// The demo's command line prints the real path of the PNG it wrote (pnpm runs it in the package's
// folder, so a relative --out is not where the user typed it), and names bad options.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@hw7/tensor-utils/dev';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./demo-cli.ts', import.meta.url));
// Absolute, so that the demo can run in another folder.
const TSX = createRequire(import.meta.url).resolve('tsx');

const run = (args: string[], cwd?: string) =>
  runCommand(CLI, args, { cwd, loader: TSX, env: { ...process.env, HW7_BACKEND: 'wasm', HW7_WASM_THREADS: '1' } });

it('prints the real path of the PNG it wrote, not the relative --out (issue #28)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'cyclegan-demo-cli-'));
  try {
    const { status, stdout } = await run(['--steps', '1', '--out', 'pictures/demo.png'], directory);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(['step', 'generator', 'discriminator']);
    expect(lines.at(-1)).toBe(`wrote ${join(directory, 'pictures', 'demo.png')}`);
    expect((await stat(join(directory, 'pictures', 'demo.png'))).size).toBeGreaterThan(100);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}, 120_000);

it('names a bad option and the expected value', async () => {
  const [steps, lr] = await Promise.all([run(['--', '--steps', '0']), run(['--lr', '-1'])]);
  expect(steps).toEqual({
    status: 2,
    stdout: '',
    stderr: 'cyclegan-demo: invalid value (--steps "0"): an integer >= 1\n',
  });
  expect(lr.stderr).toBe('cyclegan-demo: invalid value (--lr "-1"): a number > 0\n');
}, 60_000);
