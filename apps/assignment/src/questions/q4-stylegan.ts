// Q4: StyleGAN's generator measured against a classic one. Two generators of the same synthesis
// capacity on MNIST: mapping network + styles (AdaIN) + noise, and z fed to the first layer. The
// quick profile evaluates the generators shipped with @hw7/stylegan-blocks (trained by the
// package's demo command, 2,400 steps each) and trains both a few steps to show the training path;
// the full profile trains them in the run. Measured with the cgan package's MNIST classifier:
// Fréchet distance of its features, perceptual path length in its feature space, linear
// separability of its labels from the latents, the style-mixing grid (whose digit follows the coarse
// styles?) and the noise inputs' share of the variation.
import { join } from 'node:path';
import { FEATURES_LAYER, featureStatistics, frechetDistanceFromStatistics, realFeatureStatistics } from '@hw7/cgan';
import {
  adaIN,
  type LinearSeparability,
  linearSeparability,
  loadGenerator,
  type PerceptualPathLength,
  perceptualPathLength,
  runStyleMixingDemo,
  type TrainedGenerator,
} from '@hw7/stylegan-blocks';
import { barChartSvg, tf, writeFileAtomic, writeImageGrid } from '@hw7/tensor-utils';
import { q4Answers } from '../answers/q4.js';
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
import { SHIPPED_GENERATOR_COMMAND, scoringClassifier, shippedGenerator } from './shipped-weights.js';

interface Q4Settings {
  /** Steps each generator trains in this run. */
  trainSteps: number;
  /** Evaluate the weights shipped with the package (quick) or the ones this run trained (full). */
  useShipped: boolean;
  fidSamples: number;
  pplSamples: number;
  separabilitySamples: number;
}

// Full: the package README's 2,400-step run for each generator (about 30 minutes each on 2 cores).
const SETTINGS: Record<Profile, Q4Settings> = {
  quick: { trainSteps: 10, useShipped: true, fidSamples: 1000, pplSamples: 300, separabilitySamples: 1000 },
  smoke: { trainSteps: 2, useShipped: false, fidSamples: 40, pplSamples: 10, separabilitySamples: 40 },
  full: { trainSteps: 2400, useShipped: false, fidSamples: 10_000, pplSamples: 5000, separabilitySamples: 10_000 },
};

const KINDS = ['style', 'classic'] as const;
type Kind = (typeof KINDS)[number];

export interface GeneratorScores {
  kind: Kind;
  /** Training steps behind the evaluated weights, and whether they were shipped with the package. */
  steps: number;
  shipped: boolean;
  parameters: number;
  frechetDistance: number;
  /** Share of generated digits per class (as the classifier labels them): coverage of the ten digits. */
  classShares: number[];
  ppl: PerceptualPathLength;
  /** Style-based only: the path length when interpolating in Z (slerp, then the mapping). */
  pplInZ?: PerceptualPathLength;
  separability: LinearSeparability;
  /** Style-based only: separability of the same labels from z, the mapping network's input. */
  separabilityFromZ?: LinearSeparability;
}

export interface Q4Metrics {
  generators: GeneratorScores[];
  /** Training in this run: steps, seconds per step and last losses of each generator. */
  training: Array<{ kind: Kind; steps: number; secondsPerStep: number; dLoss: number; gLoss: number }>;
  mapping: { layers: number; zDim: number; wDim: number };
  /**
   * Style mixing, over the cells whose sources show different digits: the share of mixed digits the
   * classifier labels as the coarse source's digit, and as the fine source's.
   */
  mixing: { crossover: number; cells: number; followsCoarse: number; followsFine: number };
  /** Noise inputs (B): mean per-pixel standard deviation over noise draws for a fixed w, and over w for fixed noise. */
  noise: { draws: number; stdOverNoise: number; stdOverLatents: number };
  /** AdaIN on a feature map with styles A(w): the largest gap between output channel mean/std and yB/|yS|. */
  adain: { channels: number; meanGap: number; stdGap: number };
  classifierTestAccuracy: number;
}

/** 32x32 generator images (padded MNIST) -> the 28x28 the classifier reads. */
const crop = (images: tf.Tensor4D) => tf.slice(images, [0, 2, 2, 0], [-1, 28, 28, -1]) as tf.Tensor4D;

