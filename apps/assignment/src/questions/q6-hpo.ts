// Q6: the homework's Optuna experiment with @hw7/hpo. Four sampler families (grid, random, TPE,
// CMA-ES) on the homework's CNN search space with the same number of trials; then the homework's
// study (TPE under a time budget) without and with median pruning of trials; then pruning of the
// network itself (unstructured magnitude against structured filter pruning of the best CNN, with and
// without fine-tuning).
import { join, resolve } from 'node:path';
import { createStudy, type FrozenTrial, type Study } from '@hw7/hpo';
import {
  cnnHyperparametersFromParams,
  createCnnObjective,
  DEFAULT_PRUNING_CNN,
  loadImageDataset,
  networkPruningSvg,
  type PrunerName,
  runCnnStudy,
  runNetworkPruning,
} from '@hw7/hpo/cnn';
import { paramImportances } from '@hw7/hpo/importance';
import { CmaEsSampler, GridSampler, RandomSampler, type Sampler, TPESampler } from '@hw7/hpo/samplers';
import { SqliteStorage } from '@hw7/hpo/storages';
import { intermediateValuesSvg, optimizationHistorySvg, paramImportanceSvg } from '@hw7/hpo/visualization';
import { linePlotSvg, writeFileAtomic } from '@hw7/tensor-utils';
import { q6Answers } from '../answers/q6.js';
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

interface Q6Settings {
  samplers: { trials: number; trainLimit: number; testLimit: number; epochs: number };
  studies: { timeoutSeconds: number; trainLimit?: number; testLimit?: number; epochs: number };
  /** Pruning of the best network of the study without trial pruning (fine-tuning: steps of 64 images). */
  networkPruning: {
    trainLimit?: number;
    testLimit?: number;
    epochs: number;
    fineTuneSteps: number;
    sparsities: number[];
  };
}

// Full: the homework's 30-minute budget per study on all of MNIST; samplers with 30 trials each.
const SETTINGS: Record<Profile, Q6Settings> = {
  // Trials of a few seconds, so that a study runs past the median pruner's 5 start-up trials in its
  // budget (with 1,000 images and 2 epochs each study ran 3 trials of 12-17 s in 35 s, and pruning
  // could not act); 4 epochs, so a pruned trial saves most of its epochs.
  quick: {
    samplers: { trials: 5, trainLimit: 400, testLimit: 200, epochs: 1 },
    studies: { timeoutSeconds: 30, trainLimit: 300, testLimit: 200, epochs: 4 },
    networkPruning: { trainLimit: 1000, testLimit: 300, epochs: 2, fineTuneSteps: 10, sparsities: [0, 0.5, 0.8, 0.95] },
  },
  smoke: {
    samplers: { trials: 2, trainLimit: 64, testLimit: 32, epochs: 1 },
    studies: { timeoutSeconds: 1, trainLimit: 64, testLimit: 32, epochs: 1 },
    networkPruning: { trainLimit: 64, testLimit: 32, epochs: 1, fineTuneSteps: 1, sparsities: [0, 0.9] },
  },
  full: {
    samplers: { trials: 30, trainLimit: 2000, testLimit: 1000, epochs: 3 },
    studies: { timeoutSeconds: 1800, epochs: 3 },
    networkPruning: { epochs: 3, fineTuneSteps: 938, sparsities: [0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95] },
  },
};

export const SAMPLER_NAMES = ['grid', 'random', 'tpe', 'cmaes'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];
const PRUNERS: readonly PrunerName[] = ['none', 'median'];

/** A small grid over the homework's space: every parameter a trial can suggest, two or three values each. */
export const GRID = {
  num_conv_layers: [1, 2],
  num_fc_layers: [1, 2],
  num_filter_0: [40, 64],
  num_filter_1: [40, 64],
  num_neurons_0: [32, 64],
  optimizer: ['Adam', 'RMSprop', 'SGD'],
  lr: [0.001, 0.01],
};

