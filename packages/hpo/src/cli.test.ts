import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });

describe('hw7-hpo', () => {
  it('runs a tiny CNN study, prints the best trial as JSON and writes the report', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hpo-cli-'));
    try {
      const out = join(directory, 'report');
      const { stdout } = await run(
        [
          'cnn',
          '--trials',
          '2',
          '--train-limit',
          '48',
          '--test-limit',
          '30',
          '--epochs',
          '1',
          '--pruner',
          'none',
        ].concat(['--out', out]),
      );
      const lines = stdout.split('\n');
      expect(lines.filter((line) => /^trial \d COMPLETE/.test(line))).toHaveLength(2);
      const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
      expect(summary.trials).toEqual({ complete: 2, pruned: 0, fail: 0 });
      expect(summary.best.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(Object.keys(summary.best.params)).toContain('num_conv_layers');
      expect(await readdir(out)).toEqual(expect.arrayContaining(['index.html', 'history.svg', 'study.json']));

      const { stdout: reportOutput } = await run([
        'report',
        '--study-json',
        join(out, 'study.json'),
        '--out',
        join(directory, 'again'),
      ]);
      expect(JSON.parse(reportOutput).files).toContain(join(directory, 'again', 'index.html'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it('names the option and the expected value on bad input', async () => {
    // Concurrently: each run spends most of its time loading TensorFlow.js.
    await Promise.all([
      expect(run(['cnn', '--pruner', 'asha'])).rejects.toMatchObject({
        stderr: 'hw7-hpo: --pruner must be one of median, none; got "asha"\n',
      }),
      expect(run(['cnn', '--trials', '0'])).rejects.toMatchObject({
        stderr: expect.stringContaining('--trials must be an integer >= 1'),
      }),
      expect(run(['report'])).rejects.toMatchObject({
        stderr: expect.stringContaining('report needs --study-json FILE'),
      }),
    ]);
  }, 30_000);
});
