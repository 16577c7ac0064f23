// Q1: the three families of architecture search, each run. RL (a REINFORCE LSTM controller and
// MetaQNN's Q-learning) and evolution (aging evolution) against random search on a tabular
// NAS-Bench-201-style benchmark, many seeds in seconds; real searches on MNIST over the homework's
// macro space (input size and number of convolutions are genes/decisions) by RL, MetaQNN, aging
// evolution and NEAT; and the gradient-based family on NAS-Bench-201 cells: a single-path one-shot
// supernet ranking cells by inherited weights, and DARTS (second order: the one-step unrolled
// approximation) with its derived cell trained from scratch against random cells.
import { join } from 'node:path';
import { nb201CellSpace, type StrategyName } from '@hw7/nas-search';
import { type DartsExperimentOptions, runDartsExperiment } from '@hw7/nas-search/darts';
import { runImageSearch } from '@hw7/nas-search/evaluation';
import { runOneShotExperiment } from '@hw7/nas-search/oneshot';
import { type ComparisonRow, compareStrategies, syntheticNb201Csv, TabularBenchmark } from '@hw7/nas-search/tabular';
import { createProgress, linePlotSvg, writeFileAtomic } from '@hw7/tensor-utils';
import { q1Answers } from '../answers/q1.js';
import { catalogueEntry } from './catalogue.js';
import {
  type Figure,
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
  r1,
  type Table,
} from './question.js';

const TABULAR_STRATEGIES: readonly StrategyName[] = ['random', 'evolution', 'reinforce', 'qlearning'];
export const REAL_STRATEGIES = ['reinforce', 'qlearning', 'evolution', 'neat'] as const;
type RealStrategy = (typeof REAL_STRATEGIES)[number];

interface Q1Settings {
  tabular: { seeds: number; maxBudget: number; reportedBudgets: number[] };
  real: { budget: number; trainLimit: number; validationLimit: number; maxEpochs: number };
  oneShot: { supernetSteps: number; candidates: number; trainExamples: number; validationExamples: number };
  darts: Pick<
    DartsExperimentOptions,
    | 'searchSteps'
    | 'warmupSteps'
    | 'retrainSteps'
    | 'retrainSeeds'
    | 'randomCells'
    | 'sizeMatchedCells'
    | 'selection'
    | 'trainExamples'
    | 'validationExamples'
    | 'testExamples'
    | 'order'
  >;
}

// Full: the package's benchmark (100 seeds, up to 200 queries), real searches of 20 architectures,
// the package defaults of one-shot and DARTS.
const SETTINGS: Record<Profile, Q1Settings> = {
  quick: {
    tabular: { seeds: 10, maxBudget: 100, reportedBudgets: [25, 50, 100] },
    real: { budget: 4, trainLimit: 500, validationLimit: 300, maxEpochs: 1 },
    oneShot: { supernetSteps: 60, candidates: 8, trainExamples: 1000, validationExamples: 500 },
    darts: {
      searchSteps: 15,
      warmupSteps: 10,
      retrainSteps: 20,
      retrainSeeds: [0],
      randomCells: 1,
      sizeMatchedCells: 1,
      selection: { tuneSteps: 3, evaluationExamples: 300 },
      trainExamples: 1000,
      validationExamples: 1000,
      testExamples: 1000,
    },
  },
  smoke: {
    tabular: { seeds: 2, maxBudget: 20, reportedBudgets: [10, 20] },
    real: { budget: 2, trainLimit: 64, validationLimit: 32, maxEpochs: 1 },
    oneShot: { supernetSteps: 3, candidates: 3, trainExamples: 64, validationExamples: 32 },
    darts: {
      searchSteps: 2,
      warmupSteps: 1,
      retrainSteps: 2,
      retrainSeeds: [0],
      randomCells: 1,
      sizeMatchedCells: 1,
      selection: { tuneSteps: 1, evaluationExamples: 32 },
      trainExamples: 64,
      validationExamples: 64,
      testExamples: 64,
    },
  },
  full: {
    tabular: { seeds: 100, maxBudget: 200, reportedBudgets: [25, 50, 100, 200] },
    real: { budget: 20, trainLimit: 2000, validationLimit: 500, maxEpochs: 2 },
    oneShot: { supernetSteps: 300, candidates: 20, trainExamples: 2000, validationExamples: 1000 },
    darts: { searchSteps: 300, warmupSteps: 150, retrainSteps: 300, retrainSeeds: [0, 1, 2] },
  },
};

/** Budgets read off for the best-so-far curves: every 5 queries (one run per seed serves them all). */
const CURVE_STEP = 5;

