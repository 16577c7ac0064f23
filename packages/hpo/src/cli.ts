#!/usr/bin/env node
// `hw7-hpo`: run the homework's CNN study (MNIST or CIFAR-100, with or without pruning, under a time
// budget) and write study reports (plots and an index.html) from a run or a stored study.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// TensorFlow.js loads only for `cnn` (below), so workers and reports start quickly.
import { backendOption, integerOption, numberOption, parseCommandLine, writeFileAtomic } from '@hw7/tensor-utils/base';
import { DATASET_NAMES, type DatasetName, PRUNER_NAMES, type PrunerName } from './examples/cnn-names.js';
import type { CnnStudyOptions } from './examples/cnn-study.js';
import { FrozenTrial, type TrialRecord } from './frozen-trial.js';
import { loadStudy } from './study.js';
import type { StudyDirection } from './study-direction.js';
import type { StudyLike } from './visualization/study-data.js';
import { writeStudyReport } from './visualization/study-report.js';
import { runWorker } from './worker.js';

const HELP = `Usage: hw7-hpo <command> [options]

Commands:
  cnn       The homework's experiment: maximise the test accuracy of a CNN with 1-4 3x3 conv layers
            (40..64 filters, step 8), 1-3 dense layers (hidden ones 32..64 units, step 16), Adam,
            RMSprop or SGD, lr 1e-3..1e-2 (log), chosen by TPE. Prints one line per trial (progress
            on stderr), then the best trial as JSON, and writes the study report and study.json to --out.
  worker    One worker of a distributed study: attaches to --study in --storage (creating it when
            no worker has yet) and runs trials of --objective's module until --trials, --timeout or
            the sampler's end. Run any number, on any machines that reach the database; prints one
            JSON line per finished trial, then a summary line.
  report    Write the study report (plots + index.html) of a stored study (--storage, --study-name)
            or of a study.json written by cnn (--study-json).

Options of cnn:
  --dataset NAME      mnist (default, bundled) or cifar100 (needs --cifar-dir)
  --cifar-dir DIR     the folder with CIFAR-100's binary files (cifar-100-binary/ or train.bin, test.bin)
  --trials N          stop after N trials (default: only --timeout)
  --timeout SECONDS   start no trial after this many seconds (default 300 when --trials is not given)
  --pruner NAME       median (default; Optuna's MedianPruner defaults) or none
  --epochs N          epochs per trial (default 3); the test accuracy of each is reported
  --batch-size N      default 64
  --train-limit N     train on the first N training images (default 2000; 0 = all)
  --test-limit N      score on the first N test images (default 1000; 0 = all)
  --seed N            seeds the sampler, initialisation and shuffling (default 0)
  --backend NAME      auto (default), tensorflow, wasm or cpu

Options of cnn and report:
  --storage URL       sqlite:///path.db to keep the study in a file, or postgresql://user@host/db
                      to share it (default: in memory)
  --study-name NAME   the study's name (cnn: resumes it when it exists in --storage)
  --out DIR           where to write the report (default hpo-report)

Options of worker:
  --storage URL               postgresql://user@host:5432/db (any machine) or sqlite:///path.db
  --study NAME                the study's name
  --objective MODULE          a .js module exporting objective(trial), and optionally
                              createSampler({ workerIndex, nJobs }) and createPruner(...)
  --direction DIR             minimize (default) or maximize: the study's, if this worker creates
                              it; an existing study must have it
  --trials N                  run at most N trials (default: until --timeout or the sampler's end)
  --timeout SECONDS           start no trial after this many seconds
  --worker-index N            passed to createSampler (default: drawn from host name and pid)
  --heartbeat-interval SECS   beat while a trial runs; RUNNING trials whose workers stopped
  --grace-period SECS         beating this long ago (default 2 x interval) are failed
  --max-retries N             and enqueued again up to N times (PostgreSQL; default 0)
  --catch-errors              an objective's error fails its trial only (default: stops the worker)

Options of report:
  --study-json FILE   a study.json written by cnn (instead of --storage)

  -h, --help          show this help
`;

const OPTIONS = {
  dataset: { type: 'string' },
  'cifar-dir': { type: 'string' },
  trials: { type: 'string' },
  timeout: { type: 'string' },
  pruner: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  storage: { type: 'string' },
  'study-name': { type: 'string' },
  out: { type: 'string' },
  'study-json': { type: 'string' },
  study: { type: 'string' },
  objective: { type: 'string' },
  direction: { type: 'string' },
  'worker-index': { type: 'string' },
  'heartbeat-interval': { type: 'string' },
  'grace-period': { type: 'string' },
  'max-retries': { type: 'string' },
  'catch-errors': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS = {
  cnn: {
    options: [
      'dataset',
      'cifar-dir',
      'trials',
      'timeout',
      'pruner',
      'epochs',
      'batch-size',
      'train-limit',
      'test-limit',
      'seed',
      'backend',
      'storage',
      'study-name',
      'out',
    ],
  },
  report: { options: ['storage', 'study-name', 'study-json', 'out'] },
  worker: {
    options: [
      'storage',
      'study',
      'objective',
      'direction',
      'trials',
      'timeout',
      'worker-index',
      'heartbeat-interval',
      'grace-period',
      'max-retries',
      'catch-errors',
    ],
  },
} as const;

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

/** A size limit where 0 means "all". */
function limitOption(value: string | undefined, name: string, fallback: number): number | undefined {
  const limit = integerOption(value, name, 0) ?? fallback;
  return limit === 0 ? undefined : limit;
}

async function readStudyJson(path: string): Promise<StudyLike> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { directions?: StudyDirection[]; trials?: TrialRecord[] };
  if (!Array.isArray(parsed.directions) || !Array.isArray(parsed.trials)) {
    throw new Error(`--study-json ${path}: expected { directions: [...], trials: [...] } as study.toJson() writes`);
  }
  return { directions: parsed.directions, trials: parsed.trials.map((record) => new FrozenTrial(record)) };
}

