// The core's command line: --help and bad arguments answer without loading TensorFlow.js, errors
// are one line naming the argument, and the backend command reports its choice.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
/** Prints TFJS-LOADED on exit when TensorFlow.js's engine was created. */
const REPORT_TFJS =
  'data:text/javascript,process.on("exit",()=>{if(globalThis._tfengine)process.stderr.write("TFJS-LOADED\\n")})';

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', REPORT_TFJS, CLI, ...args],
      { encoding: 'utf8' },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { status: code, stdout, stderr };
  }
}

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