export interface RealSearchSummary {
  strategy: RealStrategy;
  architectures: Array<{ key: string; inputSize: number; convLayers: number; accuracy: number; seconds: number }>;
  best: { key: string; accuracy: number };
  seconds: number;
}

export interface Q1Metrics {
  tabular: { tableBest: number; seeds: number; rows: ComparisonRow[] };
  real: { settings: Q1Settings['real']; searches: RealSearchSummary[] };
  oneShot: {
    candidates: number;
    supernetSteps: number;
    ranking: Array<{ cell: string; accuracy: number; convolutions: number }>;
    supernetSeconds: number;
    seconds: number;
  };
  darts: {
    searchSteps: number;
    order: string;
    initialEntropy: number;
    finalEntropy: number;
    derivedCell: string;
    argmaxCell: string;
    derived: number;
    argmax: number;
    random: number;
    sizeMatched: number;
    retrainSeeds: number;
    searchSeconds: number;
    seconds: number;
  };
}

/** `input=24|conv=32x3,64x5|dense=128` -> input size and number of convolutions. */
function describeMacro(key: string): { inputSize: number; convLayers: number } {
  const input = /input=(\d+)/.exec(key);
  const conv = /conv=([^|]*)/.exec(key);
  return {
    inputSize: input ? Number(input[1]) : Number.NaN,
    convLayers: conv?.[1] ? conv[1].split(',').filter(Boolean).length : 0,
  };
}

const CONVOLUTIONS = /nor_conv_(?:1x1|3x3)/g;

async function tabular(context: QuestionContext, settings: Q1Settings['tabular']) {
  const table = TabularBenchmark.fromCsv(syntheticNb201Csv(), { timeColumn: 'train_time' });
  const curveBudgets = Array.from({ length: settings.maxBudget / CURVE_STEP }, (_, i) => (i + 1) * CURVE_STEP);
  const progress = createProgress({ total: TABULAR_STRATEGIES.length * settings.seeds, label: 'q1 tabular runs' });
  let rows: ComparisonRow[];
  try {
    rows = await compareStrategies({
      table,
      space: nb201CellSpace,
      strategies: TABULAR_STRATEGIES,
      budgets: curveBudgets,
      seeds: settings.seeds,
      onRun: (strategy) => progress.tick(1, { strategy }),
    });
  } finally {
    progress.stop();
  }
  const tableBest = table.best().metric;
  const path = join(context.directory, 'best-so-far.svg');
  await writeFileAtomic(
    path,
    linePlotSvg({
      title: `Mean best accuracy found (${settings.seeds} seeds; table best ${tableBest.toFixed(2)})`,
      xLabel: 'queries',
      yLabel: 'best accuracy so far (%)',
      series: TABULAR_STRATEGIES.map((strategy) => ({
        name: strategy,
        points: rows.filter((row) => row.strategy === strategy).map((row) => [row.budget, row.mean] as const),
      })),
    }),
  );
  return { tableBest, rows, path };
}

async function realSearches(context: QuestionContext, settings: Q1Settings['real']): Promise<RealSearchSummary[]> {
  const searches: RealSearchSummary[] = [];
  for (const strategy of REAL_STRATEGIES) {
    context.log(`real search on MNIST: ${strategy}, ${settings.budget} architectures`);
    const started = performance.now();
    const search = await runImageSearch({
      strategy,
      ...settings,
      seed: context.seed,
      out: join(context.directory, `search-${strategy}`),
      progress: true,
    });
    searches.push({
      strategy,
      architectures: search.evaluations.map((e) => ({
        key: e.key,
        ...describeMacro(e.key),
        accuracy: e.accuracy,
        seconds: e.seconds,
      })),
      best: { key: search.best.key, accuracy: search.best.accuracy },
      seconds: (performance.now() - started) / 1000,
    });
  }
  return searches;
}

async function oneShotPart(context: QuestionContext, settings: Q1Settings['oneShot']) {
  context.log('one-shot: a supernet with weight sharing, candidates ranked by inherited weights');
  const oneShot = await runOneShotExperiment({ ...settings, seed: context.seed });
  const ranking = oneShot.ranking.map((candidate) => ({
    cell: candidate.cellString,
    accuracy: candidate.accuracy,
    convolutions: candidate.cellString.match(CONVOLUTIONS)?.length ?? 0,
  }));
  const lossPath = join(context.directory, 'oneshot-supernet-loss.svg');
  await writeFileAtomic(
    lossPath,
    linePlotSvg({
      title: 'One-shot supernet: training loss per step (one random path each)',
      xLabel: 'step',
      yLabel: 'loss',
      series: [{ name: 'loss', points: oneShot.supernetLosses.map((y, x) => [x + 1, y] as const) }],
    }),
  );
  return {
    oneShot,
    ranking,
    figure: figure(context, lossPath, 'oneshot-loss', 'One-shot supernet training loss'),
  };
}

