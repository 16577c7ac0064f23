// The core's command line: --help and bad arguments answer without loading TensorFlow.js, errors
// are one line naming the argument, and the backend command reports its choice.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPORT_TFJS_LOADED, runCommand } from './command-run.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (args: string[]) => runCommand(CLI, args, { imports: [REPORT_TFJS_LOADED] });

describe('hw7-tensor-utils', () => {
  it('answers --help and bad arguments without loading TensorFlow.js', async () => {
    const [help, bad, out] = await Promise.all([
      run(['--help']),
      run(['demo', '--steps', '-1']),
      run(['demo', '--out', fileURLToPath(new URL('../package.json', import.meta.url))]),
    ]);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: hw7-tensor-utils <command> \[options\]/);
    expect(help.stdout).toMatch(/--train-limit N\s+training images to load \(default 20000\)/);
    expect(bad).toEqual({
      status: 2,
      stdout: '',
      stderr: 'hw7-tensor-utils: invalid value (--steps "-1"): an integer >= 1\n',
    });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^hw7-tensor-utils: is an existing file \(--out ".*package\.json"\): a directory/);
  }, 30_000);

  it('reports the backend it picks as JSON', async () => {
    const { status, stdout, stderr } = await run(['backend', '--backend', 'cpu']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      name: 'cpu',
      reason: 'cpu (pure JavaScript), forced by options.backend',
    });
    expect(stderr).toBe('TFJS-LOADED\n');
  }, 30_000);
});