function createSampler(name: SamplerName, trials: number, seed: number): Sampler {
  switch (name) {
    case 'grid':
      return new GridSampler(GRID, { seed });
    case 'random':
      return new RandomSampler({ seed });
    case 'tpe':
      // Half of the budget random, then TPE (Optuna's 10 start-up trials would be the whole budget).
      return new TPESampler({ seed, nStartupTrials: Math.ceil(trials / 2) });
    case 'cmaes':
      // Two generations or more within the budget.
      return new CmaEsSampler({ seed, populationSize: Math.max(2, Math.floor(trials / 2)) });
  }
}

export interface SamplerRun {
  sampler: SamplerName;
  trials: number;
  best: number;
  bestParams: Record<string, unknown>;
  /** Best test accuracy after each trial. */
  bestSoFar: number[];
  /** The learning rate and the number of convolutions each trial drew, in order. */
  learningRates: number[];
  convLayers: number[];
  seconds: number;
  /** TPE's random start-up trials, CMA-ES's population. */
  detail: string;
}

export interface StudySummary {
  pruner: PrunerName;
  trials: number;
  complete: number;
  pruned: number;
  epochsTrained: number;
  bestValue: number | null;
  bestTrial: number | null;
  bestParams: Record<string, unknown> | null;
  /** Trials that ran every epoch, their mean seconds, and the pruned ones'. */
  meanSecondsComplete: number | null;
  meanSecondsPruned: number | null;
  seconds: number;
  importances: Record<string, number> | null;
}

/** Network pruning of a trained CNN: test accuracy against sparsity for each method, with and without fine-tuning. */
export interface NetworkPruningSummary {
  /** The pruned network's hyperparameters, formatted. */
  hyperparameters: string;
  epochs: number;
  fineTuneSteps: number;
  unpruned: { testAccuracy: number; parameters: number; flops: number };
  points: Array<{
    method: string;
    sparsity: number;
    fineTuned: boolean;
    testAccuracy: number;
    parametersFraction: number;
    flopsFraction: number;
  }>;
  seconds: number;
}

export interface Q6Metrics {
  samplers: SamplerRun[];
  samplerSettings: Q6Settings['samplers'];
  studies: StudySummary[];
  studySettings: Q6Settings['studies'];
  /** The SQLite file the two studies are stored in (as cnn-none and cnn-median), and the command that shows them. */
  storage?: { file: string; studyNames: string[]; dashboardCommand: string };
  networkPruning?: NetworkPruningSummary;
}

const bestSoFar = (values: number[]) => {
  let best = Number.NEGATIVE_INFINITY;
  return values.map((value) => {
    best = Math.max(best, value);
    return best;
  });
};

async function compareSamplers(context: QuestionContext, settings: Q6Settings['samplers']): Promise<SamplerRun[]> {
  const data = await loadImageDataset({
    dataset: 'mnist',
    trainLimit: settings.trainLimit,
    testLimit: settings.testLimit,
  });
  const runs: SamplerRun[] = [];
  try {
    for (const name of SAMPLER_NAMES) {
      context.log(`sampler ${name}: ${settings.trials} trials`);
      const started = performance.now();
      const sampler = createSampler(name, settings.trials, context.seed);
      const study = createStudy({ direction: 'maximize', sampler });
      await study.optimize(createCnnObjective({ data, epochs: settings.epochs, seed: context.seed }), {
        nTrials: settings.trials,
      });
      const complete = study.trials.filter((trial) => trial.state === 'COMPLETE');
      const values = complete.map((trial) => trial.values?.[0] ?? Number.NaN);
      runs.push({
        sampler: name,
        trials: complete.length,
        best: Math.max(...values),
        bestParams: study.bestTrial.params,
        bestSoFar: bestSoFar(values),
        learningRates: complete.map((trial) => Number(trial.params.lr)),
        convLayers: complete.map((trial) => Number(trial.params.num_conv_layers)),
        seconds: (performance.now() - started) / 1000,
        detail:
          name === 'tpe'
            ? `${Math.ceil(settings.trials / 2)} random start-up trials`
            : name === 'cmaes'
              ? `population ${Math.max(2, Math.floor(settings.trials / 2))}`
              : name === 'grid'
                ? `${Object.values(GRID).reduce((size, values) => size * values.length, 1)} grid points`
                : 'uniform',
      });
    }
  } finally {
    data.dispose();
  }
  return runs;
}