async function dartsPart(context: QuestionContext, settings: Q1Settings['darts']) {
  context.log('DARTS: second-order search, then the derived cell against random cells');
  const dartsDirectory = join(context.directory, 'darts');
  const darts = await runDartsExperiment({ ...settings, seed: context.seed, out: dartsDirectory });
  return {
    darts,
    figure: figure(
      context,
      join(dartsDirectory, 'darts-search.svg'),
      'darts-search',
      'DARTS search: entropy of softmax(α) and losses',
    ),
  };
}

/** Best validation accuracy so far against architectures trained, one line per real search. */
async function realSearchesFigure(
  context: QuestionContext,
  settings: Q1Settings['real'],
  searches: RealSearchSummary[],
): Promise<Figure> {
  const realPath = join(context.directory, 'real-searches.svg');
  await writeFileAtomic(
    realPath,
    linePlotSvg({
      title: `Real searches on MNIST (${settings.trainLimit} images, ${settings.maxEpochs} epoch(s) each)`,
      xLabel: 'architectures trained',
      yLabel: 'best validation accuracy so far',
      series: searches.map((s) => {
        let best = 0;
        return {
          name: s.strategy,
          points: s.architectures.map((a, i) => {
            best = Math.max(best, a.accuracy);
            return [i + 1, best] as const;
          }),
        };
      }),
    }),
  );
  return figure(context, realPath, 'real-searches', 'Real searches on MNIST: best so far');
}

function q1Tables(settings: Q1Settings, metrics: Q1Metrics): Table[] {
  const reported = metrics.tabular.rows;
  const { searches } = metrics.real;
  const { ranking } = metrics.oneShot;
  return [
    {
      key: 'tabular',
      title: `Best accuracy found within the budget (mean ± std over ${settings.tabular.seeds} seeds; synthetic NAS-Bench-201 table)`,
      columns: ['strategy', ...settings.tabular.reportedBudgets.map((budget) => `${budget} queries`)],
      rows: TABULAR_STRATEGIES.map((strategy) => [
        strategy,
        ...settings.tabular.reportedBudgets.map((budget) => {
          const row = reported.find((r) => r.strategy === strategy && r.budget === budget);
          return row ? `${row.mean.toFixed(2)} ± ${row.std.toFixed(2)}` : null;
        }),
      ]),
    },
    {
      key: 'real',
      title: 'Real searches: what each strategy proposed (input size, convolutions) and how it scored',
      columns: ['strategy', 'architectures (validation accuracy)', 'input sizes', 'convolutions', 'best', 'seconds'],
      rows: searches.map((s) => [
        s.strategy,
        s.architectures.map((a) => `${a.key} (${a.accuracy.toFixed(3)})`).join('; '),
        [...new Set(s.architectures.map((a) => a.inputSize))].sort((a, b) => a - b).join(', '),
        [...new Set(s.architectures.map((a) => a.convLayers))].sort((a, b) => a - b).join(', '),
        fixed(s.best.accuracy),
        fixed(s.seconds, 1),
      ]),
    },
    {
      key: 'oneshot',
      title: `One-shot: ${ranking.length} random cells ranked by validation accuracy with the supernet’s weights`,
      columns: ['rank', 'cell', 'convolutions', 'inherited-weight accuracy'],
      rows: ranking.map((r, i) => [i + 1, r.cell, r.convolutions, fixed(r.accuracy)]),
    },
    {
      key: 'darts',
      title: 'DARTS: the derived cell (DARTS-PT) and the argmax cell against random cells, trained from scratch',
      columns: [
        'derived cell',
        'derived',
        'argmax',
        'random cells',
        'random cells of its size',
        'search seconds',
        'seconds',
      ],
      rows: [
        [
          metrics.darts.derivedCell,
          fixed(metrics.darts.derived),
          fixed(metrics.darts.argmax),
          fixed(metrics.darts.random),
          fixed(metrics.darts.sizeMatched),
          fixed(metrics.darts.searchSeconds, 1),
          fixed(metrics.darts.seconds, 1),
        ],
      ],
    },
  ];
}

