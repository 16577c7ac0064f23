// Q6: the homework's Optuna experiment: TPE tunes a CNN on MNIST under a time budget, once without
// and once with median pruning, and the two studies are compared.
import { join } from 'node:path';
import type { Study } from '@hw7/hpo';
import { type PrunerName, runCnnStudy } from '@hw7/hpo/cnn';
import { paramImportances } from '@hw7/hpo/importance';
import { optimizationHistorySvg, paramImportanceSvg } from '@hw7/hpo/visualization';
import { writeFileAtomic } from '@hw7/tensor-utils';
import {
  type Figure,
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
} from './question.js';

const PRUNERS: readonly PrunerName[] = ['none', 'median'];

// Full: the homework's 30-minute budget per study on all of MNIST.
const SETTINGS: Record<Profile, { timeoutSeconds: number; trainLimit?: number; testLimit?: number; epochs: number }> = {
  quick: { timeoutSeconds: 35, trainLimit: 1000, testLimit: 500, epochs: 2 },
  full: { timeoutSeconds: 1800, epochs: 3 },
};

/** `lr=0.00503 optimizer=RMSprop ...`: readable, and it wraps in a table cell. */
function formatParams(params: Readonly<Record<string, unknown>> | null): string | null {
  if (params === null) return null;
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(4)) : String(value)}`)
    .join(' ');
}

function studySummary(study: Study, seconds: number) {
  const complete = study.getTrials(['COMPLETE']);
  const best = complete.length > 0 ? study.bestTrial : undefined;
  return {
    trials: study.trials.length,
    complete: complete.length,
    pruned: study.getTrials(['PRUNED']).length,
    epochsTrained: study.trials.reduce((sum, trial) => sum + trial.intermediateValues.size, 0),
    bestValue: best?.values?.[0] ?? null,
    bestTrial: best?.number ?? null,
    bestParams: best?.params ?? null,
    seconds,
  };
}

async function run(context: QuestionContext): Promise<QuestionOutput> {
  const { timeoutSeconds, ...data } = SETTINGS[context.profile];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const studies: Record<string, ReturnType<typeof studySummary> & { importances: unknown; trialRecords: unknown }> = {};
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
    });
    const summary = studySummary(study, (performance.now() - started) / 1000);
    const historyPath = join(context.directory, `history-${pruner}.svg`);
    await writeFileAtomic(historyPath, optimizationHistorySvg(study));
    figures.push(figure(context, historyPath, `Optimisation history, pruner ${pruner}`));
    let importances: unknown = null;
    // fANOVA needs at least two complete trials; a short budget may not give them.
    if (summary.complete >= 2) {
      importances = paramImportances(study);
      const importancePath = join(context.directory, `importance-${pruner}.svg`);
      await writeFileAtomic(importancePath, paramImportanceSvg(study));
      figures.push(figure(context, importancePath, `Hyperparameter importance, pruner ${pruner}`));
    } else {
      notes.push(`Importance with pruner ${pruner}: fewer than 2 complete trials in the budget.`);
    }
    studies[pruner] = { ...summary, importances, trialRecords: study.trials.map((trial) => trial.toJSON()) };
  }
  return {
    settings: { dataset: 'mnist', sampler: 'TPE', timeoutSecondsPerStudy: timeoutSeconds, ...data, pruners: PRUNERS },
    metrics: studies,
    tables: [
      {
        title: `Studies of ${timeoutSeconds} s each`,
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
        rows: PRUNERS.map((pruner) => {
          const s = studies[pruner];
          return [
            pruner,
            s.trials,
            s.complete,
            s.pruned,
            s.epochsTrained,
            fixed(s.bestValue),
            s.bestTrial,
            fixed(s.seconds, 1),
          ];
        }),
      },
      {
        title: 'Best hyperparameters',
        columns: ['pruner', 'parameters'],
        rows: PRUNERS.map((pruner) => [pruner, formatParams(studies[pruner].bestParams)]),
      },
    ],
    figures,
    notes,
  };
}

export const q6Hpo: Question = {
  id: 'q6',
  title: 'Q6 · Hyperparameter optimisation of a CNN',
  summary: 'TPE tunes the homework’s CNN on MNIST under a time budget, without and with median pruning',
  run,
};
