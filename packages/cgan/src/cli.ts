#!/usr/bin/env node
// `hw7-cgan`: train the homework's conditional DCGAN on MNIST, draw class grids from a checkpoint,
// and evaluate a trained generator.
import { join } from 'node:path';
import {
  BACKEND_NAMES,
  backendOption,
  initBackend,
  integerOption,
  numberOption,
  parseCommandLine,
} from '@hw7/tensor-utils';
import { loadOrTrainClassifier } from './evaluation/classifier.js';
import { evaluateCgan } from './evaluation/evaluate.js';
import { checkpointDirectory, loadGenerator, writeClassGrid } from './samples.js';
import { type TrainCganOptions, trainCgan } from './train.js';
import type { GeneratorNoise } from './train-step.js';

const HELP = `Usage: hw7-cgan <command> [options]

The homework's conditional DCGAN on MNIST (TensorFlow.js).

Commands:
  train     Train on the 60,000 MNIST training images: Adam 2e-4 (betas 0.5, 0.999), batch 128,
            BCE on logits. Writes OUT/checkpoints/ (every --checkpoint-every steps and at the end),
            OUT/samples/step-XXXXXX.png and OUT/samples/latest.png (10 x 10: one row per digit,
            one column per fixed noise vector), OUT/losses.svg, OUT/metrics.jsonl, OUT/summary.json.
            Prints the summary as JSON.
  sample    Draw a 10 x 10 class grid from the latest checkpoint of a training run.
  eval      Score the latest checkpoint with an MNIST classifier (trained once and cached):
            conditional accuracy and Frechet distance. Prints JSON.

Options of train:
  --epochs N            passes over the training images (default 1); with --resume, train until
                        N epochs are done in total
  --out DIR             output directory (default out/cgan)
  --resume              continue the run in --out from its latest checkpoint, exactly as if it had
                        never stopped; without it an --out holding a checkpoint is an error
  --seed N              seeds initialisation, noise, batch order and sample noise (default 0)
  --batch-size N        images per step (default 128)
  --sample-every N      write a sample grid and the loss plot every N steps (default 200)
  --checkpoint-every N  save a checkpoint every N steps (default 200)
  --limit N             train on the first N training images only (default all 60,000)
  --unconditional       the unconditional DCGAN (no class inputs) instead of the conditional one
  Opt-in fixes (off by default, which is the homework's recipe):
  --label-smoothing A   one-sided label smoothing: D's target for real images is 1 - A (e.g. 0.1)
  --instance-noise S    add N(0, s^2) noise to every image D sees, s decaying linearly from S to 0
                        (e.g. 0.1)
  --generator-noise M   fresh (default: new noise for the generator step, as torch_steps.py) or
                        reuse (the discriminator step's noise, as the course notebook)

Options of sample:
  --checkpoint DIR      a training run's output directory, or its checkpoints/ (default out/cgan)
  --out DIR             where to write sample-step-XXXXXX-seed-N.png (default: the run directory)
  --seed N              seeds the grid's noise (default 0, the noise of the training grids)

Options of eval:
  --checkpoint DIR      a training run's output directory, or its checkpoints/ (default out/cgan)
  --samples N           generated digits, a multiple of 10 (default 10000)
  --seed N              seeds the generated digits' noise (default 0)

Common options:
  --backend NAME        auto | ${BACKEND_NAMES.join(' | ')} (default auto, or $HW7_BACKEND)
  -h, --help            show this help
`;

const OPTIONS = {
  epochs: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  seed: { type: 'string' },
  'batch-size': { type: 'string' },
  'sample-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  limit: { type: 'string' },
  unconditional: { type: 'boolean' },
  'label-smoothing': { type: 'string' },
  'instance-noise': { type: 'string' },
  'generator-noise': { type: 'string' },
  checkpoint: { type: 'string' },
  samples: { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS = {
  train: {
    options: [
      'epochs',
      'out',
      'resume',
      'seed',
      'batch-size',
      'sample-every',
      'checkpoint-every',
      'limit',
      'unconditional',
      'label-smoothing',
      'instance-noise',
      'generator-noise',
    ],
  },
  sample: { options: ['checkpoint', 'out', 'seed'] },
  eval: { options: ['checkpoint', 'samples', 'seed'] },
} as const;

async function main(argv: string[]): Promise<number> {
  const { command, values } = parseCommandLine(argv, {
    program: 'hw7-cgan',
    options: OPTIONS,
    commands: COMMANDS,
    commonOptions: ['backend'],
  });
  if (command === undefined) {
    process.stdout.write(HELP);
    return 0;
  }
  const seed = integerOption(values.seed, 'seed', 0) ?? 0;
  const backend = backendOption(values.backend);

  if (command === 'train') {
    const generatorNoise = values['generator-noise'];
    if (generatorNoise !== undefined && generatorNoise !== 'fresh' && generatorNoise !== 'reuse') {
      throw new Error(`--generator-noise must be fresh or reuse; got "${generatorNoise}"`);
    }
    const options: TrainCganOptions = {
      epochs: integerOption(values.epochs, 'epochs', 1),
      out: values.out,
      resume: values.resume ?? false,
      seed,
      batchSize: integerOption(values['batch-size'], 'batch-size', 1),
      sampleEvery: integerOption(values['sample-every'], 'sample-every', 1),
      checkpointEvery: integerOption(values['checkpoint-every'], 'checkpoint-every', 1),
      limit: integerOption(values.limit, 'limit', 1),
      nClasses: values.unconditional ? 0 : 10,
      labelSmoothing: numberOption(values['label-smoothing'], 'label-smoothing'),
      instanceNoise: numberOption(values['instance-noise'], 'instance-noise'),
      generatorNoise: generatorNoise as GeneratorNoise | undefined,
    };
    await initBackend({ backend });
    const result = await trainCgan(options);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }

  const run = values.checkpoint ?? 'out/cgan';
  if (command === 'sample') {
    await initBackend({ backend });
    const { generator, architecture, step } = await loadGenerator(run);
    try {
      const directory = values.out ?? (checkpointDirectory(run) === run ? join(run, '..') : run);
      const path = join(directory, `sample-step-${String(step).padStart(6, '0')}-seed-${seed}.png`);
      await writeClassGrid(path, generator, { zDim: architecture.zDim, nClasses: architecture.nClasses, seed });
      process.stdout.write(`${path}\n`);
    } finally {
      generator.dispose();
    }
    return 0;
  }

  // eval
  const samples = integerOption(values.samples, 'samples', 1);
  await initBackend({ backend });
  const { generator, architecture, step } = await loadGenerator(run);
  try {
    if (architecture.nClasses === 0) throw new Error(`eval needs a conditional generator; ${run} is unconditional`);
    const classifier = await loadOrTrainClassifier();
    try {
      const evaluation = await evaluateCgan({
        generator,
        classifier: classifier.model,
        zDim: architecture.zDim,
        nClasses: architecture.nClasses,
        samples,
        seed,
      });
      process.stdout.write(`${JSON.stringify({ step, ...evaluation }, null, 2)}\n`);
    } finally {
      classifier.model.dispose();
    }
  } finally {
    generator.dispose();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hw7-cgan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