function studySummary(study: Study, pruner: PrunerName, seconds: number): StudySummary {
  const complete = study.getTrials(['COMPLETE']);
  const pruned = study.getTrials(['PRUNED']);
  const best = complete.length > 0 ? study.bestTrial : undefined;
  const meanSeconds = (trials: readonly FrozenTrial[]) =>
    trials.length === 0 ? null : trials.reduce((sum, trial) => sum + (trial.durationSeconds ?? 0), 0) / trials.length;
  let importances: Record<string, number> | null = null;
  // fANOVA needs at least two complete trials; a short budget may not give them.
  if (complete.length >= 2) {
    importances = Object.fromEntries(paramImportances(study).map(({ name, importance }) => [name, importance]));
  }
  return {
    pruner,
    trials: study.trials.length,
    complete: complete.length,
    pruned: pruned.length,
    epochsTrained: study.trials.reduce((sum, trial) => sum + trial.intermediateValues.size, 0),
    bestValue: best?.values?.[0] ?? null,
    bestTrial: best?.number ?? null,
    bestParams: best?.params ?? null,
    meanSecondsComplete: meanSeconds(complete),
    meanSecondsPruned: meanSeconds(pruned),
    seconds,
    importances,
  };
}

/** `conv 48-64, dense 64, Adam lr=0.003`: the network that is pruned. */
function formatHyperparameters(h: {
  filters: number[];
  hiddenUnits: number[];
  optimizer: string;
  learningRate: number;
}): string {
  const dense = h.hiddenUnits.length > 0 ? `, dense ${h.hiddenUnits.join('-')}` : '';
  return `conv ${h.filters.join('-')}${dense}, ${h.optimizer} lr=${Number(h.learningRate.toPrecision(3))}`;
}

/** `lr=0.00503 optimizer=RMSprop ...`: readable, and it wraps in a table cell. */
export function formatParams(params: Readonly<Record<string, unknown>> | null): string | null {
  if (params === null) return null;
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(4)) : String(value)}`)
    .join(' ');
}

/** The samplers' best-so-far curves and the learning rate each proposed, trial by trial. */
async function samplerFigures(
  context: QuestionContext,
  settings: Q6Settings['samplers'],
  samplers: SamplerRun[],
): Promise<Figure[]> {
  const samplerCurves = join(context.directory, 'samplers-best-so-far.svg');
  await writeFileAtomic(
    samplerCurves,
    linePlotSvg({
      title: `Best test accuracy after each trial (${settings.trials} trials per sampler)`,
      xLabel: 'trial',
      yLabel: 'best test accuracy so far',
      series: samplers.map((s) => ({ name: s.sampler, points: s.bestSoFar.map((y, x) => [x + 1, y] as const) })),
    }),
  );
  const samplerPoints = join(context.directory, 'samplers-learning-rates.svg');
  await writeFileAtomic(
    samplerPoints,
    linePlotSvg({
      title: 'Where each sampler looked: the learning rate of every trial',
      xLabel: 'trial',
      yLabel: 'learning rate',
      yScale: 'log',
      series: samplers.map((s) => ({ name: s.sampler, points: s.learningRates.map((y, x) => [x + 1, y] as const) })),
    }),
  );
  return [
    figure(context, samplerCurves, 'samplers', 'Best-so-far curves of the four samplers'),
    figure(context, samplerPoints, 'sampler-points', 'The learning rate each sampler proposed, trial by trial'),
  ];
}

/** One study's optimisation history, intermediate values and (given two complete trials) importances. */
async function studyFigures(
  context: QuestionContext,
  study: Study,
  pruner: PrunerName,
  summary: StudySummary,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const historyPath = join(context.directory, `history-${pruner}.svg`);
  await writeFileAtomic(historyPath, optimizationHistorySvg(study));
  figures.push(figure(context, historyPath, `history-${pruner}`, `Optimisation history, pruner ${pruner}`));
  const curvesPath = join(context.directory, `intermediate-${pruner}.svg`);
  await writeFileAtomic(curvesPath, intermediateValuesSvg(study));
  figures.push(
    figure(
      context,
      curvesPath,
      `intermediate-${pruner}`,
      `Test accuracy after each epoch of every trial, pruner ${pruner}`,
    ),
  );
  if (summary.importances !== null) {
    const importancePath = join(context.directory, `importance-${pruner}.svg`);
    await writeFileAtomic(importancePath, paramImportanceSvg(study));
    figures.push(
      figure(context, importancePath, `importance-${pruner}`, `Hyperparameter importance, pruner ${pruner}`),
    );
  }
  return figures;
}

/** The homework's study once per pruner, both stored in one SQLite file. */
async function runStudies(context: QuestionContext, settings: Q6Settings['studies']) {
  const { timeoutSeconds, ...data } = settings;
  const studies: StudySummary[] = [];
  const figures: Figure[] = [];
  // Both studies are stored, so that hpo's dashboard (or report) can show them after the run; the
  // file is written in the staging folder and is read where the question's folder ends up.
  const storageFile = 'studies.sqlite3';
  const storage = new SqliteStorage(join(context.directory, storageFile));
  const finalStorageFile = resolve(context.outDirectory, context.id, storageFile);
  const studyNames = PRUNERS.map((pruner) => `cnn-${pruner}`);
  try {
    for (const pruner of PRUNERS) {
      context.log(`study with pruner '${pruner}' for ${timeoutSeconds} s`);
      const started = performance.now();
      const study = await runCnnStudy({
        dataset: 'mnist',
        ...data,
        timeout: timeoutSeconds,
        pruner,
        seed: context.seed,
        log: context.log,
        storage,
        studyName: `cnn-${pruner}`,
      });
      const summary = studySummary(study, pruner, (performance.now() - started) / 1000);
      studies.push(summary);
      figures.push(...(await studyFigures(context, study, pruner, summary)));
    }
  } finally {
    storage.close();
  }
  const dashboardCommand = `pnpm exec hw7-hpo dashboard --storage sqlite:///${finalStorageFile}`;
  context.log(`the studies are stored in ${finalStorageFile}; to browse them: ${dashboardCommand}`);
  return { studies, figures, storage: { file: finalStorageFile, studyNames, dashboardCommand } };
}