async function evaluateGenerator(
  generator: TrainedGenerator,
  kind: Kind,
  classifier: tf.LayersModel,
  realStatistics: Awaited<ReturnType<typeof realFeatureStatistics>>,
  settings: Q4Settings,
  seed: number,
): Promise<Omit<GeneratorScores, 'steps' | 'shipped'>> {
  const featureModel = tf.model({ inputs: classifier.inputs, outputs: classifier.getLayer(FEATURES_LAYER).output });
  const features = (images: tf.Tensor4D) =>
    tf.tidy(() => featureModel.predict(tf.clipByValue(crop(images), -1, 1)) as tf.Tensor2D);
  const z = tf.randomNormal([settings.fidSamples, generator.config.zDim], 0, 1, 'float32', seed + 11) as tf.Tensor2D;
  const latents = generator.latent(z);
  const featureRows: Float32Array[] = [];
  const labels: number[] = [];
  for (let start = 0; start < settings.fidSamples; start += 250) {
    const size = Math.min(250, settings.fidSamples - start);
    const [f, l] = tf.tidy(() => {
      const images = generator.synthesize(tf.slice(latents, [start, 0], [size, -1]) as tf.Tensor2D, {
        noiseSeed: seed + start,
      });
      const cropped = tf.clipByValue(crop(images), -1, 1);
      return [featureModel.predict(cropped) as tf.Tensor, tf.argMax(classifier.predict(cropped) as tf.Tensor, 1)];
    });
    const values = f.dataSync() as Float32Array;
    const cols = f.shape[1] as number;
    for (let i = 0; i < size; i++) featureRows.push(values.slice(i * cols, (i + 1) * cols));
    labels.push(...l.dataSync());
    tf.dispose([f, l]);
  }
  const frechetDistance = frechetDistanceFromStatistics(featureStatistics(featureRows), realStatistics);
  const classShares = Array.from(
    { length: 10 },
    (_, c) => labels.filter((label) => label === c).length / labels.length,
  );
  const count = Math.min(settings.separabilitySamples, settings.fidSamples);
  const take = (t: tf.Tensor2D) => tf.slice(t, [0, 0], [count, -1]) as tf.Tensor2D;
  const [latentRows, zRows] = [take(latents), take(z)];
  const separability = linearSeparability(latentRows, labels.slice(0, count), { classes: 10, seed });
  const ppl = perceptualPathLength(generator, features, { samples: settings.pplSamples, seed });
  const styleOnly =
    kind === 'style'
      ? {
          separabilityFromZ: linearSeparability(zRows, labels.slice(0, count), { classes: 10, seed }),
          pplInZ: perceptualPathLength(generator, features, { samples: settings.pplSamples, seed, space: 'z' }),
        }
      : {};
  tf.dispose([z, latents, latentRows, zRows]);
  return { kind, parameters: generator.parameterCount, frechetDistance, classShares, ppl, separability, ...styleOnly };
}

/** The style-mixing grid (drawn from the evaluated style generator) and how often its digit follows each source. */
async function styleMixing(generator: TrainedGenerator, classifier: tf.LayersModel, path: string, seed: number) {
  const rows = 6;
  const columns = 6;
  const crossover = 4;
  const { grid, labelsA, labelsB, labelsMixed } = tf.tidy(() => {
    const wA = generator.latent(
      tf.randomNormal([rows, generator.config.zDim], 0, 1, 'float32', seed + 101) as tf.Tensor2D,
    );
    const wB = generator.latent(
      tf.randomNormal([columns, generator.config.zDim], 0, 1, 'float32', seed + 202) as tf.Tensor2D,
    );
    const options = { noiseSeed: seed + 404, psi: 0.7 };
    const imagesA = generator.synthesize(wA, options);
    const imagesB = generator.synthesize(wB, options);
    const wACells = tf.reshape(tf.tile(tf.expandDims(wA, 1), [1, columns, 1]), [rows * columns, -1]) as tf.Tensor2D;
    const wBCells = tf.tile(wB, [rows, 1]) as tf.Tensor2D;
    const mixed = generator.mix(wACells, wBCells, crossover, options);
    const label = (images: tf.Tensor4D) =>
      tf.argMax(classifier.predict(tf.clipByValue(crop(images), -1, 1)) as tf.Tensor, 1);
    const tiles: tf.Tensor[] = [tf.fill([1, 32, 32, 1], -1), imagesB];
    for (let i = 0; i < rows; i++) {
      tiles.push(
        tf.slice(imagesA, [i, 0, 0, 0], [1, -1, -1, -1]),
        tf.slice(mixed, [i * columns, 0, 0, 0], [columns, -1, -1, -1]),
      );
    }
    return {
      grid: tf.clipByValue(tf.concat(tiles, 0), -1, 1) as tf.Tensor4D,
      labelsA: label(imagesA),
      labelsB: label(imagesB),
      labelsMixed: label(mixed),
    };
  });
  await writeImageGrid(path, grid, { columns: columns + 1, range: [-1, 1], padding: 2 });
  const [a, b, m] = [labelsA.dataSync(), labelsB.dataSync(), labelsMixed.dataSync()];
  tf.dispose([grid, labelsA, labelsB, labelsMixed]);
  // Only cells whose two sources show different digits say which source the mixed digit follows.
  let cells = 0;
  let followsCoarse = 0;
  let followsFine = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      if (a[i] === b[j]) continue;
      cells++;
      if (m[i * columns + j] === a[i]) followsCoarse++;
      if (m[i * columns + j] === b[j]) followsFine++;
    }
  }
  return {
    crossover,
    cells,
    followsCoarse: cells === 0 ? Number.NaN : followsCoarse / cells,
    followsFine: cells === 0 ? Number.NaN : followsFine / cells,
  };
}

