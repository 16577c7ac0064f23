#!/usr/bin/env node
// `hw7-cgan`: train the homework's conditional DCGAN on MNIST, draw class grids from a checkpoint,
// and evaluate a trained generator. Every argument and path is checked before TensorFlow.js loads.
import {
  CliError,
  defineCommand,
  defineProgram,
  IMAGE_DATASETS,
  option,
  quoteValue,
  runMain,
} from '@hw7/tensor-utils/base';
import { newestCheckpointStep } from './run-directory.js';

const MNIST_TRAIN_IMAGES = IMAGE_DATASETS.mnist.trainCount;
const MNIST_LIMIT = `MNIST has ${MNIST_TRAIN_IMAGES.toLocaleString('en-US')} training images`;
/** The features of every generated digit are held in memory for the Fréchet distance. */
const MAX_EVALUATION_SAMPLES = 100_000;

const backend = option.backend();
const seed = (description: string) => option.seed({ description });
const run = option.inputDirectory({
  flag: 'checkpoint',
  default: 'out/cgan',
  description: "a training run's output directory, or its checkpoints/",
});

/** The checks of `--out` that need to know what a training run leaves there. */
function checkRunDirectory(out: string, resume: boolean): void {
  const step = newestCheckpointStep(out);
  if (step !== null && !resume) {
    throw new CliError(
      `already holds a training run (checkpoint at step ${step})`,
      `--out ${quoteValue(out)}`,
      'add --resume to continue it, or choose a new directory',
    );
  }
  if (step === null && resume) {
    throw new CliError(
      'holds no checkpoint to resume',
      `--out ${quoteValue(out)}`,
      'the --out of an earlier hw7-cgan train, or no --resume',
    );
  }
}

function checkHoldsCheckpoint(dir: string): void {
  if (newestCheckpointStep(dir) === null) {
    throw new CliError(
      'holds no checkpoint',
      `--checkpoint ${quoteValue(dir)}`,
      'the --out directory of hw7-cgan train, or its checkpoints/',
    );
  }
}

const train = defineCommand({
  summary:
    'Train on the 60,000 MNIST training images: Adam 2e-4 (betas 0.5, 0.999), batch 128, BCE on logits. Writes ' +
    'OUT/checkpoints/ (every --checkpoint-every steps and at the end), OUT/samples/step-XXXXXX.png and ' +
    'OUT/samples/latest.png (10 x 10: one row per digit, one column per fixed noise vector), OUT/losses.svg, ' +
    'OUT/metrics.jsonl and OUT/summary.json. Prints the summary as JSON.',
  description:
    'Opt-in fixes (off by default, which is the homework recipe): --label-smoothing, --instance-noise, ' +
    '--generator-noise reuse. Ctrl-C stops after the current step and saves a checkpoint; --resume continues.',
  options: {
    epochs: option.integer({
      min: 1,
      default: 1,
      description: 'passes over the training images; with --resume, train until N epochs are done in total',
    }),
    out: option.outputDirectory({ default: 'out/cgan', description: 'output directory' }),
    resume: option.flag({
      description:
        'continue the run in --out from its latest checkpoint, exactly as if it had never stopped; without it an ' +
        '--out holding a checkpoint is an error',
    }),
    seed: seed('seeds initialisation, noise, batch order and sample noise'),
    batchSize: option.integer({
      min: 1,
      max: MNIST_TRAIN_IMAGES,
      maxReason: MNIST_LIMIT,
      default: 128,
      description: 'images per step',
    }),
    sampleEvery: option.integer({
      min: 1,
      default: 200,
      description: 'write a sample grid and the loss plot every N steps',
    }),
    checkpointEvery: option.integer({ min: 1, default: 200, description: 'save a checkpoint every N steps' }),
    limit: option.integer({
      min: 1,
      max: MNIST_TRAIN_IMAGES,
      maxReason: MNIST_LIMIT,
      defaultText: 'all 60,000',
      description: 'train on the first N training images only',
    }),
    unconditional: option.flag({
      description: 'the unconditional DCGAN (no class inputs) instead of the conditional one',
    }),
    labelSmoothing: option.number({
      min: 0,
      max: 0.5,
      exclusiveMax: true,
      defaultText: '0: off',
      description: "one-sided label smoothing: D's target for real images is 1 - A (e.g. 0.1)",
      valueName: 'A',
    }),
    instanceNoise: option.number({
      min: 0,
      defaultText: '0: off',
      description: 'add N(0, s^2) noise to every image D sees, s decaying linearly from S to 0 (e.g. 0.1)',
      valueName: 'S',
    }),
    generatorNoise: option.choice(['fresh', 'reuse'] as const, {
      default: 'fresh',
      description:
        "fresh: new noise for the generator step, as torch_steps.py; reuse: the discriminator step's noise, as the course notebook",
    }),
    backend,
  },
  check: ({ options }) => checkRunDirectory(options.out, options.resume),
  cancellable: true,
  run: async ({ options, signal }) => (await import('./cli-commands.js')).trainCommand(options, signal),
});

const sample = defineCommand({
  summary: 'Draw a 10 x 10 class grid from the latest checkpoint of a training run.',
  options: {
    checkpoint: run,
    out: option.outputDirectory({
      mayOverlapInputs: true,
      defaultText: 'the run directory',
      description: 'where to write sample-step-XXXXXX-seed-N.png',
    }),
    seed: seed("seeds the grid's noise (0 is the noise of the training grids)"),
    backend,
  },
  check: ({ options }) => checkHoldsCheckpoint(options.checkpoint),
  run: async ({ options }) => (await import('./cli-commands.js')).sampleCommand(options),
});

const evaluate = defineCommand({
  summary:
    'Score the latest checkpoint with an MNIST classifier (trained once and cached): conditional accuracy and ' +
    'Frechet distance. Prints JSON.',
  options: {
    checkpoint: run,
    samples: option.integer({
      min: 20,
      max: MAX_EVALUATION_SAMPLES,
      maxReason: 'the features of every digit are held in memory',
      default: 10_000,
      description: 'generated digits, a multiple of 10',
    }),
    seed: seed("seeds the generated digits' noise"),
    backend,
  },
  check: ({ options }) => {
    checkHoldsCheckpoint(options.checkpoint);
    if (options.samples % 10 !== 0) {
      throw new CliError(
        'not a multiple of 10',
        `--samples ${options.samples}`,
        'as many digits of each class: a multiple of 10',
      );
    }
  },
  run: async ({ options }) => (await import('./cli-commands.js')).evaluateCommand(options),
});

runMain(
  defineProgram({
    name: 'hw7-cgan',
    summary: "The homework's conditional DCGAN on MNIST (TensorFlow.js).",
    commands: { train, sample, eval: evaluate },
  }),
);