/** Prunes the best CNN of the study without trial pruning (the default CNN if it has none). */
async function networkPruningPart(
  context: QuestionContext,
  settings: Q6Settings['networkPruning'],
  studies: StudySummary[],
) {
  const none = studies.find((s) => s.pruner === 'none');
  const hyperparameters =
    none?.bestParams === null || none?.bestParams === undefined
      ? DEFAULT_PRUNING_CNN
      : cnnHyperparametersFromParams(none.bestParams as Parameters<typeof cnnHyperparametersFromParams>[0]);
  context.log('network pruning of the best CNN: magnitude and filter pruning, with and without fine-tuning');
  const pruning = await runNetworkPruning({
    dataset: 'mnist',
    ...settings,
    hyperparameters,
    seed: context.seed,
    log: context.log,
  });
  const pruningPath = join(context.directory, 'network-pruning.svg');
  await writeFileAtomic(pruningPath, networkPruningSvg(pruning, { title: 'Test accuracy against sparsity' }));
  const networkPruning: NetworkPruningSummary = {
    hyperparameters: formatHyperparameters(hyperparameters),
    epochs: pruning.epochs,
    fineTuneSteps: pruning.fineTuneSteps,
    unpruned: pruning.unpruned,
    points: pruning.measurements.map((m) => ({
      method: m.method,
      sparsity: m.sparsity,
      fineTuned: m.fineTuned,
      testAccuracy: m.testAccuracy,
      parametersFraction: m.parametersFraction,
      flopsFraction: m.flopsFraction,
    })),
    seconds: pruning.seconds.training + pruning.seconds.pruning,
  };
  return {
    networkPruning,
    figure: figure(
      context,
      pruningPath,
      'network-pruning',
      'Network pruning: magnitude (unstructured) and filter (structured), before and after fine-tuning',
    ),
  };
}