/** Same w with different noise draws (the role of B), as a grid, and the variation each source causes. */
async function noiseVariation(generator: TrainedGenerator, path: string, seed: number) {
  const draws = 8;
  const latentsShown = 4;
  const { grid, stdOverNoise, stdOverLatents } = tf.tidy(() => {
    const w = generator.latent(
      tf.randomNormal([latentsShown, generator.config.zDim], 0, 1, 'float32', seed + 7) as tf.Tensor2D,
    );
    const perNoise = Array.from({ length: draws }, (_, k) =>
      generator.synthesize(w, { noiseSeed: seed + 1000 + 17 * k }),
    );
    const stacked = tf.stack(perNoise, 1) as tf.Tensor5D; // [latents, draws, 32, 32, 1]
    const std = (t: tf.Tensor, axis: number) => tf.sqrt(tf.moments(t, axis).variance);
    const overNoise = tf.mean(std(stacked, 1)).dataSync()[0] as number;
    const overLatents = tf.mean(std(stacked, 0)).dataSync()[0] as number;
    return {
      grid: tf.clipByValue(tf.reshape(stacked, [latentsShown * draws, 32, 32, 1]), -1, 1) as tf.Tensor4D,
      stdOverNoise: overNoise,
      stdOverLatents: overLatents,
    };
  });
  await writeImageGrid(path, grid, { columns: draws, range: [-1, 1], padding: 2 });
  grid.dispose();
  return { draws, stdOverNoise, stdOverLatents };
}

/** AdaIN's formula checked on a feature map: the output's channel statistics are the style's. */
function adainCheck(seed: number) {
  return tf.tidy(() => {
    const channels = 16;
    const x = tf.add(tf.mul(tf.randomNormal([2, 8, 8, channels], 0, 1, 'float32', seed + 1), 3), 1) as tf.Tensor4D;
    const yS = tf.randomNormal([2, channels], 1, 0.5, 'float32', seed + 2) as tf.Tensor2D;
    const yB = tf.randomNormal([2, channels], 0, 1, 'float32', seed + 3) as tf.Tensor2D;
    const { mean, variance } = tf.moments(adaIN(x, yS, yB), [1, 2]);
    return {
      channels,
      meanGap: tf.max(tf.abs(tf.sub(mean, yB))).dataSync()[0] as number,
      stdGap: tf.max(tf.abs(tf.sub(tf.sqrt(variance), tf.abs(yS)))).dataSync()[0] as number,
    };
  });
}

/** Trains both generators in this run; the full profile then evaluates what it trained, quick the shipped weights. */
async function trainGenerators(context: QuestionContext, settings: Q4Settings) {
  const training: Q4Metrics['training'] = [];
  const directories: Record<Kind, string> = { style: shippedGenerator('style'), classic: shippedGenerator('classic') };
  for (const kind of KINDS) {
    context.log(`training the ${kind} generator for ${settings.trainSteps} steps`);
    const result = await runStyleMixingDemo({
      generator: kind,
      steps: settings.trainSteps,
      seed: context.seed,
      out: join(context.directory, `trained-${kind}`),
      saveGenerator: !settings.useShipped,
      snapshotEvery: 0,
    });
    training.push({
      kind,
      steps: result.steps,
      secondsPerStep: result.secondsPerStep,
      dLoss: result.dLoss,
      gLoss: result.gLoss,
    });
    if (!settings.useShipped) directories[kind] = result.generatorDirectory as string;
  }
  return { training, directories };
}

