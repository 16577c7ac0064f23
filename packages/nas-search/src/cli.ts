#!/usr/bin/env node
// `hw7-nas`: compare search strategies on a tabular NAS benchmark (a real NAS-Bench-201-style table
// or the synthetic one this package generates), or search CNNs for a subset of MNIST (or of
// CIFAR-10/100 from the user's files).
import {
  backendOption,
  initBackend,
  integerOption,
  parseCommandLine,
  seedEverything,
  writeFileAtomic,
} from '@hw7/tensor-utils';
import { runDartsExperiment } from './darts/darts-experiment.js';
import { DATASET_NAMES, DATASET_TITLES, isDatasetName } from './data/image-data.js';
import {
  runWorkerCommand,
  WORKER_HELP,
  WORKER_OPTION_NAMES,
  WORKER_OPTIONS_HELP,
} from './distributed/worker-command.js';
import { runMnistSearch } from './evaluation/mnist-search.js';
import { runOneShotExperiment } from './oneshot/oneshot-experiment.js';
import { createMacroSpace } from './spaces/macro-cnn.js';
import { nb201CellSpace } from './spaces/nb201-cell.js';
import type { SearchSpace } from './spaces/search-space.js';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies/create-strategy.js';
import { compareStrategies } from './tabular/compare-strategies.js';
import { syntheticNb201Csv } from './tabular/synthetic-nb201.js';
import { TabularBenchmark } from './tabular/tabular-benchmark.js';

const HELP = `Usage: hw7-nas <command> [options]

Commands:
  tabular           Run search strategies on a tabular benchmark (CSV or JSON: one row per
                    architecture) and print, per strategy and budget, the mean and standard
                    deviation over seeds of the best metric found. Every query counts against the
                    budget; the metric is maximised.
  search            Search the macro CNN space on a subset of MNIST, CIFAR-10 or CIFAR-100 (from
                    the user's binary files): each proposed architecture is trained for a few
                    epochs (warm-up, cosine decay, early stopping), children inherit their
                    parent's weights; prints the best as JSON and writes best-so-far.svg and
                    results.json to --out.
  synthetic-table   Write the SYNTHETIC NAS-Bench-201-style table of all 15,625 cells (columns arch,
                    accuracy, train_time; accuracies from a documented formula, not from training).
${WORKER_HELP}

Options of tabular:
  --table FILE          a .csv (header row first) or .json table (required)
  --arch-column NAME    column with the architecture string (default arch)
  --metric-column NAME  column with the metric to maximise (default accuracy)
  --time-column NAME    optional column with training seconds (simulated cost)
  --space NAME          nb201 (default: NAS-Bench-201 cell strings) or macro
                        (input=24|conv=32x3,64x5|dense=128)
  --strategy NAME       ${STRATEGY_NAMES.join(', ')}; repeat or comma-separate (default all)
  --budget N            queries per run; repeat or comma-separate (default 25,50,100,200)
  --seeds K             runs per strategy, seeds 0..K-1 (default 10)
  --json                one JSON line per strategy and budget:
                        {"strategy","budget","seeds","mean","std"}

Options of search:
  --strategy NAME       ${STRATEGY_NAMES.join(', ')} or neat (default evolution) over the macro
                        space; or oneshot (a weight-sharing supernet ranks --budget random cells)
                        or darts (a differentiable search of one NAS-Bench-201 cell)
  --budget N            architectures to train, or for oneshot to rank (default 20)
  --dataset NAME        ${DATASET_NAMES.join(', ')} (default mnist; MNIST ships with the package)
  --cifar-dir DIR       the folder with CIFAR's binary files (required for cifar10 and cifar100):
                        data_batch_1.bin ... data_batch_5.bin and test_batch.bin (CIFAR-10) or
                        train.bin and test.bin (CIFAR-100), directly or in the archive's folder
                        (cifar-10-batches-bin/ or cifar-100-binary/)
  --steps N             oneshot: supernet steps; darts: search steps (default 300)
  --warmup N            darts: weight-only steps before alpha moves (default 150)
  --order NAME          darts: first | second (default second: unrolled, finite-difference HVP)
  --derivation NAME     darts: perturbation (default: DARTS-PT, each edge keeps the operation whose
                        removal hurts the trained supernet most) or argmax (largest alpha, DARTS)
  --retrain-seeds K     darts: train the derived, the argmax and random cells from scratch with
                        seeds 0..K-1 (default 3)
  --train-limit N       training images (default 2000)
  --validation-limit N  validation images, taken after the training ones (default 500)
  --epochs N            most epochs per architecture (default 2)
  --surrogate           pre-screen proposals with an MLP predictor on the architecture encoding
  --no-inherit          train every architecture from scratch
  --seed N              seed (default 0)
  --out DIR             where to write the plot and results (default nas-search)
  --backend NAME        auto (default), tensorflow, wasm or cpu

${WORKER_OPTIONS_HELP}

Options of synthetic-table:
  --out FILE        where to write the CSV (required)
  --seed N          seed of the table's noise (default 201)

  -h, --help        show this help
`;

