import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RandomSampler } from './samplers/random-sampler.js';
import { SqliteStorage } from './storage/sqlite-storage.js';
import { createStudy } from './study.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });

/** A tiny study: 48 training and 30 test images, 1 epoch, no pruning. */
const TINY = ['--train-limit', '48', '--test-limit', '30', '--epochs', '1', '--pruner', 'none'];

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hpo-cli-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('hw7-hpo', () => {
  it('runs a tiny CNN study, prints the best trial as JSON and writes the report', async () => {
    const out = join(directory, 'report');
    const { stdout } = await run(['cnn', '--trials', '2', ...TINY, '--out', out]);
    const lines = stdout.split('\n');
    expect(lines.filter((line) => /^trial \d COMPLETE/.test(line))).toHaveLength(2);
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(summary.trials).toEqual({ complete: 2, pruned: 0, fail: 0 });
    expect(summary.best.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(Object.keys(summary.best.params)).toContain('num_conv_layers');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['index.html', 'history.svg', 'study.json']));

    const again = join(directory, 'again');
    const { stdout: reportOutput } = await run(['report', '--study-json', join(out, 'study.json'), '--out', again]);
    expect(JSON.parse(reportOutput).files).toContain(join(again, 'index.html'));
  }, 60_000);

  it('names the option and the expected value on bad input, before loading TensorFlow.js', async () => {
    const cases: [string[], string][] = [
      [['cnn', '--pruner', 'asha'], 'hw7-hpo: invalid value (--pruner "asha"): one of median, none\n'],
      [['cnn', '--trials', '0'], 'hw7-hpo: invalid value (--trials "0"): an integer >= 1\n'],
      // Issue 24, case 8: a negative timeout ran 0 trials.
      [['cnn', '--timeout=-5'], 'hw7-hpo: invalid value (--timeout "-5"): a number > 0\n'],
      [
        ['report'],
        'hw7-hpo: missing (--study-json or --storage): --study-json FILE, or --storage URL with --study-name NAME\n',
      ],
      [
        ['worker', '--storage', 'mysql://db', '--study', 's', '--objective', CLI],
        'hw7-hpo: invalid value (--storage "mysql://db"): sqlite:///<path to file> or postgresql://user@host:5432/database\n',
      ],
    ];
    await Promise.all(
      cases.map(([args, stderr]) => expect(run(args)).rejects.toMatchObject({ code: 2, stderr, stdout: '' })),
    );
  }, 30_000);

  it('issue 24 case 3: an --out that is an existing file is refused before any trial runs', async () => {
    const file = join(directory, 'taken');
    writeFileSync(file, 'mine');
    const started = performance.now();
    await expect(run(['cnn', '--trials', '1', ...TINY, '--out', file])).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: `hw7-hpo: is an existing file (--out "${file}"): a directory, or a path where one can be created\n`,
    });
    // Refused at once (no data, no TensorFlow.js), and the file is untouched.
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('issue 24 case 9: a --storage file that is not a SQLite database is named before any work', async () => {
    const file = join(directory, 'notes.db');
    writeFileSync(file, 'these are my notes, not a database; long enough for a header. '.repeat(3));
    await expect(run(['cnn', '--trials', '1', ...TINY, '--storage', `sqlite:///${file}`])).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        `hw7-hpo: cannot be opened (--storage "sqlite:///${file}"): a SQLite study database: ` +
        `cannot open the SQLite database ${file}: file is not a database (SQLITE_NOTADB)\n`,
    });
  }, 30_000);

  it('issue 24 case 9: a study.json that is not JSON names the file, without a stack trace', async () => {
    const file = join(directory, 'study.json');
    writeFileSync(file, '{"directions": ["maximize"], "trials": [');
    await expect(run(['report', '--study-json', file, '--out', join(directory, 'r')])).rejects.toMatchObject({
      code: 2,
      stderr:
        'hw7-hpo: is not a study: invalid JSON: Unexpected end of JSON input ' +
        `(--study-json "${file}"): a study.json written by hw7-hpo cnn (study.toJson())\n`,
    });
  }, 30_000);

  it('issue 24 case 9: a worker prints why its trials FAILED (NaN, wrong number of values)', async () => {
    const objective = fileURLToPath(new URL('../test/fixtures/invalid-values-objective.ts', import.meta.url));
    const storage = `sqlite:///${join(directory, 'w.db')}`;
    const { stdout } = await run([
      'worker',
      '--storage',
      storage,
      '--study',
      'w',
      '--objective',
      objective,
      '--trials',
      '2',
    ]);
    const [first, second, summary] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first).toMatchObject({ number: 0, state: 'FAIL', failReason: 'the objective returned NaN ([null])' });
    expect(second).toMatchObject({
      number: 1,
      state: 'FAIL',
      failReason: 'the objective returned 2 values for a study with 1 objective(s)',
    });
    expect(summary.finished).toEqual({ COMPLETE: 0, PRUNED: 0, FAIL: 2 });
  }, 30_000);

  it("issue 24 case 9: an objective module's syntax error names the module", async () => {
    const objective = join(directory, 'broken.mjs');
    writeFileSync(objective, 'export function objective(trial) {\n  return trial.suggestFloat("x", 0, 1) +;\n}\n');
    const storage = `sqlite:///${join(directory, 'w.db')}`;
    await expect(run(['worker', '--storage', storage, '--study', 'w', '--objective', objective])).rejects.toMatchObject(
      {
        code: 1,
        stderr: expect.stringMatching(
          new RegExp(`^hw7-hpo: objective module file://${objective} failed to load: SyntaxError: Unexpected token`),
        ),
      },
    );
  }, 30_000);
});

