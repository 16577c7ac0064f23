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

describe('hw7-nas', () => {
  it('writes the synthetic table and compares strategies on it as JSON lines', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'nas-cli-'));
    try {
      const table = join(directory, 'nb201.csv');
      await run(['synthetic-table', '--out', table]);
      const { stdout } = await run(
        ['tabular', '--table', table, '--arch-column', 'arch', '--metric-column', 'accuracy'].concat([
          '--strategy',
          'random,evolution',
          '--strategy',
          'qlearning',
          '--budget',
          '5,10',
          '--seeds',
          '3',
          '--json',
        ]),
      );
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength(6);
      expect(Object.keys(lines[0])).toEqual(['strategy', 'budget', 'seeds', 'mean', 'std']);
      expect(lines.map((line) => `${line.strategy}@${line.budget}`)).toEqual([
        'random@5',
        'random@10',
        'evolution@5',
        'evolution@10',
        'qlearning@5',
        'qlearning@10',
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('searches CNNs on an MNIST subset and writes the best-so-far plot', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nas-search-'));
    try {
      const { stdout } = await run(
        [
          'search',
          '--strategy',
          'evolution',
          '--budget',
          '2',
          '--train-limit',
          '64',
          '--validation-limit',
          '32',
        ].concat(['--epochs', '1', '--backend', 'wasm', '--out', out]),
      );
      const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
      expect(summary.trained).toBe(2);
      expect(summary.best.key).toMatch(/^input=\d+\|conv=/);
      expect(await readdir(out)).toEqual(expect.arrayContaining(['best-so-far.svg', 'results.json']));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('names a bad option value', async () => {
    await expect(run(['tabular', '--table', 'x.csv', '--strategy', 'bayes'])).rejects.toThrow(
      /--strategy must be one of random, evolution, reinforce, qlearning; got "bayes"/,
    );
  });
});
