// A made-up results.json: every question done, with metrics of the right types but invented,
// distinctive numbers (nothing a real run would produce), and a small picture for every figure. The
// report tests render it and look for these numbers in the answers: a number typed into an answer by
// hand would not change with them.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { encodePng, linePlotSvg, writeFileAtomic } from '@hw7/tensor-utils';
import { CATALOGUE } from '../src/questions/catalogue.js';
import type { Q1Metrics } from '../src/questions/q1-nas-families.js';
import type { Q2Metrics } from '../src/questions/q2-cheap-evaluation.js';
import type { Q3Metrics } from '../src/questions/q3-multitask-text.js';
import type { Q4Metrics } from '../src/questions/q4-stylegan.js';
import type { Q5Metrics } from '../src/questions/q5-cyclegan.js';
import type { Q6Metrics } from '../src/questions/q6-hpo.js';
import type { Q7Metrics } from '../src/questions/q7-word2vec.js';
import type { Q8Metrics } from '../src/questions/q8-cgan.js';
import type { Figure, QuestionId, QuestionOutput, Table } from '../src/questions/question.js';
import type { Results } from '../src/results.js';

const ramp = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);

const q1: Q1Metrics = {
  tabular: {
    tableBest: 94.8317,
    seeds: 13,
    rows: [
      { strategy: 'random', budget: 100, seeds: 13, mean: 91.2371, std: 0.41, meanSimulatedSeconds: 1 },
      { strategy: 'evolution', budget: 100, seeds: 13, mean: 93.7193, std: 0.5, meanSimulatedSeconds: 1 },
      { strategy: 'reinforce', budget: 100, seeds: 13, mean: 92.6613, std: 0.5, meanSimulatedSeconds: 1 },
      { strategy: 'qlearning', budget: 100, seeds: 13, mean: 91.0417, std: 0.5, meanSimulatedSeconds: 1 },
    ],
  },
  real: {
    settings: { budget: 3, trainLimit: 617, validationLimit: 311, maxEpochs: 1 },
    searches: (['reinforce', 'qlearning', 'evolution', 'neat'] as const).map((strategy, s) => ({
      strategy,
      architectures: [
        { key: 'input=16|conv=8x3|dense=', inputSize: 16, convLayers: 1, accuracy: 0.5113 + s / 100, seconds: 1.1 },
        {
          key: 'input=28|conv=8x3,16x5|dense=64',
          inputSize: 28,
          convLayers: 2,
          accuracy: 0.6217 + s / 100,
          seconds: 2,
        },
        { key: 'input=20|conv=4x3,8x3,8x5|dense=', inputSize: 20, convLayers: 3, accuracy: 0.4321, seconds: 3 },
      ],
      best: { key: 'input=28|conv=8x3,16x5|dense=64', accuracy: 0.6217 + s / 100 },
      seconds: 6.1,
    })),
  },
  oneShot: {
    candidates: 3,
    supernetSteps: 47,
    ranking: [
      {
        cell: '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|none~1|nor_conv_3x3~2|',
        accuracy: 0.7319,
        convolutions: 4,
      },
      {
        cell: '|skip_connect~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|none~1|none~2|',
        accuracy: 0.3107,
        convolutions: 0,
      },
      { cell: '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|none~2|', accuracy: 0.1093, convolutions: 1 },
    ],
    supernetSeconds: 12.71,
    seconds: 14.3,
  },
  darts: {
    searchSteps: 37,
    order: 'second',
    initialEntropy: 1.6094,
    finalEntropy: 1.4417,
    derivedCell: '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    argmaxCell: '|skip_connect~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|',
    derived: 0.6917,
    argmax: 0.7043,
    random: 0.7129,
    sizeMatched: 0.7211,
    retrainSeeds: 1,
    searchSeconds: 23.17,
    seconds: 61.3,
  },
};