describe('hw7-hpo report', () => {
  it('killed with SIGKILL at any moment, leaves only whole files; a rerun writes them all', async () => {
    const study = createStudy({ direction: 'minimize', sampler: new RandomSampler({ seed: 0 }) });
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', -3, 3);
        const kind = trial.suggestCategorical('kind', ['a', 'b']);
        for (let step = 0; step < 5; step++) trial.report(x * x + step, step);
        return x * x + (kind === 'a' ? 1 : 0);
      },
      { nTrials: 40 },
    );
    const json = join(directory, 'study.json');
    writeFileSync(json, study.toJson());
    const out = join(directory, 'report');
    const args = ['--import', 'tsx', CLI, 'report', '--study-json', json, '--out', out];
    for (const delay of [300, 900, 1500]) {
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await sleep(delay);
      child.kill('SIGKILL');
      await exited;
      for (const name of existsSync(out) ? readdirSync(out) : []) {
        // Every file there is complete; only the killed process's temporary file may remain.
        if (name.startsWith('.')) continue;
        expect(readFileSync(join(out, name), 'utf8').trimEnd()).toMatch(/<\/(svg|html)>$/);
      }
    }
    const { stdout } = await run(['report', '--study-json', json, '--out', out]);
    const report = JSON.parse(stdout);
    expect(report.files).toContain(join(out, 'index.html'));
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 60_000);
});

describe('hw7-hpo prune', () => {
  it('prunes a trained CNN by magnitude and by filter and writes the curves', async () => {
    const out = join(directory, 'pruning');
    const args = ['prune', '--train-limit', '96', '--test-limit', '40', '--epochs', '1', '--batch-size', '32'];
    args.push('--filters', '8', '--hidden-units', '0', '--fine-tune-steps', '1', '--sparsities', '0,0.5', '--out', out);
    const { stdout } = await run(args);
    expect(stdout).toMatch(/^magnitude 0\.5 fine-tuned: accuracy [\d.]+, 50\.\d% of parameters/m);
    expect(stdout).toMatch(/^filter 0\.5: accuracy [\d.]+, 50\.0% of parameters, 50\.0% of FLOPs$/m);
    expect(readdirSync(out).sort()).toEqual(['pruning.json', 'pruning.svg']);
    const result = JSON.parse(readFileSync(join(out, 'pruning.json'), 'utf8'));
    expect(result.curves).toHaveLength(4);
    expect(result.hyperparameters).toEqual({ filters: [8], hiddenUnits: [], optimizer: 'Adam', learningRate: 0.003 });
  }, 60_000);

  it('refuses a study.json together with an architecture, and sparsities outside [0, 1)', async () => {
    const study = join(directory, 'study.json');
    writeFileSync(study, '{}');
    await Promise.all([
      expect(run(['prune', '--study-json', study, '--lr', '0.1'])).rejects.toMatchObject({
        code: 2,
        stderr: 'hw7-hpo: exclude each other (--study-json, --lr): the network of a study, or one given by options\n',
      }),
      expect(run(['prune', '--sparsities', '0.5,1'])).rejects.toMatchObject({
        code: 2,
        stderr: 'hw7-hpo: invalid value (--sparsities "1"): a number in [0, 1)\n',
      }),
    ]);
  }, 30_000);

  it('killed with SIGKILL mid-run, leaves no file half-written', async () => {
    const out = join(directory, 'pruning');
    const args = ['prune', '--train-limit', '96', '--test-limit', '40', '--epochs', '1', '--filters', '8'];
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args, '--out', out], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Killed once it measures (or, if it died by itself, the test says so below).
    await Promise.race([
      new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => chunk.includes('magnitude') && resolve()),
      ),
      exited,
    ]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);
});

