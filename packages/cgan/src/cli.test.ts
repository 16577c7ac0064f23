// hw7-cgan's command line: every bad argument or path is refused in one line, naming it, before
// TensorFlow.js loads and before any training; a tiny run trains, resumes and samples end to end.
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORT_TFJS_LOADED, runCommand, waitFor } from '@hw7/tensor-utils/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ENV = { ...process.env, HW7_BACKEND: 'wasm', HW7_WASM_THREADS: '1' };
const run = (args: string[]) => runCommand(CLI, args, { imports: [REPORT_TFJS_LOADED], env: ENV });

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'hw7-cgan-cli-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('hw7-cgan: bad arguments, refused before TensorFlow.js loads', () => {
  it('names the argument and the expected value, exit status 2 (issue #24)', async () => {
    const file = join(root, 'a-file');
    await fs.writeFile(file, 'not a directory');
    const empty = join(root, 'empty');
    await fs.mkdir(empty);
    // Looks like a training run to the checks (a checkpoint directory), so that --classifier is checked.
    const checkpointRun = join(root, 'looks-trained');
    await fs.mkdir(join(checkpointRun, 'checkpoints', 'step-000000001'), { recursive: true });
    const cases: [string, string[], string | RegExp][] = [
      // Node's parseArgs answered "argument is ambiguous".
      ['--epochs -1', ['train', '--epochs', '-1'], 'hw7-cgan: invalid value (--epochs "-1"): an integer >= 1\n'],
      // Was silently clamped to the 60,000 images.
      [
        '--limit 1e8',
        ['train', '--limit', '1e8'],
        'hw7-cgan: invalid value (--limit "1e8"): an integer from 1 to 60000 (MNIST has 60,000 training images)\n',
      ],
      // Was accepted, trained, then failed with EEXIST.
      [
        '--out FILE',
        ['train', '--out', file],
        `hw7-cgan: is an existing file (--out ${JSON.stringify(file)}): a directory, or a path where one can be created\n`,
      ],
      // Was a silent fresh start.
      [
        '--resume on an empty directory',
        ['train', '--resume', '--out', empty],
        `hw7-cgan: holds no checkpoint to resume (--out ${JSON.stringify(empty)}): the --out of an earlier hw7-cgan train, or no --resume\n`,
      ],
      // Was echoed whole.
      [
        'a long bad value (Linux caps one argument at 128 KiB; runProgram is tested with 1 MiB)',
        ['train', '--seed', 'x'.repeat(100_000)],
        /^hw7-cgan: invalid value \(--seed "x{60}\.\.\." \(100,000 characters\)\): an integer >= 0\n$/,
      ],
      // Was "Invalid typed array length" after the classifier had loaded.
      [
        'eval --samples 1e9',
        ['eval', '--samples', '1e9', '--checkpoint', empty],
        'hw7-cgan: invalid value (--samples "1e9"): an integer from 20 to 100000 (the features of every digit are held in memory)\n',
      ],
      [
        'eval --samples 25',
        ['eval', '--samples', '25', '--checkpoint', empty],
        /^hw7-cgan: holds no checkpoint \(--checkpoint /,
      ],
      [
        'sample from an empty directory',
        ['sample', '--checkpoint', empty],
        /^hw7-cgan: holds no checkpoint \(--checkpoint ".*empty"\): the --out directory of hw7-cgan train/,
      ],
      [
        '--generator-noise',
        ['train', '--generator-noise', 'new'],
        'hw7-cgan: invalid value (--generator-noise "new"): one of fresh, reuse\n',
      ],
      [
        '--label-smoothing 0.5',
        ['train', '--label-smoothing', '0.5'],
        'hw7-cgan: invalid value (--label-smoothing "0.5"): a number in [0, 0.5)\n',
      ],
      [
        'train-classifier without --out',
        ['train-classifier'],
        'hw7-cgan: missing (--out): --out DIR: the classifier directory to write\n',
      ],
      [
        'train-classifier into a directory of other files',
        ['train-classifier', '--out', root],
        `hw7-cgan: is not empty and holds no model.json (--out ${JSON.stringify(root)}): a new or empty directory, or one written by hw7-cgan train-classifier (with --replace)\n`,
      ],
      [
        'train-classifier --learning-rate 0',
        ['train-classifier', '--out', join(root, 'new'), '--learning-rate', '0'],
        'hw7-cgan: invalid value (--learning-rate "0"): a number > 0\n',
      ],
      [
        'eval --classifier on a directory without a classifier',
        ['eval', '--classifier', empty, '--checkpoint', checkpointRun],
        `hw7-cgan: holds no model.json (--classifier ${JSON.stringify(empty)}): a directory written by hw7-cgan train-classifier\n`,
      ],
      [
        'an option of another command',
        ['sample', '--epochs', '2'],
        /^hw7-cgan: unknown option \(--epochs\): one of --checkpoint, --out, --seed, --backend; run hw7-cgan sample --help\n$/,
      ],
    ];
    const results = await Promise.all(cases.map(([, args]) => run(args)));
    for (const [index, [name, , expected]] of cases.entries()) {
      expect(results[index].status, name).toBe(2);
      expect(results[index].stdout, name).toBe('');
      if (typeof expected === 'string') expect(results[index].stderr, name).toBe(expected);
      else expect(results[index].stderr, name).toMatch(expected);
    }
  }, 60_000);

  it('prints its help without loading TensorFlow.js', async () => {
    const { status, stdout, stderr } = await run(['--help']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: hw7-cgan <command> \[options\]\n/);
    expect(stdout).toMatch(/--checkpoint-every N\s+save a checkpoint every N steps \(default 200\)/);
    expect((await run(['eval', '--help'])).stdout).toMatch(/^Usage: hw7-cgan eval \[options\]\n/);
  }, 30_000);
});