async function run(context: QuestionContext): Promise<QuestionOutput<Q1Metrics>> {
  const settings = SETTINGS[context.profile];
  const figures: Figure[] = [];
  const tab = await tabular(context, settings.tabular);
  figures.push(figure(context, tab.path, 'best-so-far', 'Tabular benchmark: mean best accuracy against queries'));
  const searches = await realSearches(context, settings.real);
  const { oneShot, ranking, figure: oneShotFigure } = await oneShotPart(context, settings.oneShot);
  figures.push(oneShotFigure);
  const { darts, figure: dartsFigure } = await dartsPart(context, settings.darts);
  figures.push(dartsFigure);
  figures.push(await realSearchesFigure(context, settings.real, searches));

  const reported = tab.rows.filter((row) => settings.tabular.reportedBudgets.includes(row.budget));
  const metrics: Q1Metrics = {
    tabular: { tableBest: tab.tableBest, seeds: settings.tabular.seeds, rows: reported },
    real: { settings: settings.real, searches },
    oneShot: {
      candidates: ranking.length,
      supernetSteps: settings.oneShot.supernetSteps,
      ranking,
      supernetSeconds: oneShot.supernetSeconds,
      seconds: oneShot.seconds,
    },
    darts: {
      searchSteps: settings.darts.searchSteps ?? 0,
      order: settings.darts.order ?? 'second',
      initialEntropy: darts.search.initialEntropy,
      finalEntropy: darts.search.history.at(-1)?.entropy ?? Number.NaN,
      derivedCell: darts.derived[0]?.cellString ?? '',
      argmaxCell: darts.argmax[0]?.cellString ?? '',
      derived: darts.meanDerivedAccuracy,
      argmax: darts.meanArgmaxAccuracy,
      random: darts.meanRandomAccuracy,
      sizeMatched: darts.meanSizeMatchedAccuracy,
      retrainSeeds: settings.darts.retrainSeeds?.length ?? 0,
      searchSeconds: darts.search.seconds,
      seconds: darts.seconds,
    },
  };
  return {
    settings: { table: 'synthetic NAS-Bench-201 (15,625 cells)', ...settings },
    metrics,
    tables: q1Tables(settings, metrics),
    figures,
    notes: [
      'The tabular benchmark is the nas-search package’s SYNTHETIC NAS-Bench-201 table (a documented formula, not training): no published table is available offline.',
    ],
  };
}

export const q1NasFamilies: Question<Q1Metrics> = {
  ...catalogueEntry('q1'),
  ...q1Answers,
  estimateFull: ({ seconds, metrics: m }) => {
    const quick = SETTINGS.quick;
    const full = SETTINGS.full;
    const real = m.real.searches.reduce((sum, s) => sum + s.seconds, 0);
    const realScale =
      (full.real.budget / quick.real.budget) *
      (full.real.trainLimit / quick.real.trainLimit) *
      (full.real.maxEpochs / quick.real.maxEpochs);
    const oneShotScale = full.oneShot.supernetSteps / quick.oneShot.supernetSteps;
    const searchSteps = (o: Q1Settings['darts']) => (o.searchSteps ?? 0) + (o.warmupSteps ?? 0);
    const searchScale = searchSteps(full.darts) / searchSteps(quick.darts);
    const cells = (o: Q1Settings['darts']) => 2 + (o.randomCells ?? 4) + (o.sizeMatchedCells ?? 4);
    const retrainScale =
      ((full.darts.retrainSteps ?? 0) / (quick.darts.retrainSteps ?? 1)) *
      ((full.darts.retrainSeeds?.length ?? 3) / (quick.darts.retrainSeeds?.length ?? 1)) *
      (cells(full.darts) / cells(quick.darts));
    const darts = m.darts.searchSeconds * searchScale + (m.darts.seconds - m.darts.searchSeconds) * retrainScale;
    const tabular = Math.max(0, seconds - real - m.oneShot.seconds - m.darts.seconds);
    const tabularScale =
      (full.tabular.seeds * full.tabular.maxBudget) / (quick.tabular.seeds * quick.tabular.maxBudget);
    return {
      seconds: real * realScale + m.oneShot.seconds * oneShotScale + darts + tabular * tabularScale,
      basis: `real searches ${r1(real)} s × ${r1(realScale)} + one-shot ${r1(m.oneShot.seconds)} s × ${r1(oneShotScale)} + DARTS search ${r1(m.darts.searchSeconds)} s × ${r1(searchScale)} and retraining ${r1(m.darts.seconds - m.darts.searchSeconds)} s × ${r1(retrainScale)} + tabular ${r1(tabular)} s × ${r1(tabularScale)}`,
    };
  },
  run,
};
