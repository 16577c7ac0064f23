// Q2: a real architecture search on an MNIST subset (evolution over the homework's macro CNN space,
// short training with weight inheritance), and DARTS: a searched cell against random cells.
import { join } from 'node:path';
import { type DartsExperimentOptions, runDartsExperiment } from '@hw7/nas-search/darts';
import { runImageSearch } from '@hw7/nas-search/evaluation';
import { linePlotSvg, writeFileAtomic } from '@hw7/tensor-utils';
import {
  type Figure,
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
  type Table,
} from './question.js';

interface Settings {
  search: { strategy: 'evolution'; budget: number; trainLimit: number; validationLimit: number; maxEpochs: number };
  darts: Pick<
    DartsExperimentOptions,
    'searchSteps' | 'warmupSteps' | 'retrainSteps' | 'retrainSeeds' | 'randomCells' | 'sizeMatchedCells' | 'selection'
  >;
}

// Full: the package's defaults for a real search and for DARTS.
const SETTINGS: Record<Profile, Settings> = {
  quick: {
    search: { strategy: 'evolution', budget: 6, trainLimit: 1000, validationLimit: 300, maxEpochs: 1 },
    darts: {
      searchSteps: 30,
      warmupSteps: 10,
      retrainSteps: 30,
      retrainSeeds: [0],
      randomCells: 2,
      sizeMatchedCells: 1,
      selection: { tuneSteps: 5, evaluationExamples: 300 },
    },
  },
  full: {
    search: { strategy: 'evolution', budget: 30, trainLimit: 2000, validationLimit: 500, maxEpochs: 2 },
    darts: { searchSteps: 300, warmupSteps: 100, retrainSteps: 300, retrainSeeds: [0, 1, 2] },
  },
};

async function run(context: QuestionContext): Promise<QuestionOutput> {
  const settings = SETTINGS[context.profile];
  const search = await runImageSearch({
    ...settings.search,
    seed: context.seed,
    out: join(context.directory, 'search'),
    progress: true,
  });
  let best = 0;
  const bestSoFar = search.evaluations.map((evaluation, i) => {
    best = Math.max(best, evaluation.accuracy);
    return [i + 1, best] as const;
  });
  const curvePath = join(context.directory, 'real-search-best-so-far.svg');
  await writeFileAtomic(
    curvePath,
    linePlotSvg({
      title: `Real search on MNIST (${search.strategy})`,
      xLabel: 'architectures trained',
      yLabel: 'validation accuracy',
      series: [
        { name: 'best so far', points: bestSoFar },
        { name: 'each architecture', points: search.evaluations.map((e, i) => [i + 1, e.accuracy] as const) },
      ],
    }),
  );
  const figures: Figure[] = [figure(context, curvePath, 'Real NAS best-so-far (validation accuracy)')];
  const tables: Table[] = [
    {
      title: 'Architectures trained, in order',
      columns: ['#', 'architecture', 'validation accuracy', 'epochs', 'inherited layers', 'seconds'],
      rows: search.evaluations.map((e, i) => [
        i + 1,
        e.key,
        fixed(e.accuracy),
        e.epochs,
        e.inherited,
        fixed(e.seconds, 1),
      ]),
    },
  ];
  const dartsDirectory = join(context.directory, 'darts');
  const darts = await runDartsExperiment({ ...settings.darts, seed: context.seed, out: dartsDirectory });
  figures.push(figure(context, join(dartsDirectory, 'darts-search.svg'), 'DARTS search curves'));
  tables.push({
    title:
      'DARTS: the cell derived by perturbation (DARTS-PT) and by argmax, against random cells of the same skeleton and of the same size, trained from scratch',
    columns: [
      'derived cell',
      'mean test accuracy (DARTS-PT)',
      '(argmax)',
      '(random cells)',
      '(random cells of the same size)',
      'seconds',
    ],
    rows: [
      [
        darts.derived[0]?.cellString ?? null,
        fixed(darts.meanDerivedAccuracy),
        fixed(darts.meanArgmaxAccuracy),
        fixed(darts.meanRandomAccuracy),
        fixed(darts.meanSizeMatchedAccuracy),
        fixed(darts.seconds, 1),
      ],
    ],
  });
  return {
    settings: { space: 'macro CNN (homework)', ...settings },
    metrics: { search, darts },
    tables,
    figures,
    notes: [],
  };
}

export const q2NasSearch: Question = {
  id: 'q2',
  title: 'Q2 · A real architecture search on MNIST',
  summary:
    'evolution over the homework’s CNN space with short training and weight inheritance, and a DARTS cell search',
  run,
};