// Each scoring measures the 10,000 real MNIST test digits with the classifier (Fréchet statistics), so
// these take 1-3 minutes on 2 quiet cores and up to 4 under heavy load: a 10-minute timeout.
describe('hw7-cgan: a tiny run end to end', () => {
  it('trains, refuses to overwrite the run, resumes it and samples from it', async () => {
    const out = join(root, 'run');
    const tiny = ['--limit', '32', '--batch-size', '16', '--sample-every', '100', '--out', out];
    const first = await run(['train', '--epochs', '1', ...tiny]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ steps: 2, stepsRun: 2 });
    expect(first.stderr).not.toMatch(/looks like you are running TensorFlow\.js/);

    // A second run into the same --out needs --resume, and is refused before TensorFlow.js loads.
    const again = await run(['train', '--epochs', '2', ...tiny]);
    expect(again).toEqual({
      status: 2,
      stdout: '',
      stderr: `hw7-cgan: already holds a training run (checkpoint at step 2) (--out ${JSON.stringify(out)}): add --resume to continue it, or choose a new directory\n`,
    });
    const resumed = await run(['train', '--epochs', '2', '--resume', ...tiny]);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ steps: 4, stepsRun: 2 });

    const sample = await run(['sample', '--checkpoint', out, '--seed', '3']);
    expect(sample.stdout).toBe(`${join(out, 'sample-step-000004-seed-3.png')}\n`);
    expect((await fs.stat(join(out, 'sample-step-000004-seed-3.png'))).size).toBeGreaterThan(1000);

    // Scored by the classifier shipped in the package: loaded, never trained here.
    const scored = await run(['eval', '--checkpoint', out, '--samples', '20']);
    expect(scored.status, scored.stderr).toBe(0);
    const evaluation = JSON.parse(scored.stdout);
    expect(evaluation).toMatchObject({ step: 4, samples: 20, realSamples: 10_000 });
    expect(evaluation.perClassAccuracy).toHaveLength(10);
    expect(Number.isFinite(evaluation.frechetDistance)).toBe(true);
    expect(scored.stderr).not.toMatch(/mnist-classifier \d+\//);
  }, 600_000);

  it('trains a classifier (a smoke run), refuses to overwrite it without --replace, and scores with it', async () => {
    const classifier = join(root, 'classifier');
    const smoke = ['--out', classifier, '--limit', '256', '--min-accuracy', '0'];
    const trained = await run(['train-classifier', ...smoke]);
    expect(trained.status, trained.stderr).toBe(0);
    const info = JSON.parse(trained.stdout);
    expect(info).toMatchObject({
      format: 'hw7-mnist-classifier',
      trainImages: 256,
      backend: 'wasm',
      command: `hw7-cgan train-classifier --out ${classifier} --seed 0 --epochs 2 --batch-size 128 --learning-rate 0.001 --limit 256 --backend wasm`,
    });
    expect(info.files['weights.bin'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(await fs.readFile(join(classifier, 'classifier.json'), 'utf8'))).toEqual(info);

    const again = await run(['train-classifier', ...smoke]);
    expect(again).toEqual({
      status: 2,
      stdout: '',
      stderr: `hw7-cgan: already holds a classifier (--out ${JSON.stringify(classifier)}): add --replace to replace it, or choose a new directory\n`,
    });
    // The same seed gives the same weights; --replace swaps them in whole.
    const replaced = await run(['train-classifier', ...smoke, '--replace']);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout).files).toEqual(info.files);
    expect((await fs.readdir(root)).filter((name) => name.includes('.classifier.'))).toEqual([]);

    const generatorRun = join(root, 'run');
    const withSmoke = ['eval', '--checkpoint', generatorRun, '--samples', '20', '--classifier', classifier];
    // A classifier below the bar does not judge, unless the bar is lowered.
    const refused = await run(withSmoke);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `hw7-cgan: the classifier in ${classifier} has MNIST test accuracy ${(info.testAccuracy * 100).toFixed(2)}%, below the required 98.50%`,
    );
    const scored = await run([...withSmoke, '--min-accuracy', '0']);
    expect(scored.status, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ step: 4, samples: 20 });
  }, 600_000);
});

