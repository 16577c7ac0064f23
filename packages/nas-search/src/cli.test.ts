import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TinyCifar, writeTinyCifar } from '../test/tiny-cifar.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('../test/tfjs-probe.mjs', import.meta.url));
const NODE_ARGS = ['--import', 'tsx', '--import', PROBE, CLI];
const A = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs hw7-nas; resolves with its exit status and output (never rejects). */
function run(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const directory = mkdtempSync(join(tmpdir(), 'nas-cli-'));
let cifar10: TinyCifar;
let syntheticTable: string;
beforeAll(async () => {
  cifar10 = await writeTinyCifar('cifar10', 40, 2);
  syntheticTable = join(directory, 'nb201.csv');
  const written = await run(['synthetic-table', '--out', syntheticTable]);
  expect(written.code).toBe(0);
}, 120_000);
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  rmSync(cifar10.directory, { recursive: true, force: true });
});

/** Resolves once `child` has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The errors of hw7-nas: one line in the common format, no stack trace. */
function expectCliError({ code, stderr }: Outcome, pattern: RegExp, status = 2): void {
  expect(code).toBe(status);
  const lines = stderr.split('\n').filter((line) => line.startsWith('hw7-nas: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('hw7-nas tabular', () => {
  it('compares strategies on the synthetic table as JSON lines', async () => {
    const { code, stdout } = await run(
      ['tabular', '--table', syntheticTable, '--strategy', 'random,evolution', '--strategy', 'qlearning'].concat([
        '--budget',
        '5,10',
        '--seeds',
        '3',
        '--json',
      ]),
    );
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(Object.keys(lines[0])).toEqual(['strategy', 'budget', 'seeds', 'mean', 'std']);
    expect(lines.map((line) => `${line.strategy}@${line.budget}`)).toEqual([
      'random@5',
      'random@10',
      'evolution@5',
      'evolution@10',
      'qlearning@5',
      'qlearning@10',
    ]);
  });

  it('never loads TensorFlow.js without the REINFORCE controller (it printed tfjs\'s "install our node backend" banner)', async () => {
    const { code, stderr } = await run(['tabular', '--table', syntheticTable, '--strategy', 'random,qlearning']);
    expect(code).toBe(0);
    expect(stderr).toContain('tfjs-probe: not loaded');
    expect(stderr).not.toMatch(/node backend|tfjs-node|Hi there/);
    const reinforce = await run(['tabular', '--table', syntheticTable, '--strategy', 'reinforce', '--budget', '5']);
    expect(reinforce.code).toBe(0);
    expect(reinforce.stderr).toContain('tfjs-probe: loaded');
    expect(reinforce.stderr).not.toMatch(/node backend|tfjs-node|Hi there/);
  });

  it('refuses --budget 100000000 at once, bounded by the table (it ran on past 75 s)', async () => {
    const started = performance.now();
    const outcome = await run(['tabular', '--table', syntheticTable, '--budget', '25,100000000']);
    expectCliError(
      outcome,
      /^hw7-nas: more queries than the table has architectures \(--budget 100000000\): at most 15,625: /,
    );
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('names the file and line of a malformed table: a BOM header, a duplicate, a ragged row, a missing time', async () => {
    const cases: [string, string, RegExp][] = [
      // The header's first column is found despite the byte-order mark; only the time column is missing.
      [
        'bom.csv',
        `\ufeffarch,accuracy\n${A},90\n`,
        /^hw7-nas: no training-time column "train_time" \(--table ".*bom\.csv", line 1\): one of the header's columns: "arch", "accuracy"$/,
      ],
      [
        'dup.csv',
        `arch,accuracy,train_time\n${A},90,1\n ${A} ,80,1\n`,
        /a duplicate architecture \(--table ".*dup\.csv", line 3\): each architecture once; .* is also on line 2/,
      ],
      [
        'ragged.csv',
        `arch,accuracy,train_time\n${A},90\n`,
        /^hw7-nas: 2 fields \(--table ".*ragged\.csv", line 2\): one per column of the header \(line 1\): 3$/,
      ],
      [
        'time.csv',
        `arch,accuracy,train_time\n${A},90,\n`,
        /the training time \(column "train_time"\) is not a number >= 0 \(--table ".*time\.csv", line 2\)/,
      ],
    ];
    for (const [name, text, pattern] of cases) {
      writeFileSync(join(directory, name), text);
      const outcome = await run([
        'tabular',
        '--table',
        join(directory, name),
        '--time-column',
        'train_time',
        '--budget',
        '1',
      ]);
      expectCliError(outcome, pattern);
    }
  });

  it('names a bad option value and offers the choices', async () => {
    expectCliError(
      await run(['tabular', '--table', syntheticTable, '--strategy', 'bayes']),
      /^hw7-nas: invalid value \(--strategy "bayes"\): one of random, evolution, reinforce, qlearning$/,
    );
    expectCliError(await run(['tabular']), /^hw7-nas: missing \(--table\)/);
  });
});

describe('hw7-nas search', () => {
  // One wasm thread: the same numbers in every process, so a resumed search can be compared exactly.
  const tiny = ['--train-limit', '64', '--validation-limit', '32', '--epochs', '1', '--backend', 'wasm'];
  const oneThread = { HW7_WASM_THREADS: '1' };

  it('searches CNNs on an MNIST subset and writes the best-so-far plot', async () => {
    const out = join(directory, 'mnist');
    const { code, stdout, stderr } = await run([
      'search',
      '--strategy',
      'evolution',
      '--budget',
      '2',
      ...tiny,
      '--out',
      out,
    ]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(summary).toMatchObject({ dataset: 'mnist', trained: 2, resumed: 0 });
    expect(summary.best.key).toMatch(/^input=\d+\|conv=/);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['best-so-far.svg', 'results.json', 'search-state']));
    // The same --out again is refused, pointing at --resume.
    expectCliError(
      await run(['search', '--strategy', 'evolution', '--budget', '2', ...tiny, '--out', out]),
      /^hw7-nas: already holds a search \(2 evaluations\) \(--out ".*"\): add --resume to continue it/,
    );
    // Resumed with other settings, it says which differ before training anything.
    expectCliError(
      await run([
        'search',
        '--budget',
        '3',
        '--train-limit',
        '64',
        '--validation-limit',
        '32',
        '--epochs',
        '2',
        '--out',
        out,
        '--resume',
      ]),
      /^hw7-nas: holds a search with other settings: maxEpochs 1 \(now 2\) \(--out ".*"\): resume it with the settings/,
    );
  });

  it('searches CNNs on CIFAR-10 files the user supplies and names the dataset in the results', async () => {
    const out = join(directory, 'cifar');
    const { code, stdout, stderr } = await run(
      [
        'search',
        '--dataset',
        'cifar10',
        '--cifar-dir',
        cifar10.directory,
        '--strategy',
        'evolution',
        '--budget',
        '2',
      ].concat(['--train-limit', '24', '--validation-limit', '16', '--epochs', '1', '--backend', 'wasm', '--out', out]),
    );
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout.slice(stdout.indexOf('{')))).toMatchObject({ dataset: 'cifar10', trained: 2 });
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.dataset).toBe('cifar10');
    expect(results.evaluations).toHaveLength(2);
    expect(readFileSync(join(out, 'best-so-far.svg'), 'utf8')).toContain('CIFAR-10 architecture search');
  });

  it('checks --out before any work: an existing file or an unwritable directory fails at once (it failed after the search)', async () => {
    const file = join(directory, 'a-file');
    writeFileSync(file, 'not a directory');
    const started = performance.now();
    expectCliError(
      await run(['search', '--budget', '50', '--out', file]),
      /^hw7-nas: is an existing file \(--out ".*a-file"\): a directory, or a path where one can be created$/,
    );
    expectCliError(
      await run(['search', '--budget', '50', '--out', join(file, 'run')]),
      /^hw7-nas: cannot be created: .*a-file is a file \(--out ".*"\): a directory, or a path where one can be created$/,
    );
    // (Root may write anywhere: the permission check can only be seen as another user.)
    if (process.getuid?.() !== 0) {
      const locked = join(directory, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      try {
        expectCliError(
          await run(['search', '--budget', '50', '--out', join(locked, 'run')]),
          /cannot be created: .*locked is not writable/,
        );
      } finally {
        chmodSync(locked, 0o700);
      }
    }
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('asks for --cifar-dir, names a bad --dataset and the files a CIFAR folder lacks', async () => {
    expectCliError(
      await run(['search', '--dataset', 'cifar100']),
      /^hw7-nas: missing \(--cifar-dir\): --dataset cifar100 needs --cifar-dir DIR/,
    );
    expectCliError(
      await run(['search', '--dataset', 'imagenet']),
      /^hw7-nas: invalid value \(--dataset "imagenet"\): one of mnist, cifar10, cifar100$/,
    );
    const empty = mkdtempSync(join(directory, 'empty-'));
    const outcome = await run([
      'search',
      '--dataset',
      'cifar100',
      '--cifar-dir',
      empty,
      '--budget',
      '1',
      '--out',
      join(directory, 'never'),
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/must hold the CIFAR-100 binary files train\.bin and test\.bin/);
    expectCliError(
      await run(['search', '--strategy', 'evolution', '--steps', '5']),
      /^hw7-nas: not used by --strategy evolution \(--steps\): --strategy oneshot, darts$/,
    );
  });

  it('a search killed with SIGKILL keeps its finished evaluations and resumes to the uninterrupted result', async () => {
    const args = ['search', '--strategy', 'evolution', '--budget', '12', ...tiny, '--seed', '3'];
    const reference = await run([...args, '--out', join(directory, 'whole')], oneThread);
    expect(reference.code, reference.stderr).toBe(0);
    const out = join(directory, 'killed');
    const child: ChildProcess = spawn(process.execPath, [...NODE_ARGS, ...args, '--out', out], {
      stdio: 'ignore',
      env: { ...process.env, ...oneThread },
    });
    const state = join(out, 'search-state', 'state.json');
    const saved = () => (existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')).evaluations.length : 0);
    for (let waited = 0; saved() < 3 && child.exitCode === null && waited < 240_000; waited += 100) await sleep(100);
    child.kill('SIGKILL');
    await exited(child);
    const kept = saved();
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(12);
    const resumed = await run([...args, '--out', out, '--resume'], oneThread);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout.slice(resumed.stdout.indexOf('{')));
    expect(summary.resumed).toBe(kept);
    const strip = (path: string) =>
      JSON.parse(readFileSync(path, 'utf8')).evaluations.map(
        ({ seconds: _, ...evaluation }: { seconds: number }) => evaluation,
      );
    expect(strip(join(out, 'results.json'))).toEqual(strip(join(directory, 'whole', 'results.json')));
  }, 600_000);
});

describe('hw7-nas synthetic-table', () => {
  it('killed with SIGKILL while writing, leaves no partial table, and the next run leaves no temporary file', async () => {
    const out = join(directory, 'killed-table', 'nb201.csv');
    const child = spawn(process.execPath, [...NODE_ARGS, 'synthetic-table', '--out', out], { stdio: 'ignore' });
    await sleep(1500);
    child.kill('SIGKILL');
    await exited(child);
    if (existsSync(out)) expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(15_626);
    const again = await run(['synthetic-table', '--out', out]);
    expect(again.code).toBe(0);
    expect(readdirSync(join(directory, 'killed-table'))).toEqual(['nb201.csv']);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(syntheticTable, 'utf8'));
  });

  it('prints its help without loading TensorFlow.js, every option once', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toContain('tfjs-probe: not loaded');
    for (const command of ['tabular', 'search', 'synthetic-table', 'worker'])
      expect(stdout).toContain(`Options of ${command}:`);
  });
});
