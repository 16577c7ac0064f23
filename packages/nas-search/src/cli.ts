#!/usr/bin/env node
// `hw7-nas`: compare search strategies on a tabular NAS benchmark (a real NAS-Bench-201-style table
// or the synthetic one this package generates), search CNNs for a subset of MNIST (or of
// CIFAR-10/100 from the user's files), or run one worker of a distributed search. Every option is
// declared once here; parsing, validation (paths before any work) and --help derive from it. Each
// command's module loads only when it runs, and only `search` loads TensorFlow.js (`tabular` too
// when it compares the REINFORCE controller, a TensorFlow.js LSTM).
import {
  CliError,
  defineCommand,
  defineProgram,
  IMAGE_DATASET_NAMES,
  IMAGE_DATASETS,
  option,
  quoteValue,
  runMain,
} from '@hw7/tensor-utils/base';
import { DARTS_DERIVATIONS, DARTS_ORDERS } from './darts/darts-variants.js';
import { savedEvaluationCount } from './evaluation/search-state.js';
import { STRATEGY_NAMES } from './strategies/create-strategy.js';

const SPACES = ['nb201', 'macro'] as const;
const space = option.choice(SPACES, {
  default: 'nb201',
  description: 'nb201: NAS-Bench-201 cell strings; macro: the homework CNN space (input=24|conv=32x3,64x5|dense=128)',
});
const archColumn = option.string({
  default: 'arch',
  valueName: 'NAME',
  description: 'the column with the architecture string',
});
const metricColumn = option.string({
  default: 'accuracy',
  valueName: 'NAME',
  description: 'the column with the metric to maximise',
});
const TABLE = 'a .csv (header row first) or .json table (rows, or {"arch": metric}): one row per architecture';

const tabular = defineCommand({
  summary:
    'Run search strategies on a tabular benchmark and print, per strategy and budget, the mean and standard ' +
    'deviation over seeds of the best metric found. Every query counts against the budget; the metric is maximised.',
  options: {
    table: option.inputFile({ required: true, description: TABLE }),
    archColumn,
    metricColumn,
    timeColumn: option.string({
      valueName: 'NAME',
      description: 'a column with training seconds, the simulated cost of a query (every row needs one)',
    }),
    space,
    strategy: option.choice(STRATEGY_NAMES, {
      multiple: true,
      separator: ',',
      default: STRATEGY_NAMES,
      description: 'the strategies to compare',
    }),
    budget: option.integer({
      min: 1,
      multiple: true,
      separator: ',',
      default: [25, 50, 100, 200],
      smoke: 25,
      description: "queries per run, each at most the table's number of rows",
    }),
    seeds: option.integer({
      min: 1,
      max: 100_000,
      default: 10,
      smoke: 2,
      description: 'runs per strategy, seeds 0..K-1',
    }),
    json: option.flag({
      description: 'one JSON line per strategy and budget: {"strategy","budget","seeds","mean","std"}',
    }),
  },
  run: async ({ options }) => (await import('./commands/tabular-command.js')).tabularCommand(options),
});

/** The strategies of `search`: the black-box ones over the macro space, and the weight-sharing ones over cells. */
const SEARCH_STRATEGIES = [...STRATEGY_NAMES, 'neat', 'oneshot', 'darts'] as const;
type SearchStrategyName = (typeof SEARCH_STRATEGIES)[number];
const BLACK_BOX = ['random', 'evolution', 'reinforce', 'qlearning', 'neat'] as const;

/** Options only some strategies read; giving one to another strategy is an error, not silently ignored. */
const STRATEGY_OPTIONS: Record<string, { flag: string; strategies: readonly SearchStrategyName[] }> = {
  epochs: { flag: '--epochs', strategies: BLACK_BOX },
  evaluateEvery: { flag: '--evaluate-every', strategies: BLACK_BOX },
  patience: { flag: '--patience', strategies: BLACK_BOX },
  surrogate: { flag: '--surrogate', strategies: BLACK_BOX },
  noInherit: { flag: '--no-inherit', strategies: BLACK_BOX },
  resume: { flag: '--resume', strategies: BLACK_BOX },
  steps: { flag: '--steps', strategies: ['oneshot', 'darts'] },
  warmup: { flag: '--warmup', strategies: ['darts'] },
  order: { flag: '--order', strategies: ['darts'] },
  derivation: { flag: '--derivation', strategies: ['darts'] },
  retrainSeeds: { flag: '--retrain-seeds', strategies: ['darts'] },
};

