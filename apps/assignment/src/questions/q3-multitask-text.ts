// Q3: multi-task text classification on the Hu & Liu product reviews (@hw7/datasets): one shared
// encoder, a sentiment head (neg/pos, imbalanced) and a topic head, split by review so no review leaks.
import { join } from 'node:path';
import { datasetFiles, huliu, resolveDataDirectory } from '@hw7/datasets';
import { type ExperimentOptions, type ModelRun, runExperiment } from '@hw7/mtl-text';
import { figure, fixed, type Profile, type Question, type QuestionContext, type QuestionOutput } from './question.js';

// Full: the package README's configuration (15 epochs, class weights and augmentation for sentiment).
const EPOCHS: Record<Profile, number> = { quick: 2, full: 15 };

async function run(context: QuestionContext): Promise<QuestionOutput> {
  const settings = {
    text: 'sentence',
    tasks: { sentiment: { column: 'sentiment', labels: ['neg', 'pos'] }, topic: 'category' },
    group: ['product', 'review_id'],
    filter: { sentiment: ['pos', 'neg'] },
    imbalance: { classWeights: ['sentiment'], augment: { task: 'sentiment', perExample: 1 } },
    epochs: EPOCHS[context.profile],
    seed: context.seed,
  } satisfies Omit<ExperimentOptions, 'data'>;
  const dataOptions = { dataDirectory: context.dataDirectory };
  const [data] = (await datasetFiles(huliu, dataOptions)) as [string];
  const result = await runExperiment({
    ...settings,
    data,
    out: context.directory,
    progress: true,
  });
  const summaries = result.evaluations.map((evaluation) => evaluation.summary);
  const [model] = result.models as [ModelRun];
  return {
    settings: { data: resolveDataDirectory(dataOptions).shipped ? `${huliu.name} (@hw7/datasets)` : data, ...settings },
    metrics: {
      bestEpoch: model.bestEpoch,
      vocabularySize: model.vocabularySize,
      trainRows: model.trainRows,
      testRows: result.testRows,
      tasks: summaries,
      confusionMatrices: Object.fromEntries(
        result.evaluations.map((e) => [e.summary.task, { classes: e.classes, matrix: e.confusionMatrix }]),
      ),
      history: model.history,
    },
    tables: [
      {
        title: `Test scores per task (best epoch ${model.bestEpoch}; ${model.trainRows} training rows, ${result.testRows} test rows)`,
        columns: ['task', 'macro F1', 'micro F1', 'accuracy', 'ROC-AUC', 'specificity', 'support'],
        rows: summaries.map((s) => [
          s.task,
          fixed(s.macroF1),
          fixed(s.microF1),
          fixed(s.accuracy),
          fixed(s.rocAuc),
          fixed(s.specificity),
          s.support,
        ]),
      },
      {
        title: 'Per-class test scores',
        columns: ['task', 'class', 'precision', 'recall', 'F1', 'support'],
        rows: summaries.flatMap((s) =>
          Object.entries(s.perClass).map(([name, scores]) => [
            s.task,
            name,
            fixed(scores.precision),
            fixed(scores.recall),
            fixed(scores.f1),
            scores.support,
          ]),
        ),
      },
    ],
    figures: [figure(context, join(context.directory, 'validation-macro-f1.svg'), 'Validation macro-F1 per epoch')],
    notes: [],
  };
}

export const q3MultitaskText: Question = {
  id: 'q3',
  title: 'Q3 · Multi-task text classification',
  summary: 'sentiment (imbalanced) and topic of product-review sentences with one shared encoder',
  run,
};
