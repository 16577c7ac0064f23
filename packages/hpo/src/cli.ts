#!/usr/bin/env node
// `hw7-hpo`: run the homework's CNN study (MNIST or CIFAR-100, with or without pruning, under a time
// budget), workers of a distributed study, study reports, network pruning of the trained CNN, and a
// live dashboard of a storage's studies.
// Every option is declared once here; parsing, validation (paths and storage files included,
// before any work) and --help derive from it. The commands' modules, TensorFlow.js among them,
// load only when a command runs.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CliError,
  checkInputPath,
  checkOutputPath,
  defineCommand,
  defineProgram,
  IMAGE_DATASETS,
  option,
  quoteValue,
  runMain,
} from '@hw7/tensor-utils/base';
import {
  DATASET_NAMES,
  type DatasetName,
  DEFAULT_PRUNING_CNN,
  DEFAULT_SPARSITIES,
  OPTIMIZER_NAMES,
  PRUNER_NAMES,
} from './examples/cnn-names.js';
import { SqliteStorage } from './storage/sqlite-storage.js';

const SQLITE_PREFIX = 'sqlite:///';
const POSTGRES_URL = /^postgres(ql)?:\/\/./;

const storageFields = {
  valueName: 'URL',
  expected: 'sqlite:///<path to file> or postgresql://user@host:5432/database',
  description:
    'sqlite:///path.db keeps the study in a file (relative to here; sqlite:////abs/path.db), postgresql://user@host/db shares it',
  parse: (raw: string) => {
    if ((raw.startsWith(SQLITE_PREFIX) && raw.length > SQLITE_PREFIX.length) || POSTGRES_URL.test(raw)) return raw;
    throw new Error();
  },
};
const storage = option.custom(storageFields);

/**
 * A SQLite study file must be creatable (or an existing file) before any work starts; `mustExist`
 * for commands that only read a study.
 */
function checkStorage(url: string | undefined, mustExist: boolean): void {
  if (url === undefined || !url.startsWith(SQLITE_PREFIX)) return;
  const subject = `--storage ${quoteValue(url)}`;
  const path = url.slice(SQLITE_PREFIX.length);
  if (mustExist) {
    checkInputPath(path, 'file', subject);
    return;
  }
  checkOutputPath(path, 'file', subject);
  // SQLite creates the file, not its directory.
  if (!existsSync(dirname(resolve(path)))) {
    throw new CliError(
      `is in a directory that does not exist (${dirname(path)})`,
      subject,
      'a file in an existing directory (create it first)',
    );
  }
  if (!existsSync(path)) return;
  // An existing file must be a study database, which only opening it tells.
  try {
    new SqliteStorage(path).close();
  } catch (error) {
    throw new CliError('cannot be opened', subject, `a SQLite study database: ${(error as Error).message}`, {
      kind: 'runtime',
      cause: error,
    });
  }
}

/** A size limit where 0 means all; at most the data set's size. */
function checkLimit(value: number, flag: string, dataset: DatasetName, split: 'train' | 'test'): void {
  const info = IMAGE_DATASETS[dataset];
  const count = split === 'train' ? info.trainCount : info.testCount;
  if (value > count) {
    throw new CliError(
      'more images than the data set has',
      `${flag} ${value}`,
      `0 (all) or at most ${count.toLocaleString('en-US')} (${info.title} has that many ${split} images)`,
    );
  }
}

const seconds = (description: string) =>
  option.number({ min: 0, exclusiveMin: true, valueName: 'SECONDS', description });

/** The data options `cnn` and `prune` share. */
const dataOptions = {
  dataset: option.choice(DATASET_NAMES, { default: 'mnist', description: 'mnist (bundled) or cifar100' }),
  cifarDir: option.inputDirectory({
    description: "the folder with CIFAR-100's binary files (cifar-100-binary/ or train.bin, test.bin)",
  }),
  batchSize: option.integer({ min: 1, max: 4096, default: 64, description: 'images per step' }),
  trainLimit: option.integer({ min: 0, default: 2000, description: 'train on the first N training images (0: all)' }),
  testLimit: option.integer({ min: 0, default: 1000, description: 'score on the first N test images (0: all)' }),
  seed: option.seed({ description: 'seeds the sampler (cnn), initialisation and shuffling' }),
  backend: option.backend(),
};

function checkDataOptions(options: { dataset: DatasetName; cifarDir?: string; trainLimit: number; testLimit: number }) {
  if (options.dataset === 'cifar100' && options.cifarDir === undefined) {
    throw new CliError('missing', '--cifar-dir', '--dataset cifar100 needs --cifar-dir DIR');
  }
  checkLimit(options.trainLimit, '--train-limit', options.dataset, 'train');
  checkLimit(options.testLimit, '--test-limit', options.dataset, 'test');
}