const search = defineCommand({
  summary:
    'Search the macro CNN space on a subset of MNIST, CIFAR-10 or CIFAR-100 (from your binary files): each ' +
    'proposed architecture is trained briefly (warm-up, cosine decay, early stopping), children inherit their ' +
    "parent's weights; or search NAS-Bench-201 cells with a one-shot supernet or DARTS. Prints the best as JSON " +
    'and writes its plot and results to --out.',
  description:
    'A black-box search saves every finished evaluation in --out (search-state/), so a search that was stopped ' +
    '(Ctrl-C, or killed) continues with --resume exactly where it was, as if it had never stopped.',
  options: {
    strategy: option.choice(SEARCH_STRATEGIES, {
      default: 'evolution',
      description:
        'a black-box strategy over the macro space (neat too), oneshot (a weight-sharing supernet ranks --budget ' +
        'random cells) or darts (a differentiable search of one NAS-Bench-201 cell)',
    }),
    budget: option.integer({
      min: 1,
      max: 100_000,
      default: 20,
      smoke: 2,
      description: 'architectures to train, or for oneshot to rank',
    }),
    dataset: option.choice(IMAGE_DATASET_NAMES, { default: 'mnist', description: 'MNIST ships with the package' }),
    cifarDir: option.inputDirectory({
      description:
        "the folder with CIFAR's binary files (data_batch_1.bin ... test_batch.bin, or train.bin and test.bin), " +
        'directly or in the archive folder (cifar-10-batches-bin/, cifar-100-binary/)',
    }),
    trainLimit: option.integer({ min: 1, default: 2000, smoke: 256, description: 'training images' }),
    validationLimit: option.integer({
      min: 1,
      default: 500,
      smoke: 128,
      description: 'validation images, taken from the training split after the training ones',
    }),
    epochs: option.integer({
      min: 1,
      max: 1000,
      defaultText: '2',
      smoke: 1,
      description: 'most epochs per architecture',
    }),
    evaluateEvery: option.integer({
      min: 1,
      defaultText: 'every epoch',
      description: 'score each architecture on the validation images every N steps (early stopping watches these)',
    }),
    patience: option.integer({
      min: 0,
      defaultText: '1',
      description: 'evaluations without a better validation accuracy tolerated; the next one stops training',
    }),
    surrogate: option.flag({ description: 'pre-screen proposals with an MLP predictor on the architecture encoding' }),
    noInherit: option.flag({ description: 'train every architecture from scratch (default: children inherit)' }),
    steps: option.integer({
      min: 1,
      defaultText: '300',
      smoke: 4,
      description: 'oneshot: supernet steps; darts: search steps',
    }),
    warmup: option.integer({
      min: 0,
      defaultText: '150',
      smoke: 2,
      description: 'darts: weight-only steps before alpha moves',
    }),
    order: option.choice(DARTS_ORDERS, { defaultText: 'second', description: 'darts: second is the unrolled step' }),
    derivation: option.choice(DARTS_DERIVATIONS, {
      defaultText: 'perturbation',
      description:
        "darts: perturbation (DARTS-PT: each edge keeps the operation whose removal hurts the supernet most) or argmax (alpha's largest)",
    }),
    retrainSeeds: option.integer({
      min: 1,
      max: 100,
      defaultText: '3',
      smoke: 1,
      description: 'darts: train the derived, argmax and random cells from scratch with seeds 0..K-1',
    }),
    seed: option.seed(),
    out: option.outputDirectory({ default: 'nas-search', description: 'where the plot, results and search state go' }),
    resume: option.flag({ description: 'continue the search saved in --out (same options)' }),
    backend: option.backend(),
  },
  check: ({ options }) => {
    const { strategy, dataset, cifarDir, trainLimit, validationLimit, out, resume } = options;
    for (const [key, { flag, strategies }] of Object.entries(STRATEGY_OPTIONS)) {
      const value = options[key as keyof typeof options];
      if (value !== undefined && value !== false && !strategies.includes(strategy)) {
        throw new CliError(`not used by --strategy ${strategy}`, flag, `--strategy ${strategies.join(', ')}`);
      }
    }
    if (dataset !== 'mnist' && cifarDir === undefined) {
      throw new CliError(
        'missing',
        '--cifar-dir',
        `--dataset ${dataset} needs --cifar-dir DIR (no CIFAR files ship with hw7-nas)`,
      );
    }
    if (dataset === 'mnist' && cifarDir !== undefined) {
      throw new CliError('not used by --dataset mnist', '--cifar-dir', '--dataset cifar10 or cifar100');
    }
    const { title, trainCount } = IMAGE_DATASETS[dataset];
    if (trainLimit + validationLimit > trainCount) {
      throw new CliError(
        'more images than the training split has',
        `--train-limit ${trainLimit} --validation-limit ${validationLimit}`,
        `at most ${trainCount.toLocaleString('en-US')} together (${title}'s training split)`,
      );
    }
    if ((BLACK_BOX as readonly string[]).includes(strategy)) {
      const saved = savedEvaluationCount(out);
      const subject = `--out ${quoteValue(out)}`;
      if (saved !== undefined && !resume) {
        throw new CliError(
          `already holds a search (${saved} evaluations)`,
          subject,
          'add --resume to continue it, or choose a new directory',
        );
      }
      if (saved === undefined && resume) {
        throw new CliError(
          'holds no search to resume',
          subject,
          'the --out of an earlier hw7-nas search, or no --resume',
        );
      }
    }
  },
  cancellable: true,
  run: async ({ options, signal }) => (await import('./commands/search-command.js')).searchCommand(options, signal),
});