describe('hw7-cgan train killed with SIGKILL (issue #24)', () => {
  it('keeps only whole checkpoints and metrics lines; --resume continues from the newest, leaving no temporary files', async () => {
    const out = join(root, 'killed');
    const tiny = [
      '--limit',
      '32',
      '--batch-size',
      '16',
      '--sample-every',
      '1',
      '--checkpoint-every',
      '1',
      '--out',
      out,
    ];
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CLI, 'train', '--epochs', '500', ...tiny], {
      env: ENV,
      stdio: 'ignore',
    });
    const checkpoints = join(out, 'checkpoints');
    try {
      // Killed while it writes checkpoints, samples and metrics every step.
      await waitFor(async () => (await fs.readdir(checkpoints).catch(() => [])).length >= 3, 120_000);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const killedAt = Math.max(
      ...(await fs.readdir(checkpoints)).flatMap((name) => /^step-(\d+)$/.exec(name)?.slice(1).map(Number) ?? []),
    );
    const resumed = await run(['train', '--epochs', String(Math.ceil(killedAt / 2) + 1), '--resume', ...tiny]);
    expect(resumed.status, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.steps).toBe(2 * (Math.ceil(killedAt / 2) + 1));
    // Every metrics line is whole JSON, one per step, none repeated by the resume.
    const steps = (await fs.readFile(join(out, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).step as number);
    expect(steps).toEqual(Array.from({ length: summary.steps }, (_, index) => index + 1));
    // No temporary file or directory anywhere in the run.
    const entries = await fs.readdir(out, { recursive: true });
    expect(entries.filter((name) => /\.tmp|partial/.test(String(name)))).toEqual([]);
  }, 240_000);
});
