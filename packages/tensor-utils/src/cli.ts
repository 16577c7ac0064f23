#!/usr/bin/env node
// `hw7-tensor-utils`: the core's command line (backend report and the MNIST demo). TensorFlow.js
// loads only once a command runs, so `--help` and command-line errors answer at once.
import { option } from './cli-option.js';
import { defineCommand, defineProgram, runMain } from './cli-program.js';
import { IMAGE_DATASETS } from './data/image-dataset-info.js';

const backend = option.backend();

const program = defineProgram({
  name: 'hw7-tensor-utils',
  summary: 'The hw7 core: pick the TensorFlow.js backend, or train a small demo CNN on MNIST.',
  commands: {
    backend: defineCommand({
      summary: 'Pick the fastest working TensorFlow.js backend and say why (JSON).',
      options: { backend },
      run: async ({ options }) => {
        const { initBackend } = await import('./backend.js');
        process.stdout.write(
          `${JSON.stringify(await initBackend({ backend: options.backend, quiet: true }), null, 2)}\n`,
        );
      },
    }),
    demo: defineCommand({
      summary:
        'Train a small CNN on MNIST with every core utility: progress, metrics, checkpoints (re-running ' +
        'resumes), a PNG of digits and an SVG training plot. Prints a JSON summary.',
      options: {
        steps: option.integer({ min: 1, default: 400, smoke: 20, description: 'training steps' }),
        batch: option.integer({ min: 1, max: 4096, default: 64, description: 'batch size' }),
        seed: option.seed(),
        trainLimit: option.integer({
          min: 1,
          max: IMAGE_DATASETS.mnist.trainCount,
          maxReason: `MNIST has ${IMAGE_DATASETS.mnist.trainCount.toLocaleString('en-US')} training images`,
          default: 20_000,
          smoke: 2_000,
          description: 'training images to load',
        }),
        out: option.outputDirectory({ default: 'out/tensor-utils-demo', description: 'output directory' }),
        backend,
      },
      cancellable: true,
      run: async ({ options, signal }) => {
        const { runMnistDemo } = await import('./demo/mnist-demo.js');
        const summary = await runMnistDemo({
          backend: options.backend,
          steps: options.steps,
          batchSize: options.batch,
          seed: options.seed,
          trainLimit: options.trainLimit,
          out: options.out,
          signal,
        });
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      },
    }),
  },
});

runMain(program);