/** Runs `hw7-hpo cnn` and kills it (SIGKILL) once trial `killAt` is running, after earlier ones finished. */
async function killMidTrial(args: string[], database: string, killAt: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (let waited = 0; waited < 60_000; waited += 50) {
      await sleep(50);
      if (!existsSync(database)) continue;
      const storage = new SqliteStorage(database);
      try {
        const studyId = storage.findStudyId('resume');
        const running = studyId === undefined ? [] : storage.getAllTrials(studyId, ['RUNNING']);
        if (running.some((trial) => trial.number === killAt)) break;
      } finally {
        storage.close();
      }
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

describe('hw7-hpo cnn on SQLite, killed with SIGKILL mid-trial (issue 24 case 5)', () => {
  it('keeps every finished trial; the rerun fails the killed trial and draws new parameters', async () => {
    const database = join(directory, 'studies.db');
    const args = ['cnn', ...TINY, '--storage', `sqlite:///${database}`, '--study-name', 'resume'];
    args.push('--heartbeat-interval', '0.5', '--seed', '3');
    await killMidTrial([...args, '--trials', '5', '--out', join(directory, 'first')], database, 2);
    const before = new SqliteStorage(database);
    const [finished, killed] = [before.getAllTrials(1, ['COMPLETE']), before.getAllTrials(1, ['RUNNING'])];
    before.close();
    expect(finished.map((trial) => trial.number)).toEqual([0, 1]);
    expect(killed.map((trial) => trial.number)).toEqual([2]);

    // Twice the heartbeat interval after the kill, the killed trial is stale.
    await sleep(1500);
    const { stdout } = await run([...args, '--trials', '2', '--out', join(directory, 'second')]);
    const after = new SqliteStorage(database);
    const trials = after.getAllTrials(1);
    after.close();
    expect(trials.map((trial) => [trial.number, trial.state])).toEqual([
      [0, 'COMPLETE'],
      [1, 'COMPLETE'],
      [2, 'FAIL'],
      [3, 'COMPLETE'],
      [4, 'COMPLETE'],
    ]);
    expect(trials[2].failReason).toMatch(/no heartbeat for 1 s/);
    expect(stdout).toMatch(/^trial 2 FAIL no value .*: no heartbeat for 1 s/m);
    // Nothing finished was lost or changed, and the rerun did not repeat the first trials.
    for (const [index, trial] of finished.entries()) expect(trials[index].values).toEqual(trial.values);
    expect(trials[3].params).not.toEqual(trials[0].params);
    expect(trials[4].params).not.toEqual(trials[1].params);
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(summary.trials).toEqual({ complete: 4, pruned: 0, fail: 1 });
  }, 120_000);
});

describe('hw7-hpo dashboard', () => {
  it('names the option and the expected value on a bad --storage or --port', async () => {
    const missing = join(directory, 'missing.db');
    const notStudies = join(directory, 'other.db');
    writeFileSync(notStudies, '');
    const cases: [string[], RegExp][] = [
      [['dashboard'], /^hw7-hpo: missing \(--storage\): /],
      [['dashboard', '--storage', 'studies.db'], /^hw7-hpo: invalid value \(--storage "studies\.db"\): sqlite:\/\/\//],
      [['dashboard', '--storage', `sqlite:///${missing}`], /^hw7-hpo: .*\(--storage .*missing\.db.*\)/],
      [
        ['dashboard', '--storage', `sqlite:///${notStudies}`, '--port', '0'],
        /^hw7-hpo: cannot be read \(--storage .*other\.db.*\): .*no hw7-hpo studies/,
      ],
      [
        ['dashboard', '--storage', `sqlite:///${notStudies}`, '--port', '70000'],
        /^hw7-hpo: invalid value \(--port "70000"\): an integer from 0 to 65535\n$/,
      ],
    ];
    await Promise.all(
      cases.map(async ([args, stderr]) => {
        const failure = await run(args).then(
          () => undefined,
          (error: { stderr: string }) => error,
        );
        expect(failure?.stderr, args.join(' ')).toMatch(stderr);
        expect(failure?.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      }),
    );
  });

  it('prints its URL, serves the studies, and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const database = join(directory, 'studies.db');
    const storage = new SqliteStorage(database);
    storage.createStudy('watched', ['minimize']);
    storage.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'dashboard', '--storage', `sqlite:///${database}`, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      while (!/http:\S+/.test(stdout)) await sleep(50);
      const url = (/http:\S+/.exec(stdout) as RegExpExecArray)[0];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const studies = (await (await fetch(new URL('api/studies', url))).json()) as { studies: { name: string }[] };
      expect(studies.studies.map((study) => study.name)).toEqual(['watched']);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/stopped\n$/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
