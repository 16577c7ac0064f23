#!/usr/bin/env node
// `hw7-cgan`: train the homework's conditional DCGAN on MNIST, draw class grids from a checkpoint,
// evaluate a trained generator, and train the MNIST classifier that judges it (the one shipped in
// the package is made this way). Every argument and path is checked before TensorFlow.js loads.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CliError,
  defineCommand,
  defineProgram,
  IMAGE_DATASETS,
  option,
  quoteValue,
  runMain,
} from '@hw7/tensor-utils/base';
import { CLASSIFIER_FILES } from './classifier-files.js';
import { newestCheckpointStep } from './run-directory.js';

const MNIST_TRAIN_IMAGES = IMAGE_DATASETS.mnist.trainCount;
const MNIST_LIMIT = `MNIST has ${MNIST_TRAIN_IMAGES.toLocaleString('en-US')} training images`;
/** The features of every generated digit are held in memory for the Fréchet distance. */
const MAX_EVALUATION_SAMPLES = 100_000;

const backend = option.backend();
const batchSize = option.integer({
  min: 1,
  max: MNIST_TRAIN_IMAGES,
  maxReason: MNIST_LIMIT,
  default: 128,
  description: 'images per step',
});
const limit = option.integer({
  min: 1,
  max: MNIST_TRAIN_IMAGES,
  maxReason: MNIST_LIMIT,
  defaultText: 'all 60,000',
  description: 'train on the first N training images only',
});
const seed = (description: string) => option.seed({ description });
const minAccuracy = (description: string) =>
  option.number({ min: 0, max: 1, default: 0.985, description: `${description} (the homework asks for 98.5%)` });
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
    batchSize,
    sampleEvery: option.integer({
      min: 1,
      default: 200,
      description: 'write a sample grid and the loss plot every N steps',
    }),
    checkpointEvery: option.integer({ min: 1, default: 200, description: 'save a checkpoint every N steps' }),
    limit,
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
    'Score the latest checkpoint with the MNIST classifier shipped in @hw7/cgan (or --classifier DIR): ' +
    'conditional accuracy and Frechet distance. Prints JSON.',
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
    classifier: option.inputDirectory({
      defaultText: 'the one shipped in @hw7/cgan',
      description: 'a classifier directory written by hw7-cgan train-classifier',
    }),
    verifyClassifier: option.flag({
      description:
        "measure the classifier's accuracy on the 10,000 MNIST test images first, instead of the recorded one",
    }),
    minAccuracy: minAccuracy("the classifier's test accuracy required to score with it"),
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
    if (options.classifier !== undefined && !existsSync(join(options.classifier, CLASSIFIER_FILES.model))) {
      throw new CliError(
        `holds no ${CLASSIFIER_FILES.model}`,
        `--classifier ${quoteValue(options.classifier)}`,
        'a directory written by hw7-cgan train-classifier',
      );
    }
  },
  run: async ({ options }) => (await import('./cli-commands.js')).evaluateCommand(options),
});

/** An existing --out must be empty, or hold a classifier that --replace replaces. */
function checkClassifierOut(out: string, replace: boolean): void {
  if (!existsSync(out) || readdirSync(out).length === 0) return;
  const subject = `--out ${quoteValue(out)}`;
  const holdsClassifier = existsSync(join(out, CLASSIFIER_FILES.model));
  if (holdsClassifier && !replace) {
    throw new CliError('already holds a classifier', subject, 'add --replace to replace it, or choose a new directory');
  }
  if (!holdsClassifier) {
    throw new CliError(
      `is not empty and holds no ${CLASSIFIER_FILES.model}`,
      subject,
      'a new or empty directory, or one written by hw7-cgan train-classifier (with --replace)',
    );
  }
}

const trainClassifier = defineCommand({
  summary:
    "Train the MNIST classifier that judges generated digits (eval's, and the one shipped in @hw7/cgan: " +
    'pnpm --filter @hw7/cgan make-classifier), measure it on the 10,000 test images, and save it if it reaches ' +
    '--min-accuracy: OUT/model.json, OUT/weights.bin and OUT/classifier.json (accuracy, settings, this ' +
    'command, the SHA-256 of the weights). Prints classifier.json.',
  description:
    'The same seed gives the same weights, bit for bit, on the same backend. Adam with softmax cross-entropy; ' +
    '2 x 469 steps, about 13 minutes of CPU on 2 cores (wasm).',
  options: {
    out: option.outputDirectory({ required: true, description: 'the classifier directory to write' }),
    replace: option.flag({ description: 'replace the classifier --out holds (the new one is complete first)' }),
    seed: seed('seeds initialisation, dropout and batch order'),
    epochs: option.integer({ min: 1, default: 2, description: 'passes over the training images' }),
    batchSize,
    learningRate: option.number({ min: 0, exclusiveMin: true, default: 1e-3, description: "Adam's learning rate" }),
    limit,
    minAccuracy: minAccuracy('the test accuracy required to save it'),
    backend,
  },
  check: ({ options }) => checkClassifierOut(options.out, options.replace),
  run: async ({ options }) => (await import('./cli-commands.js')).trainClassifierCommand(options),
});

runMain(
  defineProgram({
    name: 'hw7-cgan',
    summary: "The homework's conditional DCGAN on MNIST (TensorFlow.js).",
    commands: { train, sample, eval: evaluate, 'train-classifier': trainClassifier },
  }),
);