async function main(argv: string[]): Promise<void> {
  const { command, values } = parseCommandLine(argv, { program: 'hw7-hpo', options: OPTIONS, commands: COMMANDS });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const out = values.out ?? 'hpo-report';
  if (command === undefined) {
    process.stdout.write(HELP);
  } else if (command === 'cnn') {
    const dataset = oneOf<DatasetName>(values.dataset, 'dataset', DATASET_NAMES, 'mnist');
    if (dataset === 'cifar100' && !values['cifar-dir']) throw new Error('--dataset cifar100 needs --cifar-dir DIR');
    const nTrials = integerOption(values.trials, 'trials', 1);
    const timeout = numberOption(values.timeout, 'timeout') ?? (nTrials === undefined ? 300 : undefined);
    if (timeout !== undefined && timeout <= 0)
      throw new Error(`--timeout must be a number of seconds > 0; got ${timeout}`);
    // Every option is checked before the backend loads, so a typo fails at once.
    const studyOptions: CnnStudyOptions = {
      dataset,
      cifarDirectory: values['cifar-dir'],
      nTrials,
      timeout,
      pruner: oneOf<PrunerName>(values.pruner, 'pruner', PRUNER_NAMES, 'median'),
      epochs: integerOption(values.epochs, 'epochs', 1),
      batchSize: integerOption(values['batch-size'], 'batch-size', 1),
      trainLimit: limitOption(values['train-limit'], 'train-limit', 2000),
      testLimit: limitOption(values['test-limit'], 'test-limit', 1000),
      seed: integerOption(values.seed, 'seed', 0),
      storage: values.storage,
      studyName: values['study-name'],
      progress: true,
      log: print,
    };
    const [{ initBackend }, { runCnnStudy }] = await Promise.all([
      import('@hw7/tensor-utils'),
      import('./examples/cnn-study.js'),
    ]);
    await initBackend({ backend: backendOption(values.backend) });
    const study = await runCnnStudy(studyOptions);
    await writeFileAtomic(join(out, 'study.json'), study.toJson());
    const report = await writeStudyReport(study, out, { title: `${study.studyName}: CNN on ${dataset}` });
    const states = Object.fromEntries(
      (['COMPLETE', 'PRUNED', 'FAIL'] as const).map((state) => [state.toLowerCase(), study.getTrials([state]).length]),
    );
    const best = study.getTrials(['COMPLETE']).length > 0 ? study.bestTrial : undefined;
    print(
      JSON.stringify(
        {
          study: study.studyName,
          trials: states,
          best: best && { number: best.number, testAccuracy: best.value, params: best.params },
          report: join(out, 'index.html'),
          skippedPlots: report.skipped,
        },
        null,
        2,
      ),
    );
  } else if (command === 'worker') {
    const { storage, study: studyName, objective } = values;
    if (!storage || !studyName || !objective)
      throw new Error('worker needs --storage URL, --study NAME and --objective MODULE');
    const workerIndex = integerOption(values['worker-index'], 'worker-index', 0);
    const summary = await runWorker({
      storage,
      studyName,
      objectiveModule: objective,
      directions: values.direction
        ? [oneOf<StudyDirection>(values.direction, 'direction', ['minimize', 'maximize'], 'minimize')]
        : undefined,
      nTrials: integerOption(values.trials, 'trials', 1),
      timeout: numberOption(values.timeout, 'timeout'),
      context: workerIndex === undefined ? undefined : { workerIndex, nJobs: 1 },
      heartbeatInterval: numberOption(values['heartbeat-interval'], 'heartbeat-interval'),
      gracePeriod: numberOption(values['grace-period'], 'grace-period'),
      maxRetries: integerOption(values['max-retries'], 'max-retries', 0),
      catchErrors: values['catch-errors'],
      onTrial: (_study, trial) =>
        print(JSON.stringify({ number: trial.number, state: trial.state, values: trial.values, params: trial.params })),
    });
    print(JSON.stringify({ pid: process.pid, ...summary }));
  } else if (command === 'report') {
    let study: StudyLike;
    if (values['study-json']) {
      if (values.storage) throw new Error('--study-json and --storage exclude each other');
      study = await readStudyJson(values['study-json']);
    } else {
      if (!values.storage || !values['study-name']) {
        throw new Error('report needs --study-json FILE, or --storage URL with --study-name NAME');
      }
      study = loadStudy({ studyName: values['study-name'], storage: values.storage });
    }
    const report = await writeStudyReport(study, out);
    print(JSON.stringify(report, null, 2));
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hw7-hpo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
