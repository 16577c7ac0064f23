// hw7-mtl's command line: every bad argument or path is refused in one line naming it, before
// TensorFlow.js loads and before any training; a tiny run trains end to end, a second run into its
// --out is refused, and a run killed with SIGKILL leaves nothing half-written.
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORT_TFJS_LOADED, runCommand, waitFor } from '@hw7/tensor-utils/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticTable } from '../test/synthetic-reviews.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ENV = { ...process.env, HW7_BACKEND: 'wasm', HW7_WASM_THREADS: '1' };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const run = (args: string[]) => runCommand(CLI, args, { imports: [REPORT_TFJS_LOADED], env: ENV });

let root: string;
let data: string;
/** The tasks and groups of the synthetic table. */
const TABLE = ['--text', 'text', '--task', 'sentiment=sentiment', '--task', 'topic=topic', '--group', 'review'];
beforeAll(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'hw7-mtl-cli-'));
  data = join(root, 'reviews.tsv');
  await fs.writeFile(data, syntheticTable());
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('hw7-mtl: bad arguments, refused before TensorFlow.js loads', () => {
  it('names the argument and the expected value, exit status 2 (issue #24)', async () => {
    const earlier = join(root, 'earlier');
    await fs.mkdir(earlier);
    await fs.writeFile(join(earlier, 'metrics.json'), '[]\n');
    const train = ['train', '--data', data, ...TABLE];
    const cases: [string, string[], string | RegExp][] = [
      ['no --data', ['train', '--text', 'text'], /^hw7-mtl: missing \(--data\): --data FILE: a \.tsv/],
      [
        'an unknown --data',
        ['train', '--data', 'nope.csv', ...TABLE],
        'hw7-mtl: no such file, nor a shipped data set (--data "nope.csv"): a .tsv or .csv file, or a shipped table: huliu\n',
      ],
      ['--epochs -1', [...train, '--epochs', '-1'], 'hw7-mtl: invalid value (--epochs "-1"): an integer >= 1\n'],
      [
        '--task without a column',
        [...train, '--task', 'aspect'],
        'hw7-mtl: invalid value (--task "aspect"): NAME=COLUMN, or NAME=COLUMN:A,B,... to count only the labels A, B, ...\n',
      ],
      // Mixed runs (case 7): a second run appended to history.jsonl and overwrote the checkpoints.
      [
        'an --out holding an earlier run',
        [...train, '--out', earlier],
        `hw7-mtl: is not empty (--out ${JSON.stringify(earlier)}): an empty or new directory, so that no earlier output is mixed in\n`,
      ],
      // Case 9: the advice named no flag; it failed after the data and the model had loaded.
      [
        '--tune-threshold with the default (no validation part)',
        [...train, '--tune-threshold', 'sentiment'],
        'hw7-mtl: needs validation rows to tune on (--tune-threshold ["sentiment"]): a validation part (a validation fraction > 0) or several folds; the fastText default has neither\n',
      ],
      [
        '--oversample of no task',
        [...train, '--oversample', 'sentimnt'],
        'hw7-mtl: is not a task (--oversample "sentimnt"): one of the tasks: sentiment, topic\n',
      ],
      [
        '--vectors with the fastText encoder',
        [...train, '--vectors', data],
        `hw7-mtl: needs a token encoder (--vectors ${JSON.stringify(data)}): encoder cnn, bigru or transformer (the fastText encoder embeds n-grams, not words)\n`,
      ],
      [
        '--folds with --validation-fraction',
        [...train, '--encoder', 'cnn', '--folds', '3', '--validation-fraction', '0.1'],
        'hw7-mtl: is given together with folds (--validation-fraction 0.1): a validation fraction or folds, not both: with folds every fold validates in turn\n',
      ],
      [
        '--wide --no-wide',
        [...train, '--wide', '--no-wide'],
        'hw7-mtl: given together with --no-wide (--wide): one of the two\n',
      ],
      // Case 9: long bad values were echoed whole.
      [
        'a long bad value',
        [...train, '--lr', '1'.repeat(100_000)],
        /^hw7-mtl: invalid value \(--lr "1{60}\.\.\." \(100,000 characters\)\): a number > 0\n$/,
      ],
    ];
    const results = await Promise.all(cases.map(([, args]) => run(args)));
    cases.forEach(([name, , expected], index) => {
      const { status, stdout, stderr } = results[index] as Awaited<ReturnType<typeof run>>;
      expect({ name, status, stdout }).toEqual({ name, status: 2, stdout: '' });
      expect(stderr, name).toMatch(typeof expected === 'string' ? new RegExp(`^${escapeRegExp(expected)}$`) : expected);
    });
    expect(await fs.readdir(earlier)).toEqual(['metrics.json']);
  }, 60_000);

  it('prints its help, for the program and for train, without loading TensorFlow.js', async () => {
    const [program, train] = await Promise.all([run(['--help']), run(['train', '--help'])]);
    expect([program.status, program.stderr, train.status, train.stderr]).toEqual([0, '', 0, '']);
    expect(program.stdout.split('\n')[0]).toBe('Usage: hw7-mtl <command> [options]');
    expect(train.stdout.split('\n')[0]).toBe('Usage: hw7-mtl train [options]');
    expect(train.stdout).toMatch(
      /--validation-fraction X\s+the share of the non-test rows held out for early stopping/,
    );
  }, 30_000);
});