const q2Variant = (variant: Q2Metrics['variants'][number]['variant'], saving: number, tau: number) => ({
  variant,
  secondsPerCandidate: 4.1 / saving,
  saving,
  tau,
  regret: 0.0113,
  epochs: variant === 'early-stopping' ? 2.33 : 1,
  stoppedEarly: variant === 'early-stopping' ? 2 : 0,
});

const q2: Q2Metrics = {
  settings: { candidates: 7, roots: 3, trainLimit: 811, validationLimit: 401, fullEpochs: 3, shortEpochs: 1 },
  candidates: ramp(7, 0, 1).map((i) => ({
    key: `input=16|conv=${4 + i}x3|dense=`,
    parent: i < 3 ? null : i - 3,
    full: 0.8 + i / 100,
  })),
  variants: [
    q2Variant('full', 1, 1),
    q2Variant('reseeded', 1.03, 0.6191),
    q2Variant('truncated', 2.87, 0.4283),
    q2Variant('early-stopping', 1.27, 0.8571),
    q2Variant('warmup-cosine', 2.91, 0.3333),
    q2Variant('inheritance', 3.07, 0.5237),
    q2Variant('surrogate', 431.7, 0.2381),
  ],
};

const scores = (macroF1: number, negative?: number) => ({
  macroF1,
  microF1: macroF1 + 0.0211,
  accuracy: macroF1 + 0.0211,
  rocAuc: macroF1 + 0.1007,
  specificity: macroF1 - 0.0131,
  ...(negative !== undefined && { minority: { precision: negative + 0.02, recall: negative - 0.03, f1: negative } }),
});

const q3Configuration = (
  key: string,
  label: string,
  about: 'imbalance' | 'architecture' | 'transfer',
  sentiment: number | null,
  topic: number | null,
  negative = 0.6,
) => ({
  key,
  label,
  about,
  sentiment: sentiment === null ? null : scores(sentiment, negative),
  topic: topic === null ? null : scores(topic),
  validationMacroF1: (sentiment ?? 0.5) / 2 + (topic ?? 0.5) / 2,
  bestEpoch: 2,
  seconds: 9.37,
});

const q3: Q3Metrics = {
  epochs: 3,
  trainRows: 2717,
  testRows: 613,
  negativeShare: 0.3719,
  topicClasses: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  configurations: [
    q3Configuration('plain', 'MTL, plain', 'imbalance', 0.7017, 0.6613, 0.6311),
    {
      ...q3Configuration('threshold', 'MTL, plain + threshold moving', 'imbalance', 0.7057, 0.6613, 0.6519),
      threshold: 0.4137,
    },
    {
      ...q3Configuration('class-weights', 'MTL + class weights', 'imbalance', 0.7133, 0.6701, 0.6733),
      negativeF1VsPlain: { difference: 0.0422, low: 0.0107, high: 0.0731 },
    },
    q3Configuration('focal', 'MTL + focal loss', 'imbalance', 0.7101, 0.6693, 0.6617),
    q3Configuration('augment', 'MTL + class weights + EDA', 'imbalance', 0.7001, 0.6591, 0.6401),
    q3Configuration('single-sentiment', 'single task: sentiment', 'architecture', 0.7077, null, 0.6511),
    q3Configuration('single-topic', 'single task: topic', 'architecture', null, 0.6837),
    q3Configuration('dynamic', 'dynamic task sampling', 'architecture', 0.7091, 0.6729),
    q3Configuration('uncertainty', 'uncertainty weighting', 'architecture', 0.7113, 0.6651),
    q3Configuration('cnn', 'CNN, random embedding', 'transfer', 0.6911, 0.6213),
    q3Configuration('word2vec', 'word2vec transfer', 'transfer', 0.7419, 0.6583),
  ],
  chosen: 'word2vec',
  confusion: {
    sentiment: {
      classes: ['neg', 'pos'],
      matrix: [
        [150, 78],
        [61, 324],
      ],
    },
    topic: {
      classes: ['a', 'b'],
      matrix: [
        [10, 2],
        [3, 9],
      ],
    },
  },
  rocAuc: { plain: 0.8023, word2vec: 0.8426 },
  vectors: { files: 21, epochs: 1, words: 2_718_281, vocabulary: 31_415, seconds: 7.77, coverage: 0.8713 },
};