const cnn = defineCommand({
  summary:
    "The homework's experiment: maximise the test accuracy of a CNN with 1-4 3x3 conv layers (40..64 filters, " +
    'step 8), 1-3 dense layers (hidden ones 32..64 units, step 16), Adam, RMSprop or SGD, lr 1e-3..1e-2 (log), ' +
    'chosen by TPE. Prints one line per trial (progress on stderr), then the best trial as JSON, and writes ' +
    'study.json and the study report into --out.',
  description:
    'With --storage and --study-name the study is kept in a database and a rerun resumes it: new trials get new ' +
    'parameters, and a trial of a killed run ends FAIL once its heartbeat is older than twice --heartbeat-interval.',
  options: {
    ...dataOptions,
    trials: option.integer({ min: 1, description: 'stop after N trials in this run', defaultText: 'only --timeout' }),
    timeout: seconds('start no trial after this many seconds'),
    pruner: option.choice(PRUNER_NAMES, {
      default: 'median',
      description: "median (Optuna's MedianPruner defaults) or none",
    }),
    epochs: option.integer({ min: 1, max: 1000, default: 3, description: 'epochs per trial; each one is reported' }),
    storage,
    studyName: option.string({ description: 'the study; resumed when it exists in --storage', valueName: 'NAME' }),
    heartbeatInterval: seconds('with --storage: beat this often while a trial runs (default 10)'),
    out: option.outputDirectory({ default: 'hpo-report', description: 'where study.json and the report go' }),
  },
  check: ({ options }) => {
    checkDataOptions(options);
    checkStorage(options.storage, false);
  },
  run: async ({ options }) => (await import('./cli-commands.js')).cnnCommand(options),
});

const worker = defineCommand({
  summary:
    'One worker of a distributed study: attaches to --study in --storage (creating it when no worker has yet) ' +
    "and runs trials of --objective's module until --trials, --timeout or the sampler's end. Run any number, on " +
    'any machines that reach the database; prints one JSON line per finished trial (with its reason when it ' +
    'failed), then a summary line.',
  options: {
    storage: option.custom({ ...storageFields, required: true }),
    study: option.string({ required: true, valueName: 'NAME', description: "the study's name" }),
    objective: option.inputFile({
      required: true,
      valueName: 'MODULE',
      description:
        'a .js module exporting objective(trial), and optionally createSampler(context), createPruner(context)',
    }),
    direction: option.choice(['minimize', 'maximize'] as const, {
      description: "the study's, if this worker creates it; an existing study must have it",
      defaultText: 'minimize for a new study',
    }),
    trials: option.integer({
      min: 1,
      description: 'run at most N trials',
      defaultText: "until --timeout or the sampler's end",
    }),
    timeout: seconds('start no trial after this many seconds'),
    workerIndex: option.integer({
      min: 0,
      max: 1_000_000,
      description: 'passed to createSampler',
      defaultText: 'drawn from host name and pid',
    }),
    heartbeatInterval: seconds('beat while a trial runs; RUNNING trials silent for --grace-period are failed'),
    gracePeriod: seconds('seconds without a beat after which a trial counts as dead (default 2 x interval)'),
    maxRetries: option.integer({
      min: 0,
      max: 100,
      default: 0,
      description: 'enqueue a dead trial again up to N times (PostgreSQL)',
    }),
    catchErrors: option.flag({ description: "an objective's error fails its trial only (default: stops the worker)" }),
  },
  check: ({ options }) => {
    checkStorage(options.storage, false);
    if (options.gracePeriod !== undefined && options.heartbeatInterval === undefined) {
      throw new CliError('needs --heartbeat-interval', `--grace-period ${options.gracePeriod}`, 'both, or neither');
    }
    if (options.maxRetries > 0 && !POSTGRES_URL.test(options.storage)) {
      throw new CliError('needs a postgresql:// --storage', `--max-retries ${options.maxRetries}`, '0 with SQLite');
    }
  },
  run: async ({ options }) => (await import('./cli-commands.js')).workerCommand(options),
});

const report = defineCommand({
  summary:
    'Write the study report (plots + index.html) of a stored study (--storage, --study-name) or of a study.json ' +
    'written by cnn (--study-json). Prints the files written and the plots skipped as JSON.',
  options: {
    storage,
    studyName: option.string({ valueName: 'NAME', description: 'the study in --storage' }),
    studyJson: option.inputFile({ description: 'a study.json written by cnn (instead of --storage)' }),
    out: option.outputDirectory({ default: 'hpo-report', description: 'where the report goes' }),
  },
  check: ({ options }) => {
    if (options.studyJson !== undefined && options.storage !== undefined) {
      throw new CliError('exclude each other', '--study-json, --storage', 'one of them');
    }
    if (options.studyJson === undefined && (options.storage === undefined || options.studyName === undefined)) {
      throw new CliError(
        'missing',
        '--study-json or --storage',
        '--study-json FILE, or --storage URL with --study-name NAME',
      );
    }
    checkStorage(options.storage, true);
  },
  run: async ({ options }) => (await import('./cli-commands.js')).reportCommand(options),
});