describe('hw7-mtl train end to end', () => {
  it('trains the defaults when no model option is given, writes --out whole, and refuses a second run into it', async () => {
    const out = join(root, 'run');
    const first = await run(['train', '--data', data, ...TABLE, '--out', out]);
    expect(first.status).toBe(0);
    const lines = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.task)).toEqual(['sentiment', 'topic']);
    for (const line of lines) expect(line.macroF1).toBeGreaterThan(0.9);
    // Regression: every absent option was passed as undefined and overrode the defaults (20 epochs, no wide part).
    const history = (await fs.readFile(join(out, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(history).toHaveLength(6);
    expect((await fs.readdir(out)).sort()).toEqual(['checkpoints', 'history.jsonl', 'metrics.json', 'report.txt']);
    const again = await run(['train', '--data', data, ...TABLE, '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^hw7-mtl: is not empty \(--out /);
    expect((await fs.readFile(join(out, 'history.jsonl'), 'utf8')).trim().split('\n')).toEqual(history);
  }, 120_000);

  it('junk --vectors (issue #24 case 8): a text file of junk named x.bin is refused naming the file, nothing written', async () => {
    const vectors = join(root, 'x.bin');
    await fs.writeFile(vectors, '3 4\n-- 0.1 0.2 0.3 0.4\n0.5 0.1 0.2 0.3 0.4\n## 0.1 0.2 0.3 0.4\n');
    const out = join(root, 'junk-run');
    const result = await run([
      'train',
      '--data',
      data,
      ...TABLE,
      '--encoder',
      'cnn',
      '--vectors',
      vectors,
      '--out',
      out,
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `hw7-mtl: holds words that do not look like words (3 of the first 3, e.g. "--", "0.5", "##") (--vectors ${JSON.stringify(vectors)})`,
    );
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

describe('hw7-mtl train killed with SIGKILL', () => {
  it('leaves nothing half-written in --out; a rerun starts afresh and clears the leftovers', async () => {
    const parent = join(root, 'killed');
    await fs.mkdir(parent);
    const out = join(parent, 'run');
    // Long enough to be killed while training.
    const slow = ['train', '--data', data, ...TABLE, '--encoder', 'cnn', '--epochs', '500', '--out', out];
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CLI, ...slow], {
      env: ENV,
      stdio: 'ignore',
    });
    const staging = async () => (await fs.readdir(parent)).find((name) => name.startsWith('.run.tmp-'));
    try {
      // Killed once training has written its first epoch into the temporary directory.
      await waitFor(async () => {
        const name = await staging();
        return name !== undefined && (await fs.readdir(join(parent, name))).includes('history.jsonl');
      }, 60_000);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(await fs.readdir(parent)).toEqual([await staging()]);
    const rerun = await run(['train', '--data', data, ...TABLE, '--out', out]);
    expect(rerun.status).toBe(0);
    expect(await fs.readdir(parent)).toEqual(['run']);
    expect((await fs.readdir(out)).sort()).toEqual(['checkpoints', 'history.jsonl', 'metrics.json', 'report.txt']);
  }, 120_000);
});