const generator = (kind: 'style' | 'classic', fid: number, ppl: number, separability: number) => ({
  kind,
  steps: 2401,
  shipped: true,
  parameters: kind === 'style' ? 213_517 : 171_903,
  frechetDistance: fid,
  classShares: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0617, 0.1383],
  ppl: { mean: ppl, median: ppl - 11.1, samples: 500, space: kind === 'style' ? ('w' as const) : ('z' as const) },
  separability: {
    accuracy: separability,
    crossEntropy: 0.9137,
    majorityAccuracy: 0.11,
    trainRows: 1000,
    testRows: 1000,
  },
  ...(kind === 'style' && {
    pplInZ: { mean: 517.3, median: 500.1, samples: 500, space: 'z' as const },
    separabilityFromZ: {
      accuracy: 0.4123,
      crossEntropy: 1.7171,
      majorityAccuracy: 0.11,
      trainRows: 1000,
      testRows: 1000,
    },
  }),
});

const q4: Q4Metrics = {
  generators: [generator('style', 23.417, 311.7, 0.6419), generator('classic', 37.913, 487.3, 0.4877)],
  training: [
    { kind: 'style', steps: 23, secondsPerStep: 0.4417, dLoss: 1.1, gLoss: 0.9 },
    { kind: 'classic', steps: 23, secondsPerStep: 0.3313, dLoss: 1.2, gLoss: 0.8 },
  ],
  mapping: { layers: 4, zDim: 64, wDim: 64 },
  mixing: { crossover: 4, cells: 36, followsCoarse: 0.8611, followsFine: 0.1389 },
  noise: { draws: 8, stdOverNoise: 0.0431, stdOverLatents: 0.3917 },
  adain: { channels: 16, meanGap: 0.0000031, stdGap: 0.0000047 },
  classifierTestAccuracy: 0.9913,
};

const q5: Q5Metrics = {
  listing: {
    batch: 8,
    adversarialValues: 392,
    adversarialNanShare: 0.4617,
    fixedAdversarialLsgan: 1.0713,
    fixedAdversarialBce: 0.7317,
    cycleA: 0.9173,
    cycleB: 0.8861,
    cycleOnRealAB: 0.9011,
    cycleGradientNorm: 3.1827,
    cycleGradientNormOutsideAutograd: 0,
  },
  training: { steps: 61, generatorLosses: ramp(61, 9.7, -0.1), discriminatorLosses: ramp(61, 0.9, -0.01) },
};

