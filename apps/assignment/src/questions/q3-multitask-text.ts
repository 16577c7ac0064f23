// Q3: multi-task text classification on the Hu & Liu product reviews (@hw7/datasets): one shared
// encoder, a sentiment head (neg/pos, imbalanced) and a topic head, split by review so no review
// leaks. Each method the homework names runs as its own configuration on the same split: class
// weights, focal loss, EDA augmentation, threshold moving, dynamic task sampling, uncertainty
// weighting, word2vec transfer, and single-task models for reference; the chosen configuration (best
// validation score) gets confusion matrices and ROC curves.
import { join } from 'node:path';
import { datasetFiles, huliu, resolveDataDirectory } from '@hw7/datasets';
import { type ExperimentOptions, type ExperimentResult, runExperiment } from '@hw7/mtl-text';
import {
  type BinaryDecision,
  decide,
  evaluateTask,
  pairedBootstrap,
  precisionRecallFscoreSupport,
  rocCurve,
  type TaskEvaluation,
} from '@hw7/mtl-text/metrics';
import { writeFileAtomic } from '@hw7/tensor-utils';
import { heatmapSvg, linePlotSvg } from '@hw7/tensor-utils/base';
import { saveWord2VecFormat, trainWord2Vec } from '@hw7/word2vec';
import { q3Answers } from '../answers/q3.js';
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

interface Q3Settings {
  /** Epochs of every configuration; undefined: the package's default for the encoder. */
  epochs?: number;
  /** Options of the CNN (the token encoder that word vectors can initialise), for the transfer pair. */
  cnn: { maxLength?: number; width?: number; epochs?: number };
  /** The configurations run (keys of CONFIGURATIONS). */
  configurations: readonly string[];
  /** ELTeC novels (of 99) and passes for the transferred word2vec vectors. */
  vectorFiles: number;
  vectorEpochs: number;
}

// The package's defaults (the fastText encoder with its wide part, 6 epochs) for every configuration
// but the transfer pair, which needs a token encoder (a CNN, with and without word2vec vectors).
// Quick: 4 epochs (a configuration takes about 14 s at 6 on 2 idle cores), a narrower CNN over 32
// tokens for 2 epochs (a default CNN configuration took 56 s under load, this one 23 s), no
// uncertainty weighting. Full: the package's and the CNN's own defaults, vectors from every novel.
const ALL = [
  'plain',
  'class-weights',
  'focal',
  'augment',
  'single-sentiment',
  'single-topic',
  'dynamic',
  'uncertainty',
  'cnn',
  'word2vec',
];
const SETTINGS: Record<Profile, Q3Settings> = {
  quick: {
    epochs: 4,
    cnn: { maxLength: 32, width: 32, epochs: 2 },
    configurations: ALL.filter((key) => key !== 'uncertainty'),
    vectorFiles: 20,
    vectorEpochs: 1,
  },
  full: { cnn: { epochs: 15 }, configurations: ALL, vectorFiles: 99, vectorEpochs: 3 },
  smoke: {
    epochs: 1,
    cnn: { maxLength: 16, width: 8, epochs: 1 },
    configurations: ALL,
    vectorFiles: 1,
    vectorEpochs: 1,
  },
};

const SENTIMENT = 'sentiment';
const TOPIC = 'topic';
const CLASS_WEIGHTS = { classWeights: [SENTIMENT] };

/** One configuration of the comparison: what it changes from plain multi-task learning. */
interface Configuration {
  key: string;
  label: string;
  /** Which sub-question it answers. */
  about: 'imbalance' | 'architecture' | 'transfer';
  /** `imbalance` is always given: the package's default (class weights on every task) is a method compared here. */
  options: Partial<ExperimentOptions> & { imbalance: NonNullable<ExperimentOptions['imbalance']> };
  /** Uses the CNN (a token encoder) instead of the package's default encoder. */
  cnn?: boolean;
}

