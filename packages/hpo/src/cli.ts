#!/usr/bin/env node
// `hw7-hpo`: run the homework's CNN study (MNIST or CIFAR-100, with or without pruning, under a time
// budget) and write study reports (plots and an index.html) from a run or a stored study.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  backendOption,
  initBackend,
  integerOption,
  numberOption,
  parseCommandLine,
  writeFileAtomic,
} from '@hw7/tensor-utils';
import { type CnnStudyOptions, PRUNER_NAMES, type PrunerName, runCnnStudy } from './examples/cnn-study.js';
import { DATASET_NAMES, type DatasetName } from './examples/image-dataset.js';
import { FrozenTrial, type TrialRecord } from './frozen-trial.js';
import { loadStudy } from './study.js';
import type { StudyDirection } from './study-direction.js';
import type { StudyLike } from './visualization/study-data.js';
import { writeStudyReport } from './visualization/study-report.js';

const HELP = `Usage: hw7-hpo <command> [options]

Commands:
  cnn       The homework's experiment: maximise the test accuracy of a CNN with 1-4 3x3 conv layers
            (40..64 filters, step 8), 1-3 dense layers (hidden ones 32..64 units, step 16), Adam,
            RMSprop or SGD, lr 1e-3..1e-2 (log), chosen by TPE. Prints one line per trial (progress
            on stderr), then the best trial as JSON, and writes the study report and study.json to --out.
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
  --storage URL       sqlite:///path.db to keep the study in a file (default: in memory)
  --study-name NAME   the study's name (cnn: resumes it when it exists in --storage)
  --out DIR           where to write the report (default hpo-report)

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