const q6: Q6Metrics = {
  samplers: (['grid', 'random', 'tpe', 'cmaes'] as const).map((sampler, i) => ({
    sampler,
    trials: 7,
    best: 0.8117 + i / 100,
    bestParams: { lr: 0.0031, optimizer: 'Adam' },
    bestSoFar: ramp(7, 0.7, 0.01),
    learningRates: sampler === 'grid' ? [0.001, 0.01, 0.001, 0.01, 0.001, 0.01, 0.01] : ramp(7, 0.001, 0.0013),
    convLayers: [1, 2, 1, 2, 1, 2, 3],
    seconds: 17.3,
    detail: 'made up',
  })),
  samplerSettings: { trials: 7, trainLimit: 613, testLimit: 307, epochs: 1 },
  studies: [
    {
      pruner: 'none',
      trials: 9,
      complete: 9,
      pruned: 0,
      epochsTrained: 27,
      bestValue: 0.9173,
      bestTrial: 4,
      bestParams: { lr: 0.0041, optimizer: 'RMSprop' },
      meanSecondsComplete: 5.5,
      meanSecondsPruned: null,
      seconds: 51.3,
      importances: { lr: 0.6131, optimizer: 0.3869 },
    },
    {
      pruner: 'median',
      trials: 14,
      complete: 8,
      pruned: 6,
      epochsTrained: 31,
      bestValue: 0.9311,
      bestTrial: 11,
      bestParams: { lr: 0.0051, optimizer: 'Adam' },
      meanSecondsComplete: 5.7,
      meanSecondsPruned: 1.91,
      seconds: 52.1,
      importances: { lr: 0.5, optimizer: 0.5 },
    },
  ],
  studySettings: { timeoutSeconds: 47, trainLimit: 1100, testLimit: 550, epochs: 3 },
  storage: {
    file: '/made/up/out/q6/studies.sqlite3',
    studyNames: ['cnn-none', 'cnn-median'],
    dashboardCommand: 'pnpm exec hw7-hpo dashboard --storage sqlite:////made/up/out/q6/studies.sqlite3',
  },
  networkPruning: {
    hyperparameters: 'filters=48,64 hidden=64 Adam lr=0.003',
    epochs: 3,
    fineTuneSteps: 17,
    unpruned: { testAccuracy: 0.9617, parameters: 81_337, flops: 1_000_000 },
    points: (['magnitude', 'filter'] as const).flatMap((method) =>
      [false, true].flatMap((fineTuned) =>
        [0, 0.5, 0.9].map((sparsity) => ({
          method,
          sparsity,
          fineTuned,
          testAccuracy:
            method === 'magnitude' ? 0.9417 - sparsity / 10 : 0.5113 + (fineTuned ? 0.3 : 0) - sparsity / 10,
          parametersFraction: 1 - sparsity,
          flopsFraction: method === 'filter' ? 0.1331 : 1,
        })),
      ),
    ),
    seconds: 33.3,
  },
};

const q7: Q7Metrics = {
  listing: {
    epochLosses: ramp(50, -1.1, -3.7),
    similarToLearn: [
      ['fascinating', 0.6173],
      ['!', 0.4111],
      ['It', 0.2019],
    ],
    similarToDeep: [
      ['to', 0.5171],
      ['is', 0.3131],
      ['I', 0.1011],
    ],
    largestWeight: 23.71,
  },
  fixed: {
    epochLosses: ramp(50, 2.1972, -0.0227),
    similarToLearn: [
      ['learning', 0.7311],
      ['deep', 0.5123],
      ['to', 0.3333],
    ],
    similarToDeep: [
      ['learn', 0.5123],
      ['learning', 0.4117],
      ['love', 0.2117],
    ],
    vocabulary: ['I', 'love', 'to', 'learn', 'deep', 'learning', 'It', 'is', 'fascinating'],
    embeddings: ramp(9, 0, 1).map((i) => ramp(10, i / 10, 0.01)),
    savedFiles: ['q7/word2vec-homework.txt', 'q7/word2vec-homework-model.json'],
  },
  corpus: {
    files: 97,
    epochs: 1,
    dim: 100,
    rawWords: 11_371_337,
    vocabularySize: 34_971,
    wordsPerSecond: 411_111,
    spearman: 0.2371,
    pearson: 0.2417,
    oovPercent: 1.7,
    pairs: 347,
    neighbours: [
      {
        word: 'king',
        nearest: [
          ['queen', 0.7771],
          ['prince', 0.7013],
          ['duke', 0.6911],
        ],
      },
    ],
  },
};