const CONFIGURATIONS: readonly Configuration[] = [
  { key: 'plain', label: 'MTL, plain (mixed batches, summed losses)', about: 'imbalance', options: { imbalance: {} } },
  { key: 'class-weights', label: 'MTL + class weights', about: 'imbalance', options: { imbalance: CLASS_WEIGHTS } },
  {
    key: 'focal',
    label: 'MTL + focal loss (gamma 2)',
    about: 'imbalance',
    options: { imbalance: { focal: { [SENTIMENT]: 2 } } },
  },
  {
    key: 'augment',
    label: 'MTL + class weights + EDA augmentation',
    about: 'imbalance',
    options: { imbalance: { ...CLASS_WEIGHTS, augment: { task: SENTIMENT, perExample: 1 } } },
  },
  {
    key: 'single-sentiment',
    label: 'single task: sentiment (+ class weights)',
    about: 'architecture',
    options: { imbalance: CLASS_WEIGHTS, trainTasks: [SENTIMENT] },
  },
  {
    key: 'single-topic',
    label: 'single task: topic',
    about: 'architecture',
    options: { imbalance: {}, trainTasks: [TOPIC] },
  },
  {
    key: 'dynamic',
    label: 'MTL + class weights, dynamic task sampling',
    about: 'architecture',
    options: { imbalance: CLASS_WEIGHTS, batching: 'dynamic' },
  },
  {
    key: 'uncertainty',
    label: 'MTL + class weights, uncertainty-weighted losses',
    about: 'architecture',
    options: { imbalance: CLASS_WEIGHTS, weighting: 'uncertainty' },
  },
  {
    key: 'cnn',
    label: 'MTL + class weights, CNN encoder, random embedding',
    about: 'transfer',
    options: { imbalance: CLASS_WEIGHTS },
    cnn: true,
  },
  {
    key: 'word2vec',
    label: 'MTL + class weights, CNN encoder, word2vec embedding',
    about: 'transfer',
    options: { imbalance: CLASS_WEIGHTS },
    cnn: true,
  },
];

export interface TaskScores {
  macroF1: number;
  microF1: number;
  accuracy: number;
  rocAuc: number | null;
  specificity: number;
  /** Sentiment only: the minority (negative) class's precision, recall and F1. */
  minority?: { precision: number; recall: number; f1: number };
}

export interface ConfigurationResult {
  key: string;
  label: string;
  about: Configuration['about'];
  /** Test scores; null for a task the configuration does not train. */
  sentiment: TaskScores | null;
  topic: TaskScores | null;
  /** Mean validation macro-F1 of the trained tasks: the only score configurations are chosen by. */
  validationMacroF1: number;
  bestEpoch: number;
  seconds: number;
  /** Threshold moving only: the tuned probability of 'neg' above which a sentence is negative. */
  threshold?: number;
  /** Set when the configuration failed to train (the package's error); its scores are then null. */
  error?: string;
  /**
   * Sentiment: negative-class F1 minus plain MTL's on the same test rows, with a 95% paired bootstrap
   * interval over the rows.
   */
  negativeF1VsPlain?: { difference: number; low: number; high: number };
}

export interface Q3Metrics {
  epochs: number;
  trainRows: number;
  testRows: number;
  /** Share of negative sentences among the test rows. */
  negativeShare: number;
  topicClasses: string[];
  configurations: ConfigurationResult[];
  /** The multi-task configuration with the best validation score (its confusion matrices and ROC are drawn). */
  chosen: string;
  confusion: Record<string, { classes: string[]; matrix: number[][] }>;
  /** ROC curve points of the sentiment task per configuration (negative class as positive). */
  rocAuc: Record<string, number>;
  vectors: {
    files: number;
    epochs: number;
    words: number;
    vocabulary: number;
    seconds: number;
    coverage: number | null;
  };
}

function taskScores(evaluation: TaskEvaluation | undefined): TaskScores | null {
  if (evaluation === undefined) return null;
  const { summary } = evaluation;
  const minorityName = evaluation.classes.includes('neg') ? 'neg' : undefined;
  const minority = minorityName ? summary.perClass[minorityName] : undefined;
  return {
    macroF1: summary.macroF1,
    microF1: summary.microF1,
    accuracy: summary.accuracy,
    rocAuc: summary.rocAuc,
    specificity: summary.specificity,
    ...(minority && { minority: { precision: minority.precision, recall: minority.recall, f1: minority.f1 } }),
  };
}

