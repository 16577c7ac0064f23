// `pnpm demo` (node dist/demo-cli.js): trains the small StyleGAN-style generator on MNIST and writes
// the style-mixing figure. Arguments are checked before TensorFlow.js loads.
import { defineCommand, defineProgram, option, runMain } from '@hw7/tensor-utils/base';

const demo = defineCommand({
  summary:
    'Trains a small StyleGAN-style generator on MNIST (32x32) and writes OUT/style-mixing.png (rows: coarse ' +
    'styles, 4x4-8x8, from source A; columns: the other styles from source B) and OUT/samples.png. Prints a ' +
    'JSON summary.',
  options: {
    steps: option.integer({
      min: 1,
      default: 300,
      smoke: 2,
      description: 'training steps, one D and one G update each',
    }),
    batchSize: option.integer({ min: 1, default: 32, description: 'images per step' }),
    seed: option.seed(),
    out: option.outputDirectory({ default: 'out/stylegan-demo', description: 'output directory' }),
    backend: option.backend(),
    lrG: option.number({
      min: 0,
      exclusiveMin: true,
      defaultText: '1e-3',
      description: 'generator Adam learning rate',
    }),
    lrD: option.number({
      min: 0,
      exclusiveMin: true,
      defaultText: "the generator's",
      description: 'discriminator Adam learning rate',
    }),
    beta1: option.number({
      min: 0,
      max: 1,
      exclusiveMax: true,
      defaultText: '0',
      description: 'Adam beta1 of both networks',
    }),
    r1: option.number({
      min: 0,
      default: 5,
      valueName: 'GAMMA',
      description: 'R1 gradient penalty weight; 0 turns it off',
    }),
    crossover: option.integer({
      min: 1,
      max: 7,
      default: 4,
      description: "in the figure, layers < N take source A's styles; 4 is the 4x4 and 8x8 ones",
    }),
    dInit: option.choice(['normal', 'glorot'] as const, {
      default: 'normal',
      description: 'discriminator kernels: normal (N(0, 0.02)) or glorot',
    }),
    generator: option.choice(['style', 'classic'] as const, {
      default: 'style',
      description:
        'style: mapping network + synthesis with styles; classic: the same convolutions fed z directly (no style-mixing figure)',
    }),
    saveGenerator: option.flag({
      description: 'save the trained generator into OUT/generator/ (loadGenerator reads it)',
    }),
    snapshotEvery: option.integer({
      min: 0,
      default: 100,
      description: 'also write the pictures every N steps; 0 writes them at the end only',
    }),
  },
  cancellable: true,
  run: async ({ options, signal }) => {
    const [{ initBackend }, { runStyleMixingDemo }] = await Promise.all([
      import('@hw7/tensor-utils'),
      import('./demo.js'),
    ]);
    await initBackend({ backend: options.backend });
    const { tensorsAfterStep: _, ...summary } = await runStyleMixingDemo({
      steps: options.steps,
      batchSize: options.batchSize,
      seed: options.seed,
      out: options.out,
      learningRate: options.lrG,
      discriminatorLearningRate: options.lrD,
      betas: options.beta1 === undefined ? undefined : [options.beta1, 0.99],
      discriminatorInit: options.dInit,
      r1Gamma: options.r1,
      crossover: options.crossover,
      snapshotEvery: options.snapshotEvery,
      generator: options.generator,
      saveGenerator: options.saveGenerator,
      signal,
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  },
});

runMain(
  defineProgram({
    name: 'stylegan-demo',
    summary: 'The StyleGAN style-mixing demo of @hw7/stylegan-blocks.',
    command: demo,
  }),
);