const q8: Q8Metrics = {
  steps: 613,
  batchSize: 31,
  msPerStep: 137.3,
  early: { discriminator: 0.5417, generator: 1.9137 },
  late: { discriminator: 0.6617, generator: 0.8713 },
  inputDimensions: { generatorInputDim: 74, discriminatorImageChannels: 11 },
  classifierTestAccuracy: 0.9903,
  conditionalAccuracy: 0.6137,
  perClassAccuracy: [0.7, 0.8, 0.3117, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
  frechetDistance: 131.7,
  evaluationSamples: 2017,
};

export const MADE_UP_METRICS = { q1, q2, q3, q4, q5, q6, q7, q8 } satisfies Record<QuestionId, unknown>;

/** The figure keys each question's answers show, with the kind of file to draw for them. */
const FIGURES: Record<QuestionId, string[]> = {
  q1: ['best-so-far', 'real-searches', 'darts-search', 'oneshot-loss'],
  q2: ['saving-vs-tau'],
  q3: ['confusion-sentiment', 'confusion-topic', 'roc-sentiment', 'validation-f1'],
  q4: ['comparison', 'samples-style', 'samples-classic', 'style-mixing', 'noise'],
  q5: ['translations', 'losses'],
  q6: [
    'samplers',
    'sampler-points',
    'history-none',
    'importance-none',
    'intermediate-median',
    'history-median',
    'network-pruning',
  ],
  q7: ['losses', 'fixed-loss'],
  q8: ['class-grid', 'losses'],
};

/** The table keys the answers show. */
const TABLES: Record<QuestionId, string[]> = {
  q1: ['tabular', 'real', 'oneshot', 'darts'],
  q2: ['variants', 'candidates'],
  q3: ['configurations', 'per-class'],
  q4: ['comparison', 'w-vs-z', 'training'],
  q5: ['listing', 'training'],
  q6: ['samplers', 'studies', 'best-params', 'network-pruning'],
  q7: ['similar', 'embeddings', 'corpus', 'neighbours'],
  q8: ['training', 'per-digit'],
};

/** A 16x16 gradient as a PNG: small, but something a browser must decode to show. */
function gradientPng(): Buffer {
  const size = 16;
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([(i % size) * 16, Math.floor(i / size) * 16, 128, 255], i * 4);
  return encodePng({ width: size, height: size, rgba: data });
}

const CURVE = linePlotSvg({
  title: 'made up',
  series: [
    {
      name: 'made up',
      points: [
        [1, 2],
        [2, 1],
        [3, 0.5],
      ],
    },
  ],
});

/** Writes the made-up run into `out` (results.json is for the caller to write or render) and returns its results. */
export async function writeMadeUpRun(out: string): Promise<Results> {
  const questions: Results['questions'] = {};
  for (const { id, title } of CATALOGUE) {
    const figures: Figure[] = [];
    for (const [i, key] of FIGURES[id].entries()) {
      const path = `${id}/${key}.${i % 2 === 0 ? 'svg' : 'png'}`;
      await mkdir(dirname(join(out, path)), { recursive: true });
      await writeFileAtomic(join(out, path), i % 2 === 0 ? CURVE : gradientPng());
      figures.push({
        key,
        title: `made-up figure ${key}`,
        path,
        ...(id === 'q4' && key !== 'comparison' && { shipped: 'a made-up command' }),
      });
    }
    const tables: Table[] = TABLES[id].map((key) => ({
      key,
      title: `made-up table ${key}`,
      columns: ['name', 'value'],
      rows: [[key, 0.1234]],
    }));
    const output: QuestionOutput = {
      settings: { madeUp: true },
      metrics: MADE_UP_METRICS[id],
      tables,
      figures,
      notes: [],
    };
    questions[id] = {
      id,
      title,
      status: 'done',
      completed: {
        profile: 'quick',
        seed: 0,
        backend: 'cpu',
        startedAt: '2024-01-01T00:00:00.000Z',
        seconds: 12.5,
        output,
      },
    };
  }
  return {
    updatedAt: '2024-01-01T00:00:00.000Z',
    environment: {
      node: 'v20',
      platform: 'linux-x64',
      cpus: 2,
      loadAverage: 0.5,
      backend: { name: 'cpu', reason: 'made up' },
    },
    questions,
  };
}