const find = (result: ExperimentResult, task: string, part: 'evaluations' | 'validation' = 'evaluations') =>
  result[part].find((evaluation) => evaluation.summary.task === task);

/** The predicted sentiment class of every scored test row, with the configuration's decision rule. */
function predictions(evaluation: TaskEvaluation, decision?: BinaryDecision): number[] {
  return evaluation.scored.scores.map((row) => decide(Float32Array.from(row), decision));
}

/** Each configuration's sentiment predictions on the test rows, with the true labels and the negative class. */
type SentimentPredictions = Map<string, { truth: number[]; predicted: number[]; negative: number }>;

/** Adds each configuration's negative-class F1 difference to plain MTL's, bootstrapped over test rows. */
function compareWithPlain(configurations: ConfigurationResult[], predicted: SentimentPredictions): void {
  const plain = predicted.get('plain');
  if (plain === undefined) return;
  const rows = plain.truth.map((_, i) => String(i));
  const negativeF1 = (truth: number[], guess: number[]) =>
    precisionRecallFscoreSupport(truth, guess, { labels: [plain.negative], zeroDivision: 0 }).fScore[0] as number;
  for (const configuration of configurations) {
    const other = predicted.get(configuration.key);
    if (configuration.key === 'plain' || other === undefined) continue;
    if (other.truth.length !== plain.truth.length || other.truth.some((label, i) => label !== plain.truth[i])) continue;
    const { difference, low, high } = pairedBootstrap(plain.truth, other.predicted, plain.predicted, rows, negativeF1, {
      resamples: 1000,
      seed: 0,
    });
    configuration.negativeF1VsPlain = { difference, low, high };
  }
}

/** The plain model's sentiment scored by the most probable class (the run itself used the tuned threshold). */
function argmaxEvaluation(evaluation: TaskEvaluation): TaskEvaluation {
  const { truth, scores } = evaluation.scored;
  return evaluateTask(
    evaluation.summary.task,
    evaluation.classes,
    truth,
    scores.map((row) => Float32Array.from(row)),
  );
}

function configurationResult(
  configuration: Configuration,
  result: ExperimentResult,
  seconds: number,
  sentiment = find(result, SENTIMENT),
): ConfigurationResult {
  const validation = result.validation.map((evaluation) => evaluation.summary.macroF1);
  return {
    key: configuration.key,
    label: configuration.label,
    about: configuration.about,
    sentiment: taskScores(sentiment),
    topic: taskScores(find(result, TOPIC)),
    validationMacroF1: validation.reduce((sum, value) => sum + value, 0) / validation.length,
    bestEpoch: result.models[0]?.bestEpoch ?? 0,
    seconds,
  };
}