const OPTIONS = {
  table: { type: 'string' },
  'arch-column': { type: 'string' },
  'metric-column': { type: 'string' },
  'time-column': { type: 'string' },
  space: { type: 'string' },
  strategy: { type: 'string', multiple: true },
  steps: { type: 'string' },
  warmup: { type: 'string' },
  order: { type: 'string' },
  derivation: { type: 'string' },
  'retrain-seeds': { type: 'string' },
  budget: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  seed: { type: 'string' },
  'train-limit': { type: 'string' },
  'validation-limit': { type: 'string' },
  epochs: { type: 'string' },
  surrogate: { type: 'boolean' },
  'no-inherit': { type: 'boolean' },
  dataset: { type: 'string' },
  'cifar-dir': { type: 'string' },
  backend: { type: 'string' },
  storage: { type: 'string' },
  study: { type: 'string' },
  objective: { type: 'string' },
  'heartbeat-interval': { type: 'string' },
  'grace-period': { type: 'string' },
  'max-retries': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS = {
  tabular: {
    options: ['table', 'arch-column', 'metric-column', 'time-column', 'space', 'strategy', 'budget', 'seeds', 'json'],
  },
  search: {
    options: [
      'strategy',
      'budget',
      'dataset',
      'cifar-dir',
      'train-limit',
      'validation-limit',
      'epochs',
      'surrogate',
      'no-inherit',
      'steps',
      'warmup',
      'order',
      'derivation',
      'retrain-seeds',
      'seed',
      'out',
      'backend',
    ],
  },
  'synthetic-table': { options: ['out', 'seed'] },
  worker: { options: WORKER_OPTION_NAMES },
} as const;

/** Values of a repeatable option, each possibly a comma list. */
const listOption = (values: string[] | undefined) =>
  (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim());

function strategiesOption(values: string[] | undefined): StrategyName[] {
  const names = listOption(values);
  if (names.length === 0) return [...STRATEGY_NAMES];
  return names.map((name) => {
    if (!isStrategyName(name)) throw new Error(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}; got "${name}"`);
    return name;
  });
}

/** The dataset of `search`, with the folder CIFAR needs. */
function datasetOptions(dataset = 'mnist', cifarDirectory: string | undefined) {
  if (!isDatasetName(dataset))
    throw new Error(`--dataset must be one of ${DATASET_NAMES.join(', ')}; got "${dataset}"`);
  if (dataset !== 'mnist' && !cifarDirectory) {
    throw new Error(
      `--dataset ${dataset} needs --cifar-dir DIR, the folder with the ${DATASET_TITLES[dataset]} binary files (no CIFAR files ship with hw7-nas)`,
    );
  }
  return { dataset, cifarDirectory };
}

function spaceOption(value: string | undefined): SearchSpace<unknown> {
  if (value === undefined || value === 'nb201') return nb201CellSpace as SearchSpace<unknown>;
  if (value === 'macro') return createMacroSpace() as SearchSpace<unknown>;
  throw new Error(`--space must be nb201 or macro; got "${value}"`);
}

async function main(argv: string[]): Promise<void> {
  const { command, values } = parseCommandLine(argv, { program: 'hw7-nas', options: OPTIONS, commands: COMMANDS });
  if (command === undefined) {
    process.stdout.write(HELP);
  } else if (command === 'worker') {
    await runWorkerCommand(values, spaceOption(values.space));
  } else if (command === 'tabular') {
    if (!values.table) throw new Error('tabular needs --table FILE (a .csv or .json table)');
    const space = spaceOption(values.space);
    const strategies = strategiesOption(values.strategy);
    const budgets = listOption(values.budget).map((budget) => integerOption(budget, 'budget', 1) as number);
    const seeds = integerOption(values.seeds, 'seeds', 1) ?? 10;
    const table = await TabularBenchmark.load(values.table, {
      archColumn: values['arch-column'],
      metricColumn: values['metric-column'],
      timeColumn: values['time-column'],
      canonicalize: (arch) => space.format(space.parse(arch)),
    });
    // The controller's LSTM is tiny: the plain JS backend beats wasm's per-op overhead here.
    await initBackend({ backend: 'cpu', quiet: true });
    const rows = compareStrategies({
      table,
      space,
      strategies,
      budgets: budgets.length > 0 ? budgets : [25, 50, 100, 200],
      seeds,
    });
    if (values.json) {
      for (const { strategy, budget, seeds, mean, std } of rows) {
        process.stdout.write(`${JSON.stringify({ strategy, budget, seeds, mean, std })}\n`);
      }
    } else {
      const best = table.best();
      process.stdout.write(`table best: ${best.metric} (${best.arch}); ${table.entries.size} rows\n`);
      process.stdout.write(
        `${'strategy'.padEnd(10)} ${'budget'.padStart(6)} ${'seeds'.padStart(5)} ${'mean'.padStart(9)} ${'std'.padStart(7)}\n`,
      );
      for (const row of rows) {
        process.stdout.write(
          `${row.strategy.padEnd(10)} ${String(row.budget).padStart(6)} ${String(row.seeds).padStart(5)} ${row.mean.toFixed(3).padStart(9)} ${row.std.toFixed(3).padStart(7)}\n`,
        );
      }
    }
  } else if (command === 'search') {
    const [strategy = 'evolution', ...extra] = listOption(values.strategy);
    if (extra.length > 0) throw new Error('search takes one --strategy');
    const gradientBased = strategy === 'oneshot' || strategy === 'darts';
    if (strategy !== 'neat' && !gradientBased && !isStrategyName(strategy)) {
      throw new Error(
        `--strategy must be one of ${STRATEGY_NAMES.join(', ')}, neat, oneshot, darts; got "${strategy}"`,
      );
    }
    const [budget = '20', ...extraBudgets] = listOption(values.budget);
    if (extraBudgets.length > 0) throw new Error('search takes one --budget');
    const source = datasetOptions(values.dataset, values['cifar-dir']);
    const seed = integerOption(values.seed, 'seed', 0) ?? 0;
    await initBackend({ backend: backendOption(values.backend) });
    seedEverything(seed);
    const out = values.out ?? 'nas-search';
    const steps = integerOption(values.steps, 'steps', 1);
    const trainExamples = integerOption(values['train-limit'], 'train-limit', 1);
    const validationExamples = integerOption(values['validation-limit'], 'validation-limit', 1);
    if (strategy === 'darts') {
      const order = values.order ?? 'second';
      if (order !== 'first' && order !== 'second') throw new Error(`--order must be first or second; got "${order}"`);
      const derivation = values.derivation ?? 'perturbation';
      if (derivation !== 'perturbation' && derivation !== 'argmax') {
        throw new Error(`--derivation must be perturbation or argmax; got "${derivation}"`);
      }
      const retrainSeeds = integerOption(values['retrain-seeds'], 'retrain-seeds', 1) ?? 3;
      const result = await runDartsExperiment({
        ...source,
        trainExamples,
        validationExamples,
        searchSteps: steps,
        warmupSteps: integerOption(values.warmup, 'warmup', 0),
        order,
        derivation,
        retrainSeeds: Array.from({ length: retrainSeeds }, (_, i) => i),
        seed,
        out,
      });
      process.stdout.write(
        `${JSON.stringify(
          {
            dataset: result.dataset,
            strategy,
            derivation,
            cell: result.search.cellString,
            derivedAccuracy: result.meanDerivedAccuracy,
            argmaxAccuracy: result.meanArgmaxAccuracy,
            randomAccuracy: result.meanRandomAccuracy,
            sizeMatchedAccuracy: result.meanSizeMatchedAccuracy,
            out,
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    if (strategy === 'oneshot') {
      const result = await runOneShotExperiment({
        ...source,
        trainExamples,
        validationExamples,
        supernetSteps: steps,
        candidates: integerOption(budget, 'budget', 1),
        seed,
      });
      process.stdout.write(
        `${JSON.stringify({ dataset: result.dataset, strategy, ranking: result.ranking.slice(0, 10) }, null, 2)}\n`,
      );
      return;
    }
    const result = await runMnistSearch({
      ...source,
      strategy,
      budget: integerOption(budget, 'budget', 1) as number,
      trainLimit: integerOption(values['train-limit'], 'train-limit', 1),
      validationLimit: integerOption(values['validation-limit'], 'validation-limit', 1),
      maxEpochs: integerOption(values.epochs, 'epochs', 1),
      surrogate: values.surrogate ?? false,
      inherit: !values['no-inherit'],
      seed,
      out,
      progress: true,
    });
    const { best, screened, evaluations } = result;
    process.stdout.write(
      `${JSON.stringify({ dataset: result.dataset, strategy: result.strategy, trained: evaluations.length, screened, best, out }, null, 2)}\n`,
    );
  } else if (command === 'synthetic-table') {
    if (!values.out) throw new Error('synthetic-table needs --out FILE.csv');
    await writeFileAtomic(values.out, syntheticNb201Csv({ seed: integerOption(values.seed, 'seed', 0) }));
    process.stdout.write(`${JSON.stringify({ out: values.out, rows: 15625, synthetic: true })}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hw7-nas: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