/** A grid of 32 samples of one generator. */
async function samplesFigure(
  context: QuestionContext,
  generator: TrainedGenerator,
  kind: Kind,
  steps: number,
  shippedNote: string | undefined,
): Promise<Figure> {
  const samplesPath = join(context.directory, `samples-${kind}.png`);
  const samples = tf.tidy(() => {
    const z = tf.randomNormal([32, generator.config.zDim], 0, 1, 'float32', context.seed + 303) as tf.Tensor2D;
    return tf.clipByValue(
      generator.synthesize(generator.latent(z), { noiseSeed: context.seed + 505 }),
      -1,
      1,
    ) as tf.Tensor4D;
  });
  await writeImageGrid(samplesPath, samples, { columns: 8, range: [-1, 1], padding: 2 });
  samples.dispose();
  return figure(
    context,
    samplesPath,
    `samples-${kind}`,
    `Samples of the ${kind === 'style' ? 'style-based' : 'classic'} generator (${steps} steps)`,
    shippedNote,
  );
}

/** What only the style-based generator has: its mapping network, style mixing and noise inputs. */
async function styleParts(
  context: QuestionContext,
  generator: TrainedGenerator,
  classifier: tf.LayersModel,
  shippedNote: string | undefined,
) {
  const mapping: Q4Metrics['mapping'] = {
    layers: generator.config.mappingLayers,
    zDim: generator.config.zDim,
    wDim: generator.config.wDim,
  };
  const mixingPath = join(context.directory, 'style-mixing.png');
  const mixing = await styleMixing(generator, classifier, mixingPath, context.seed);
  const mixingFigure = figure(
    context,
    mixingPath,
    'style-mixing',
    'Style mixing: each row takes its coarse styles (4x4, 8x8) from the image on the left, each column its fine styles from the image on top',
    shippedNote,
  );
  const noisePath = join(context.directory, 'noise.png');
  const noise = await noiseVariation(generator, noisePath, context.seed);
  const noiseFigure = figure(
    context,
    noisePath,
    'noise',
    'The noise inputs (B): each row is one w with eight different noise draws',
    shippedNote,
  );
  return { mapping, mixing, noise, figures: [mixingFigure, noiseFigure] };
}

/** Scores each generator with the classifier and draws its samples (and the style generator's parts). */
async function evaluateGenerators(
  context: QuestionContext,
  settings: Q4Settings,
  directories: Record<Kind, string>,
  classifier: tf.LayersModel,
) {
  const realStatistics = await realFeatureStatistics(classifier);
  const generators: GeneratorScores[] = [];
  const figures: Figure[] = [];
  let style: Awaited<ReturnType<typeof styleParts>> | undefined;
  for (const kind of KINDS) {
    const generator = await loadGenerator(directories[kind]);
    try {
      context.log(`evaluating the ${kind} generator (${settings.useShipped ? 'shipped weights' : 'this run'})`);
      const scores = await evaluateGenerator(generator, kind, classifier, realStatistics, settings, context.seed);
      const steps = Number(generator.info.steps ?? settings.trainSteps);
      generators.push({ ...scores, steps, shipped: settings.useShipped });
      const shippedNote = settings.useShipped ? SHIPPED_GENERATOR_COMMAND[kind] : undefined;
      figures.push(await samplesFigure(context, generator, kind, steps, shippedNote));
      if (kind === 'style') {
        style = await styleParts(context, generator, classifier, shippedNote);
        figures.push(...style.figures);
      }
    } finally {
      generator.dispose();
    }
  }
  return {
    generators,
    figures,
    mapping: style?.mapping ?? { layers: 0, zDim: 0, wDim: 0 },
    mixing: style?.mixing as Q4Metrics['mixing'],
    noise: style?.noise as Q4Metrics['noise'],
  };
}

/** Fréchet distance and path length of the two generators, side by side. */
async function comparisonFigure(context: QuestionContext, generators: GeneratorScores[]): Promise<Figure> {
  const barsPath = join(context.directory, 'comparison.svg');
  await writeFileAtomic(
    barsPath,
    barChartSvg({
      title: 'Style-based vs classic generator (lower is better for both)',
      categories: ['Fréchet distance', 'perceptual path length / 100'],
      series: generators.map((g) => ({
        name: g.kind === 'style' ? 'mapping + styles' : 'z into the first layer',
        values: [g.frechetDistance, g.ppl.mean / 100],
      })),
      yLabel: 'value',
    }),
  );
  return figure(context, barsPath, 'comparison', 'Fréchet distance and perceptual path length of the two generators');
}