async function trainTransferVectors(context: QuestionContext, settings: Q3Settings) {
  const files = (await datasetFiles('eltec', { dataDirectory: context.dataDirectory })).slice(0, settings.vectorFiles);
  const started = performance.now();
  const { vectors, vocabulary, stats } = await trainWord2Vec({
    corpus: files,
    dim: 100,
    epochs: settings.vectorEpochs,
    seed: context.seed + 1,
    progress: true,
  });
  const path = join(context.directory, 'eltec-vectors.bin');
  await saveWord2VecFormat(vectors, path);
  return {
    path,
    summary: {
      files: files.length,
      epochs: settings.vectorEpochs,
      words: stats.rawWords,
      vocabulary: vocabulary.size,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

const scoreCells = (scores: TaskScores | null) =>
  scores === null ? [null, null, null] : [fixed(scores.macroF1), fixed(scores.rocAuc), fixed(scores.specificity)];

/** The options every configuration shares: the data, its tasks and split, epochs and seed. */
function experimentBase(context: QuestionContext, settings: Q3Settings, data: string) {
  return {
    data,
    text: 'sentence',
    tasks: { [SENTIMENT]: { column: 'sentiment', labels: ['neg', 'pos'] }, [TOPIC]: 'category' },
    group: ['product', 'review_id'],
    filter: { sentiment: ['pos', 'neg'] },
    ...(settings.epochs !== undefined && { epochs: settings.epochs }),
    // A validation part: configurations are chosen, and thresholds tuned, on it (never on test rows).
    validationFraction: 0.1,
    seed: context.seed,
  } satisfies ExperimentOptions;
}

/** Trains every configuration of the profile in turn; plain MTL also yields the threshold-moving row. */
async function runConfigurations(
  context: QuestionContext,
  settings: Q3Settings,
  base: ReturnType<typeof experimentBase>,
  vectorsPath: string,
) {
  const configurations: ConfigurationResult[] = [];
  const experiments = new Map<string, ExperimentResult>();
  const predicted: SentimentPredictions = new Map();
  for (const configuration of CONFIGURATIONS.filter(({ key }) => settings.configurations.includes(key))) {
    context.log(`configuration ${configuration.key}: ${configuration.label}`);
    const started = performance.now();
    const isPlain = configuration.key === 'plain';
    let result: ExperimentResult;
    try {
      result = await runExperiment({
        ...base,
        ...configuration.options,
        ...(configuration.cnn && { encoder: 'cnn' as const, ...settings.cnn }),
        ...(configuration.key === 'word2vec' && { vectors: vectorsPath }),
        // The plain model also tunes a decision threshold on validation: threshold moving costs no training.
        ...(isPlain && { imbalance: { tuneThreshold: [SENTIMENT] } }),
        out: join(context.directory, configuration.key),
        progress: true,
      });
    } catch (error) {
      // One configuration failing (a package's bug) leaves the others' comparison standing; the report says why.
      if (isPlain) throw error;
      const message = error instanceof Error ? error.message : String(error);
      context.log(`configuration ${configuration.key} FAILED: ${message}`);
      configurations.push({
        key: configuration.key,
        label: configuration.label,
        about: configuration.about,
        sentiment: null,
        topic: null,
        validationMacroF1: Number.NaN,
        bestEpoch: 0,
        seconds: (performance.now() - started) / 1000,
        error: message,
      });
      continue;
    }
    const seconds = (performance.now() - started) / 1000;
    experiments.set(configuration.key, result);
    const sentiment = find(result, SENTIMENT);
    if (sentiment) {
      const record = (key: string, decision?: BinaryDecision) =>
        predicted.set(key, {
          truth: sentiment.scored.truth,
          predicted: predictions(sentiment, decision),
          negative: sentiment.classes.indexOf('neg'),
        });
      record(configuration.key);
      if (isPlain) record('threshold', result.decisions[SENTIMENT]);
    }
    if (isPlain && sentiment) {
      configurations.push(configurationResult(configuration, result, seconds, argmaxEvaluation(sentiment)));
      configurations.push({
        ...configurationResult(
          { ...configuration, key: 'threshold', label: 'MTL, plain + threshold moving' },
          result,
          seconds,
        ),
        threshold: result.decisions[SENTIMENT]?.threshold,
      });
    } else {
      configurations.push(configurationResult(configuration, result, seconds));
    }
  }
  return { configurations, experiments, predicted };
}

/** One confusion-matrix heatmap per task of the chosen configuration. */
async function confusionFigures(context: QuestionContext, chosen: ConfigurationResult, experiment: ExperimentResult) {
  const figures: Figure[] = [];
  const confusion: Q3Metrics['confusion'] = {};
  for (const evaluation of experiment.evaluations) {
    const task = evaluation.summary.task;
    confusion[task] = { classes: [...evaluation.classes], matrix: evaluation.confusionMatrix };
    const path = join(context.directory, `confusion-${task}.svg`);
    await writeFileAtomic(
      path,
      heatmapSvg({
        title: `Confusion matrix, ${task} (${chosen.label}; test rows)`,
        values: evaluation.confusionMatrix,
        rowLabels: [...evaluation.classes],
        columnLabels: [...evaluation.classes],
        xLabel: 'predicted',
        yLabel: 'true',
        colourBy: 'row-share',
      }),
    );
    figures.push(figure(context, path, `confusion-${task}`, `Confusion matrix of the ${task} task (${chosen.label})`));
  }
  return { confusion, figures };
}

/** The sentiment task's ROC curves of the imbalance configurations, negative sentences as the positive class. */
async function rocFigure(
  context: QuestionContext,
  experiments: Map<string, ExperimentResult>,
  configurations: ConfigurationResult[],
) {
  const rocAuc: Record<string, number> = {};
  const rocSeries = ['plain', 'class-weights', 'focal', 'augment'].flatMap((key) => {
    const evaluation = experiments.get(key) && find(experiments.get(key) as ExperimentResult, SENTIMENT);
    if (!evaluation) return [];
    const negative = evaluation.classes.indexOf('neg');
    const curve = rocCurve(
      evaluation.scored.truth.map((label) => (label === negative ? 1 : 0)),
      evaluation.scored.scores.map((row) => row[negative] as number),
    );
    const label = configurations.find((c) => c.key === key)?.label ?? key;
    rocAuc[key] = evaluation.summary.rocAuc ?? Number.NaN;
    return [{ name: `${label} (AUC ${fixed(rocAuc[key], 3)})`, points: { x: curve.fpr, y: curve.tpr } }];
  });
  const rocPath = join(context.directory, 'roc-sentiment.svg');
  await writeFileAtomic(
    rocPath,
    linePlotSvg({
      title: 'ROC of the sentiment task (negative sentences as the positive class; test rows)',
      xLabel: 'false positive rate',
      yLabel: 'true positive rate',
      xRange: [0, 1],
      yRange: [0, 1],
      referenceLines: [{ from: [0, 0], to: [1, 1], label: 'chance' }],
      series: rocSeries,
    }),
  );
  return { rocAuc, figure: figure(context, rocPath, 'roc-sentiment', 'ROC curves of the sentiment task') };
}

function q3Tables(
  configurations: ConfigurationResult[],
  chosen: ConfigurationResult,
  chosenExperiment: ExperimentResult,
): Table[] {
  return [
    {
      key: 'configurations',
      title: 'Test scores of every configuration (same split, seed and epochs); the last column chooses',
      columns: [
        'configuration',
        'sentiment macro-F1',
        'ROC-AUC',
        'specificity',
        'negative-class F1',
        'topic macro-F1',
        'topic ROC-AUC',
        'topic specificity',
        'validation macro-F1 (mean)',
      ],
      rows: configurations.map((c) => [
        c.error === undefined ? c.label : `${c.label} (failed: ${c.error})`,
        ...scoreCells(c.sentiment),
        fixed(c.sentiment?.minority?.f1),
        ...scoreCells(c.topic),
        fixed(c.validationMacroF1),
      ]),
    },
    {
      key: 'per-class',
      title: `Per-class test scores of the chosen configuration (${chosen.label})`,
      columns: ['task', 'class', 'precision', 'recall', 'F1', 'specificity', 'support'],
      rows: chosenExperiment.evaluations.flatMap((evaluation) =>
        Object.entries(evaluation.summary.perClass).map(([name, scores]) => [
          evaluation.summary.task,
          name,
          fixed(scores.precision),
          fixed(scores.recall),
          fixed(scores.f1),
          fixed(scores.specificity),
          scores.support,
        ]),
      ),
    },
  ];
}

async function run(context: QuestionContext): Promise<QuestionOutput<Q3Metrics>> {
  const settings = SETTINGS[context.profile];
  const dataOptions = { dataDirectory: context.dataDirectory };
  const [data] = (await datasetFiles(huliu, dataOptions)) as [string];
  const base = experimentBase(context, settings, data);
  context.log(`word2vec vectors from ${settings.vectorFiles} ELTeC novels for the transfer configuration`);
  const vectors = await trainTransferVectors(context, settings);
  const { configurations, experiments, predicted } = await runConfigurations(context, settings, base, vectors.path);
  compareWithPlain(configurations, predicted);
  const multiTask = configurations.filter((c) => c.sentiment !== null && c.topic !== null && c.error === undefined);
  const chosen = multiTask.reduce((a, b) => (b.validationMacroF1 > a.validationMacroF1 ? b : a));
  const chosenExperiment = experiments.get(chosen.key === 'threshold' ? 'plain' : chosen.key) as ExperimentResult;
  const { confusion, figures } = await confusionFigures(context, chosen, chosenExperiment);
  const roc = await rocFigure(context, experiments, configurations);
  figures.push(roc.figure);
  figures.push(
    figure(
      context,
      join(context.directory, chosen.key === 'threshold' ? 'plain' : chosen.key, 'validation-macro-f1.svg'),
      'validation-f1',
      `Validation macro-F1 per epoch (${chosen.label})`,
    ),
  );
  const sentimentMatrix = confusion[SENTIMENT]?.matrix ?? [];
  const negativeIndex = confusion[SENTIMENT]?.classes.indexOf('neg') ?? 0;
  const rowTotals = sentimentMatrix.map((row) => row.reduce((sum, value) => sum + value, 0));
  const plainModel = experiments.get('plain')?.models[0];
  const metrics: Q3Metrics = {
    epochs: plainModel?.history.length ?? settings.epochs ?? 0,
    trainRows: plainModel?.trainRows ?? 0,
    testRows: chosenExperiment.testRows,
    negativeShare: (rowTotals[negativeIndex] ?? 0) / rowTotals.reduce((sum, value) => sum + value, 0),
    topicClasses: confusion[TOPIC]?.classes ?? [],
    configurations,
    chosen: chosen.key,
    confusion,
    rocAuc: roc.rocAuc,
    vectors: { ...vectors.summary, coverage: experiments.get('word2vec')?.models[0]?.vectorCoverage ?? null },
  };
  return {
    settings: {
      ...base,
      data: resolveDataDirectory(dataOptions).shipped ? `${huliu.name} (@hw7/datasets)` : data,
      configurations: CONFIGURATIONS.filter(({ key }) => settings.configurations.includes(key)).map(
        ({ key, options, cnn }) => ({ key, ...options, ...(cnn && { encoder: 'cnn', ...settings.cnn }) }),
      ),
      encoder: 'the package default (fastText + wide part) unless the configuration says CNN',
      vectors: vectors.summary,
    },
    metrics,
    tables: q3Tables(configurations, chosen, chosenExperiment),
    figures,
    notes: configurations.flatMap((c) => (c.error === undefined ? [] : [`${c.label} failed: ${c.error}`])),
  };
}

export const q3MultitaskText: Question<Q3Metrics> = {
  ...catalogueEntry('q3'),
  ...q3Answers,
  estimateFull: ({ seconds, metrics: m }) => {
    const quick = SETTINGS.quick;
    const full = SETTINGS.full;
    const isCnn = (key: string) => CONFIGURATIONS.some((c) => c.key === key && c.cnn);
    const runs = m.configurations.filter((c) => c.key !== 'threshold');
    const cnn = runs.filter((c) => isCnn(c.key)).reduce((sum, c) => sum + c.seconds, 0);
    const other = runs.filter((c) => !isCnn(c.key));
    const perOther = other.reduce((sum, c) => sum + c.seconds, 0) / Math.max(1, other.length);
    const cnnScale = (full.cnn.epochs ?? 1) / (quick.cnn.epochs ?? 1);
    const added = full.configurations.length - quick.configurations.length;
    return {
      seconds: seconds + cnn * (cnnScale - 1) + added * perOther,
      basis: `quick ${r1(seconds)} s, the CNN pair's ${r1(cnn)} s × ${full.cnn.epochs}/${quick.cnn.epochs} epochs (at the quick CNN's size: a lower bound), and ${added} more configuration(s) at ${r1(perOther)} s`,
    };
  },
  run,
};