const syntheticTable = defineCommand({
  summary:
    'Write the SYNTHETIC NAS-Bench-201-style table of all 15,625 cells (columns arch, accuracy, train_time; ' +
    'accuracies from a documented formula, not from training).',
  options: {
    out: option.outputFile({ required: true, description: 'the CSV file to write' }),
    seed: option.seed({ default: 201, description: "seeds the table's noise" }),
  },
  run: async ({ options }) => (await import('./commands/synthetic-table-command.js')).syntheticTableCommand(options),
});

const STORAGE = /^(sqlite:\/\/\/.+|postgres(ql)?:\/\/.+)$/;
const seconds = (description: string) =>
  option.number({ min: 0, exclusiveMin: true, valueName: 'SECONDS', description });

const worker = defineCommand({
  summary:
    'One worker of a distributed black-box search (random or asynchronous aging evolution) over a study shared ' +
    'through --storage: run any number, on any machines that reach the database; together they evaluate --budget ' +
    "architectures. Rewards come from --table or from --objective's evaluate(). Prints one JSON line per " +
    'evaluation, then a summary line.',
  options: {
    storage: option.string({
      required: true,
      valueName: 'URL',
      pattern: STORAGE,
      patternText: 'sqlite:///path.db (this machine) or postgresql://user@host:5432/db (any machine)',
      description: 'where the study is shared: sqlite:///path.db or postgresql://user@host:5432/db',
    }),
    study: option.string({
      required: true,
      valueName: 'NAME',
      description: 'the shared study (created by the first worker)',
    }),
    space,
    strategy: option.choice(['evolution', 'random'] as const, {
      default: 'evolution',
      description: 'how proposals are made',
    }),
    budget: option.integer({ min: 1, required: true, description: 'architectures evaluated over all workers' }),
    table: option.inputFile({ description: `rewards looked up in ${TABLE}` }),
    archColumn,
    metricColumn,
    objective: option.inputFile({
      valueName: 'MODULE',
      description: 'or a .js module exporting evaluate(architecture, key) => reward',
    }),
    seed: option.seed({ description: 'seeds the proposals, the same for every worker' }),
    heartbeatInterval: seconds('beat while evaluating; evaluations whose workers stopped beating'),
    gracePeriod: seconds('this long ago (default 2 x interval) are failed'),
    maxRetries: option.integer({
      min: 0,
      max: 100,
      default: 0,
      description: 'and enqueued again up to N times (PostgreSQL)',
    }),
  },
  check: ({ options }) => {
    if ((options.table === undefined) === (options.objective === undefined)) {
      throw new CliError(
        options.table === undefined ? 'missing' : 'exclude each other',
        '--table, --objective',
        'either --table FILE (rewards looked up) or --objective MODULE (exporting evaluate)',
      );
    }
    if (options.gracePeriod !== undefined && options.heartbeatInterval === undefined) {
      throw new CliError('needs --heartbeat-interval', `--grace-period ${options.gracePeriod}`, 'both, or neither');
    }
    if (options.maxRetries > 0 && options.storage.startsWith('sqlite:')) {
      throw new CliError('needs a postgresql:// --storage', `--max-retries ${options.maxRetries}`, '0 with SQLite');
    }
  },
  run: async ({ options }) => (await import('./commands/worker-command.js')).workerCommand(options),
});

runMain(
  defineProgram({
    name: 'hw7-nas',
    summary:
      'Neural architecture search: compare strategies on tabular benchmarks, search CNNs or cells on MNIST or ' +
      'CIFAR, or run distributed search workers.',
    commands: { tabular, search, 'synthetic-table': syntheticTable, worker },
  }),
);