function q6Tables(
  settings: Q6Settings,
  samplers: SamplerRun[],
  studies: StudySummary[],
  networkPruning: NetworkPruningSummary,
): Table[] {
  return [
    {
      key: 'samplers',
      title: `Four samplers, ${settings.samplers.trials} trials each (${settings.samplers.trainLimit} training and ${settings.samplers.testLimit} test images, ${settings.samplers.epochs} epoch(s))`,
      columns: ['sampler', 'setting', 'best test accuracy', 'seconds', 'best parameters'],
      rows: samplers.map((s) => [s.sampler, s.detail, fixed(s.best), fixed(s.seconds, 1), formatParams(s.bestParams)]),
    },
    {
      key: 'studies',
      title: `The homework’s study (TPE) for ${settings.studies.timeoutSeconds} s, without and with median pruning`,
      columns: [
        'pruner',
        'trials',
        'complete',
        'pruned',
        'epochs trained',
        'best test accuracy',
        'best trial',
        'seconds',
      ],
      rows: studies.map((s) => [
        s.pruner,
        s.trials,
        s.complete,
        s.pruned,
        s.epochsTrained,
        fixed(s.bestValue),
        s.bestTrial,
        fixed(s.seconds, 1),
      ]),
    },
    {
      key: 'best-params',
      title: 'Best hyperparameters of each study',
      columns: ['pruner', 'parameters'],
      rows: studies.map((s) => [s.pruner, formatParams(s.bestParams)]),
    },
    {
      key: 'network-pruning',
      title: `Network pruning of ${networkPruning.hyperparameters} (unpruned: test accuracy ${fixed(networkPruning.unpruned.testAccuracy)}, ${networkPruning.unpruned.parameters} parameters)`,
      columns: ['method', 'sparsity', 'fine-tuned', 'test accuracy', 'parameters left', 'multiply-adds left'],
      rows: networkPruning.points.map((p) => [
        p.method === 'magnitude' ? 'magnitude (unstructured)' : 'filter L1 (structured)',
        p.sparsity,
        p.fineTuned ? `yes (${networkPruning.fineTuneSteps} steps)` : 'no',
        fixed(p.testAccuracy),
        fixed(p.parametersFraction, 3),
        fixed(p.flopsFraction, 3),
      ]),
    },
  ];
}

async function run(context: QuestionContext): Promise<QuestionOutput<Q6Metrics>> {
  const settings = SETTINGS[context.profile];
  const figures: Figure[] = [];
  const samplers = await compareSamplers(context, settings.samplers);
  figures.push(...(await samplerFigures(context, settings.samplers, samplers)));
  const studied = await runStudies(context, settings.studies);
  figures.push(...studied.figures);
  const { studies } = studied;
  const pruned = await networkPruningPart(context, settings.networkPruning, studies);
  figures.push(pruned.figure);
  const { networkPruning } = pruned;
  return {
    settings: { dataset: 'mnist', ...settings, grid: GRID, pruners: PRUNERS },
    metrics: {
      samplers,
      samplerSettings: settings.samplers,
      studies,
      studySettings: settings.studies,
      storage: studied.storage,
      networkPruning,
    },
    tables: q6Tables(settings, samplers, studies, networkPruning),
    figures,
    notes: [],
  };
}

export const q6Hpo: Question<Q6Metrics> = {
  ...catalogueEntry('q6'),
  ...q6Answers,
  estimateFull: ({ seconds, metrics: m }) => {
    const quick = SETTINGS.quick;
    const full = SETTINGS.full;
    const samplers = m.samplers.reduce((sum, s) => sum + s.seconds, 0);
    // Per trial: more trials, about 60,000 / 600 times the images (all of MNIST), more epochs.
    const samplerScale =
      (full.samplers.trials / quick.samplers.trials) *
      (full.samplers.trainLimit / quick.samplers.trainLimit) *
      (full.samplers.epochs / quick.samplers.epochs);
    const pruning = m.networkPruning?.seconds ?? 0;
    const pruningScale =
      (60_000 / (quick.networkPruning.trainLimit ?? 60_000)) *
      (full.networkPruning.epochs / quick.networkPruning.epochs);
    const studies = 2 * full.studies.timeoutSeconds;
    const rest = Math.max(0, seconds - samplers - pruning - 2 * quick.studies.timeoutSeconds);
    return {
      seconds: samplers * samplerScale + studies + pruning * pruningScale + rest,
      basis: `samplers ${r1(samplers)} s × ${r1(samplerScale)} + two studies of ${full.studies.timeoutSeconds} s + pruning ${r1(pruning)} s × ${r1(pruningScale)}`,
    };
  },
  run,
};