function q4Tables(settings: Q4Settings, metrics: Q4Metrics): Table[] {
  const [style, classic] = metrics.generators as [GeneratorScores, GeneratorScores];
  return [
    {
      key: 'comparison',
      title: `Two generators of the same synthesis capacity (${settings.useShipped ? 'shipped weights' : 'trained in this run'})`,
      columns: [
        'generator',
        'steps',
        'parameters',
        'Fréchet distance',
        'path length (mean)',
        'path length (median)',
        'linear separability (accuracy)',
        'cross-entropy',
        'rarest digit share',
      ],
      rows: [style, classic].map((g) => [
        g.kind === 'style' ? 'mapping network + styles (W)' : 'z into the first layer (Z)',
        g.steps,
        g.parameters,
        fixed(g.frechetDistance, 2),
        fixed(g.ppl.mean, 1),
        fixed(g.ppl.median, 1),
        fixed(g.separability.accuracy, 3),
        fixed(g.separability.crossEntropy, 3),
        fixed(Math.min(...g.classShares), 3),
      ]),
    },
    {
      key: 'w-vs-z',
      title: 'The style-based generator measured in W (after the mapping) and in Z (its input)',
      columns: ['space', 'path length (mean)', 'linear separability (accuracy)', 'cross-entropy'],
      rows: [
        [
          'W',
          fixed(style.ppl.mean, 1),
          fixed(style.separability.accuracy, 3),
          fixed(style.separability.crossEntropy, 3),
        ],
        [
          'Z',
          fixed(style.pplInZ?.mean, 1),
          fixed(style.separabilityFromZ?.accuracy, 3),
          fixed(style.separabilityFromZ?.crossEntropy, 3),
        ],
      ],
    },
    {
      key: 'training',
      title: 'Training in this run',
      columns: ['generator', 'steps', 'seconds per step', 'D loss (last)', 'G loss (last)'],
      rows: metrics.training.map((t) => [t.kind, t.steps, fixed(t.secondsPerStep, 3), fixed(t.dLoss), fixed(t.gLoss)]),
    },
  ];
}

async function run(context: QuestionContext): Promise<QuestionOutput<Q4Metrics>> {
  const settings = SETTINGS[context.profile];
  const { training, directories } = await trainGenerators(context, settings);
  context.log('scoring with the MNIST classifier shipped with @hw7/cgan');
  const classifier = await scoringClassifier(context.profile, context.directory);
  try {
    const evaluated = await evaluateGenerators(context, settings, directories, classifier.model);
    const { generators, figures } = evaluated;
    figures.push(await comparisonFigure(context, generators));
    const metrics: Q4Metrics = {
      generators,
      training,
      mapping: evaluated.mapping,
      mixing: evaluated.mixing,
      noise: evaluated.noise,
      adain: adainCheck(context.seed),
      classifierTestAccuracy: classifier.testAccuracy,
    };
    return {
      settings: {
        ...settings,
        generators: settings.useShipped ? 'shipped with @hw7/stylegan-blocks' : 'trained in this run',
        shippedCommands: settings.useShipped ? SHIPPED_GENERATOR_COMMAND : undefined,
        otherwise:
          'the package demo’s defaults (batch 32, 4 mapping layers, channels 64-64-32-16, R1 5, psi 0.7 for pictures)',
      },
      metrics,
      tables: q4Tables(settings, metrics),
      figures,
      notes: settings.useShipped
        ? [
            `The generators evaluated here are shipped with @hw7/stylegan-blocks (made in packages/stylegan-blocks by: ${SHIPPED_GENERATOR_COMMAND.style}; ${SHIPPED_GENERATOR_COMMAND.classic}); this run trained each for ${settings.trainSteps} steps only to show the training path.`,
          ]
        : [],
    };
  } finally {
    classifier.model.dispose();
  }
}

export const q4Stylegan: Question<Q4Metrics> = {
  ...catalogueEntry('q4'),
  ...q4Answers,
  estimateFull: ({ seconds, metrics: m }) => {
    const quick = SETTINGS.quick;
    const full = SETTINGS.full;
    const training = m.training.reduce((sum, t) => sum + t.steps * t.secondsPerStep, 0);
    const fullTraining = m.training.reduce((sum, t) => sum + full.trainSteps * t.secondsPerStep, 0);
    const evaluation = (seconds - training) * (full.fidSamples / quick.fidSamples);
    return {
      seconds: fullTraining + evaluation,
      basis: `${m.training.map((t) => `${r1(t.secondsPerStep * 1000)} ms`).join(' and ')} per step × ${full.trainSteps} steps for the two generators + the rest ${r1(seconds - training)} s × ${full.fidSamples / quick.fidSamples} (samples scored)`,
    };
  },
  run,
};
