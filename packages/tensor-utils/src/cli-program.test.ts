import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, quoteValue } from './cli-error.js';
import { option } from './cli-option.js';
import { defineCommand, defineProgram, type Program, runProgram } from './cli-program.js';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'hw7-cli-program-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Runs `program` in process and returns its exit status and what it printed. */
async function run(program: Program, argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const status = await runProgram(program, argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { status, stdout, stderr };
}

const calls: unknown[] = [];
const backend = option.backend();

const demo = defineProgram({
  name: 'hw7-demo',
  summary: 'A demo program.',
  commands: {
    train: defineCommand({
      summary: 'Train something.',
      description: 'It writes checkpoints into --out.',
      options: {
        epochs: option.integer({ min: 1, default: 1, description: 'passes over the data' }),
        limit: option.integer({
          min: 1,
          max: 60_000,
          maxReason: 'MNIST has 60,000 training images',
          description: 'images',
        }),
        rate: option.number({ min: 0, exclusiveMin: true, description: 'learning rate' }),
        noise: option.choice(['fresh', 'reuse'] as const, { default: 'fresh', description: 'generator noise' }),
        budget: option.integer({ min: 1, multiple: true, separator: ',', description: 'queries per run' }),
        resume: option.flag({ description: 'continue the run' }),
        data: option.inputDirectory({ description: 'the data' }),
        out: option.outputDirectory({ default: join(tmpdir(), 'hw7-cli-demo-out'), description: 'output directory' }),
        threads: option.threads({ default: 1, description: 'worker threads' }),
        backend,
      },
      check: ({ options }) => {
        if (options.resume && options.epochs === 1) throw new CliError('nothing to resume', '--resume', 'more epochs');
      },
      run: (input) => {
        // Compile-time checks of the parsed types.
        const epochs: number = input.options.epochs;
        const limit: number | undefined = input.options.limit;
        const noise: 'fresh' | 'reuse' = input.options.noise;
        const budget: number[] = input.options.budget;
        const resume: boolean = input.options.resume;
        calls.push({ epochs, limit, noise, budget, resume, rate: input.options.rate });
        return input.options.epochs === 7 ? 3 : undefined;
      },
    }),
    similar: defineCommand({
      summary: 'Closest words.',
      options: { vectors: option.inputFile({ description: 'a vectors file', required: true }), backend },
      args: { words: option.string({ valueName: 'WORD', multiple: true, required: true, description: 'words' }) },
      run: ({ args }) => {
        const words: string[] = args.words;
        calls.push(words);
      },
    }),
    fail: defineCommand({
      summary: 'Fails at run time.',
      options: { kind: option.choice(['plain', 'system'] as const, { default: 'plain', description: 'how' }), backend },
      run: ({ options }) => {
        if (options.kind === 'plain') throw new Error('the model diverged');
        const error = Object.assign(new Error("EISDIR: illegal operation on a directory, open 'x'"), {
          code: 'EISDIR',
          path: join(directory, 'x'),
        });
        throw error;
      },
    }),
  },
});

describe('runProgram: parsing', () => {
  it('parses typed values, applies defaults and runs the command', async () => {
    calls.length = 0;
    const result = await run(demo, [
      'train',
      '--epochs',
      '3',
      '--budget',
      '5,10',
      '--budget',
      '20',
      '--rate=1e-3',
      '--resume',
    ]);
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(calls).toEqual([
      { epochs: 3, limit: undefined, noise: 'fresh', budget: [5, 10, 20], resume: true, rate: 0.001 },
    ]);
    expect((await run(demo, ['train', '--epochs', '7'])).status).toBe(3);
  });

  it('accepts negative numbers as values, so their error says what is expected', async () => {
    const result = await run(demo, ['train', '--epochs', '-1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('hw7-demo: invalid value (--epochs "-1"): an integer >= 1\n');
    expect((await run(demo, ['train', '--rate=-5'])).stderr).toBe(
      'hw7-demo: invalid value (--rate "-5"): a number > 0\n',
    );
  });

  it('accepts a leading -- separator, as pnpm passes it on', async () => {
    calls.length = 0;
    expect((await run(demo, ['--', 'train', '--epochs', '2'])).status).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('shortens a long bad value instead of echoing it whole', async () => {
    const huge = 'x'.repeat(1 << 20);
    const { stderr } = await run(demo, ['train', '--epochs', huge]);
    expect(stderr.length).toBeLessThan(200);
    expect(stderr).toContain('(1,048,576 characters)');
    expect(quoteValue('abc')).toBe('"abc"');
  });

  it('names unknown, repeated and valueless options and unknown commands, with suggestions', async () => {
    const lines = await Promise.all(
      [
        ['train', '--epoch', '2'],
        ['train', '--epochs', '2', '--epochs', '3'],
        ['train', '--epochs'],
        ['train', '--epochs', '--resume'],
        ['trian'],
        ['--epochs', '2', 'train'],
        ['train', '--resume=yes'],
        ['similar', '--vectors', join(directory, 'v.txt')],
        ['train', 'extra'],
      ].map(async (argv) => (await run(demo, argv)).stderr),
    );
    expect(lines[0]).toMatch(
      /^hw7-demo: unknown option \(--epoch\): one of --epochs, .*; did you mean --epochs\?; run hw7-demo train --help\n$/,
    );
    expect(lines[1]).toBe('hw7-demo: given more than once (--epochs): one --epochs N\n');
    expect(lines[2]).toBe('hw7-demo: missing value (--epochs): --epochs N: an integer >= 1\n');
    expect(lines[3]).toBe(lines[2]);
    expect(lines[4]).toBe('hw7-demo: unknown command ("trian"): one of train, similar, fail; did you mean train?\n');
    expect(lines[5]).toMatch(/^hw7-demo: an option before the command \(--epochs\): a command first/);
    expect(lines[6]).toBe('hw7-demo: a value for a flag (--resume=yes): --resume alone\n');
    expect(lines[8]).toMatch(/^hw7-demo: unexpected argument \("extra"\): usage: hw7-demo train \[options\]\n$/);
  });

  it('checks bounds against the data and the machine, saying why', async () => {
    expect((await run(demo, ['train', '--limit', '1e8'])).stderr).toBe(
      'hw7-demo: invalid value (--limit "1e8"): an integer from 1 to 60000 (MNIST has 60,000 training images)\n',
    );
    const cores = availableParallelism();
    expect((await run(demo, ['train', '--threads', '1000'])).stderr).toBe(
      `hw7-demo: invalid value (--threads "1000"): an integer from 1 to ${4 * cores} (4 per core; this machine has ${cores})\n`,
    );
    expect((await run(demo, ['train', '--noise', 'new'])).stderr).toBe(
      'hw7-demo: invalid value (--noise "new"): one of fresh, reuse\n',
    );
  });

  it('runs the command check after the values are parsed', async () => {
    expect((await run(demo, ['train', '--resume'])).stderr).toBe(
      'hw7-demo: nothing to resume (--resume): more epochs\n',
    );
  });

  it('takes positional arguments, requiring the declared ones', async () => {
    const vectors = join(directory, 'vectors.txt');
    writeFileSync(vectors, 'x');
    calls.length = 0;
    expect((await run(demo, ['similar', 'king', 'queen', '--vectors', vectors])).status).toBe(0);
    expect(calls).toEqual([['king', 'queen']]);
    expect((await run(demo, ['similar', '--vectors', vectors])).stderr).toBe(
      'hw7-demo: missing (WORD): at least one WORD: words; usage: hw7-demo similar [options] WORD...\n',
    );
    expect((await run(demo, ['similar', 'king'])).stderr).toBe(
      'hw7-demo: missing (--vectors): --vectors FILE: a vectors file\n',
    );
  });
});

describe('runProgram: paths, before any work', () => {
  it('checks that inputs exist with the right kind', async () => {
    calls.length = 0;
    const missing = join(directory, 'missing');
    const file = join(directory, 'file.txt');
    writeFileSync(file, 'x');
    expect((await run(demo, ['train', '--data', missing])).stderr).toBe(
      `hw7-demo: does not exist (--data ${JSON.stringify(missing)}): an existing directory\n`,
    );
    expect((await run(demo, ['train', '--data', file])).stderr).toBe(
      `hw7-demo: is not a directory (--data ${JSON.stringify(file)}): a directory\n`,
    );
    expect((await run(demo, ['similar', 'x', '--vectors', directory])).stderr).toBe(
      `hw7-demo: is a directory (--vectors ${JSON.stringify(directory)}): a file\n`,
    );
    expect(calls).toEqual([]);
  });

  it('refuses an output directory that is an existing file, or an input, or inside one', async () => {
    const file = join(directory, 'report.txt');
    writeFileSync(file, 'x');
    const data = join(directory, 'data');
    mkdirSync(data, { recursive: true });
    calls.length = 0;
    expect((await run(demo, ['train', '--out', file])).stderr).toBe(
      `hw7-demo: is an existing file (--out ${JSON.stringify(file)}): a directory, or a path where one can be created\n`,
    );
    expect((await run(demo, ['train', '--data', data, '--out', data])).stderr).toBe(
      `hw7-demo: is also the input --data ${JSON.stringify(data)} (--out ${JSON.stringify(data)}): an output apart from every input, so no input is overwritten\n`,
    );
    expect((await run(demo, ['train', '--data', data, '--out', join(data, 'run')])).stderr).toMatch(
      /^hw7-demo: lies inside the input --data ".*data" \(--out ".*run"\)/,
    );
    expect((await run(demo, ['train', '--out', join(file, 'run')])).stderr).toMatch(
      /cannot be created: .*report\.txt is a file/,
    );
    expect(calls).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('refuses an output directory it cannot write', async () => {
    const locked = join(directory, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o500);
    expect((await run(demo, ['train', '--out', join(locked, 'run')])).stderr).toMatch(/is not writable/);
    chmodSync(locked, 0o700);
  });
});

describe('runProgram: failures at run time', () => {
  it('prints one line and exit status 1, the stack only with --debug or HW7_DEBUG=1', async () => {
    const plain = await run(demo, ['fail']);
    expect(plain).toMatchObject({ status: 1, stdout: '' });
    expect(plain.stderr).toBe(
      'hw7-demo: the model diverged\nhw7-demo: (run with --debug or HW7_DEBUG=1 for the stack trace)\n',
    );
    const debug = await run(demo, ['fail', '--debug']);
    expect(debug.stderr).toMatch(/^hw7-demo: the model diverged\nError: the model diverged\n\s+at /);
    expect((await run(demo, ['fail'], { HW7_DEBUG: '1' })).stderr).toContain('    at ');
  });

  it('names the path of a system error', async () => {
    const { status, stderr } = await run(demo, ['fail', '--kind', 'system']);
    expect(status).toBe(1);
    expect(stderr).toBe(`hw7-demo: is a directory (${join(directory, 'x')}): a file\n`);
  });
});

describe('runProgram: Ctrl-C', () => {
  it('aborts the signal of a cancellable command, which stops cleanly; exit status 130', async () => {
    const steps: number[] = [];
    const program = defineProgram({
      name: 'hw7-long',
      summary: 'Runs until stopped.',
      command: defineCommand({
        summary: 'Runs until stopped.',
        cancellable: true,
        run: async ({ signal }) => {
          for (let step = 0; !signal.aborted; step++) {
            steps.push(step);
            if (step === 2) process.emit('SIGINT');
            await new Promise((resolve) => setImmediate(resolve));
          }
          throw signal.reason;
        },
      }),
    });
    const listeners = process.listenerCount('SIGINT');
    const { status, stderr } = await run(program, []);
    expect(status).toBe(130);
    expect(steps).toEqual([0, 1, 2]);
    expect(stderr).toBe(
      '\nstopping after the current step (Ctrl-C again to quit at once)\nhw7-long: stopped early (Ctrl-C): what was saved so far is kept\n',
    );
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});

describe('runProgram: help', () => {
  it('derives the program help from the declarations', async () => {
    const { status, stdout } = await run(demo, ['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: hw7-demo <command> \[options\]\n\nA demo program\.\n\nCommands:\n {2}train {4}/);
    expect(stdout).toContain('Options of train:\n  --epochs N');
    expect(stdout).toMatch(/--epochs N\s+passes over the data \(default 1\)\n/);
    expect(stdout).toMatch(/--noise NAME\s+generator noise \(one of fresh \| reuse; default fresh\)\n/);
    expect(stdout).toMatch(/--budget N\s+queries per run \(repeatable, or comma-separated\)\n/);
    // Options every command shares are listed once.
    expect(stdout).toMatch(/Options of every command:\n {2}--backend NAME\s+the TensorFlow\.js backend/);
    expect(stdout.match(/--backend/g)).toHaveLength(1);
    expect((await run(demo, [])).stdout).toBe(stdout);
  });

  it('prints one command help for `CMD --help` and `help CMD`', async () => {
    const { stdout } = await run(demo, ['similar', '--help']);
    expect(stdout).toMatch(
      /^Usage: hw7-demo similar \[options\] WORD\.\.\.\n\nClosest words\.\n\nArguments:\n {2}WORD/,
    );
    expect(stdout).toContain('-h, --help');
    expect((await run(demo, ['help', 'similar'])).stdout).toBe(stdout);
  });

  it('serves a program that is one command, with the -- of pnpm', async () => {
    const seen: number[] = [];
    const single = defineProgram({
      name: 'demo-cli',
      summary: 'Trains a demo.',
      command: defineCommand({
        summary: 'Trains a demo.',
        options: { steps: option.integer({ min: 1, default: 300, description: 'training steps' }) },
        run: ({ options }) => {
          seen.push(options.steps);
        },
      }),
    });
    expect((await run(single, ['--', '--steps', '2400'])).status).toBe(0);
    expect(seen).toEqual([2400]);
    expect((await run(single, ['-h'])).stdout).toMatch(/^Usage: demo-cli \[options\]\n\nTrains a demo\.\n\nOptions:\n/);
  });

  it('refuses declarations whose flags clash', () => {
    expect(() =>
      defineProgram({
        name: 'x',
        summary: 'x',
        command: defineCommand({
          summary: 'x',
          options: {
            batchSize: option.integer({ description: 'a' }),
            b: option.integer({ flag: 'batch-size', description: 'b' }),
          },
          run: () => {},
        }),
      }),
    ).toThrow('x: the flag --batch-size is taken');
  });
});

describe('runProgram: HW7_SMOKE=1 lowers declared sizes', () => {
  const seen: unknown[] = [];
  const sized = defineProgram({
    name: 'hw7-sized',
    summary: 'Sizes with smoke values.',
    commands: {
      train: defineCommand({
        summary: 'Train.',
        options: {
          steps: option.integer({ min: 1, default: 300, smoke: 2, description: 'steps' }),
          budget: option.integer({ min: 1, multiple: true, separator: ',', smoke: 5, description: 'budgets' }),
          rate: option.number({ min: 0, default: 0.5, description: 'no smoke size' }),
        },
        run: ({ options }) => {
          seen.push(options);
        },
      }),
    },
  });

  it('lowers given and default values above the smoke size, each list item, and says so on stderr', async () => {
    seen.length = 0;
    const result = await run(sized, ['train', '--budget', '3,25,50', '--rate', '9'], { HW7_SMOKE: '1' });
    expect(result.status).toBe(0);
    expect(seen).toEqual([{ steps: 2, budget: [3, 5, 5], rate: 9 }]);
    expect(result.stderr).toBe(
      'hw7-sized: HW7_SMOKE=1: --steps 300 lowered to 2\nhw7-sized: HW7_SMOKE=1: --budget 3,25,50 lowered to 3,5,5\n',
    );
  });

  it('leaves values alone without HW7_SMOKE=1 and when they are already small', async () => {
    seen.length = 0;
    expect((await run(sized, ['train', '--budget', '25'], { HW7_SMOKE: '0' })).stderr).toBe('');
    const small = await run(sized, ['train', '--steps', '1', '--budget', '4'], { HW7_SMOKE: '1' });
    expect(small.stderr).toBe('');
    expect(seen).toEqual([
      { steps: 300, budget: [25], rate: 0.5 },
      { steps: 1, budget: [4], rate: 0.5 },
    ]);
  });
});
