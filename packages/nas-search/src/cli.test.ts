import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeTinyCifar } from '../test/tiny-cifar.js';

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

  it('searches CNNs on CIFAR-10 files the user supplies and names the dataset in the results', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nas-search-cifar-'));
    const { directory } = await writeTinyCifar('cifar10', 40, 2);
    try {
      const { stdout } = await run(
        ['search', '--dataset', 'cifar10', '--cifar-dir', directory, '--strategy', 'evolution', '--budget', '2'].concat(
          ['--train-limit', '24', '--validation-limit', '16', '--epochs', '1', '--backend', 'wasm', '--out', out],
        ),
      );
      const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
      expect(summary).toMatchObject({ dataset: 'cifar10', trained: 2 });
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      expect(results.dataset).toBe('cifar10');
      expect(results.evaluations).toHaveLength(2);
      expect(await readFile(join(out, 'best-so-far.svg'), 'utf8')).toContain('CIFAR-10 architecture search');
    } finally {
      await rm(out, { recursive: true, force: true });
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('asks for --cifar-dir, names a bad --dataset and the files a CIFAR folder lacks', async () => {
    await expect(run(['search', '--dataset', 'cifar100'])).rejects.toThrow(/--dataset cifar100 needs --cifar-dir DIR/);
    await expect(run(['search', '--dataset', 'imagenet'])).rejects.toThrow(
      /--dataset must be one of mnist, cifar10, cifar100; got "imagenet"/,
    );
    const empty = await mkdtemp(join(tmpdir(), 'nas-empty-'));
    try {
      await expect(
        run(['search', '--dataset', 'cifar100', '--cifar-dir', empty, '--budget', '1', '--backend', 'cpu']),
      ).rejects.toThrow(/must hold the CIFAR-100 binary files train\.bin and test\.bin/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('names a bad option value', async () => {
    await expect(run(['tabular', '--table', 'x.csv', '--strategy', 'bayes'])).rejects.toThrow(
      /--strategy must be one of random, evolution, reinforce, qlearning; got "bayes"/,
    );
  });
});