const prune = defineCommand({
  summary:
    'Question 6c: train the CNN (the best trial of --study-json, or the architecture the options give), then prune ' +
    'it at each sparsity by weight magnitude (unstructured, Han et al. 2015) and by filter L1 norm (structured, ' +
    'Li et al. 2017), scoring it as pruned and after --fine-tune-steps with the masks fixed. Prints one line per ' +
    'measurement and a JSON summary; writes pruning.json and pruning.svg (accuracy against sparsity) into --out.',
  options: {
    ...dataOptions,
    studyJson: option.inputFile({ description: "prune the best trial's network of a study.json written by cnn" }),
    filters: option.integer({
      min: 1,
      max: 1024,
      multiple: true,
      separator: ',',
      defaultText: DEFAULT_PRUNING_CNN.filters.join(','),
      description: 'filters of each 3x3 convolution, e.g. 48,64',
    }),
    hiddenUnits: option.integer({
      min: 0,
      max: 65536,
      multiple: true,
      separator: ',',
      defaultText: DEFAULT_PRUNING_CNN.hiddenUnits.join(','),
      description: 'units of each hidden dense layer, e.g. 64 (0: none)',
    }),
    optimizer: option.choice(OPTIMIZER_NAMES, {
      defaultText: DEFAULT_PRUNING_CNN.optimizer,
      description: 'for training and fine-tuning',
    }),
    lr: option.number({
      min: 0,
      exclusiveMin: true,
      defaultText: String(DEFAULT_PRUNING_CNN.learningRate),
      description: 'learning rate',
    }),
    epochs: option.integer({ min: 1, max: 1000, default: 3, description: 'training epochs before pruning' }),
    fineTuneSteps: option.integer({
      min: 0,
      defaultText: 'one epoch',
      description: 'steps of fine-tuning after each pruning (0: none)',
    }),
    sparsities: option.number({
      min: 0,
      max: 1,
      exclusiveMax: true,
      multiple: true,
      separator: ',',
      default: DEFAULT_SPARSITIES,
      description: 'fractions of the weights (magnitude) or of each layer’s filters (filter) to prune',
    }),
    magnitudeScope: option.choice(['global', 'layer'] as const, {
      default: 'global',
      description: "magnitude pruning's threshold over the whole network or per layer",
    }),
    out: option.outputDirectory({ default: 'hpo-pruning', description: 'where pruning.json and pruning.svg go' }),
  },
  check: ({ options }) => {
    checkDataOptions(options);
    const { studyJson, filters, hiddenUnits, optimizer, lr } = options;
    const given = [
      filters.length > 0 && '--filters',
      hiddenUnits.length > 0 && '--hidden-units',
      optimizer !== undefined && '--optimizer',
      lr !== undefined && '--lr',
    ].find(Boolean);
    if (studyJson !== undefined && given) {
      throw new CliError(
        'exclude each other',
        `--study-json, ${given}`,
        'the network of a study, or one given by options',
      );
    }
  },
  run: async ({ options }) => (await import('./cli-commands.js')).pruneCommand(options),
});

const dashboard = defineCommand({
  summary:
    'A read-only web page of the studies in --storage: each study with its trial counts and best value, and per ' +
    'study the trials table (sortable, filterable by state) and the report plots, refreshed every second while ' +
    'workers add trials. Prints its URL; Ctrl-C stops it.',
  description:
    'It binds to 127.0.0.1 by default. With another --host (e.g. 0.0.0.0 to reach it from other machines) every ' +
    'request needs the random token printed in the URL at start-up.',
  options: {
    storage: option.custom({ ...storageFields, required: true }),
    port: option.integer({ min: 0, max: 65535, default: 8080, description: 'the port to listen on (0: any free one)' }),
    host: option.string({
      default: '127.0.0.1',
      valueName: 'ADDRESS',
      description: 'the address to listen on; any but a loopback one requires the printed token',
    }),
  },
  check: ({ options }) => checkStorage(options.storage, true),
  cancellable: true,
  run: async ({ options, signal }) => (await import('./cli-commands.js')).dashboardCommand(options, signal),
});

runMain(
  defineProgram({
    name: 'hw7-hpo',
    summary: 'Optuna-style hyperparameter optimisation: the homework CNN study, distributed workers, reports.',
    commands: { cnn, worker, report, prune, dashboard },
  }),
);
