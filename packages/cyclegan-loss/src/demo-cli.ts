// `pnpm --filter @hw7/cyclegan-loss demo [--steps N] [--out FILE.png] [--backend NAME] [--lr RATE]`: runs
// runCycleGanDemo (MNIST digits <-> colour-inverted digits), prints each step's losses as JSON and the
// PNG's absolute path (pnpm runs the script in the package's folder, not where it was typed).
import { resolve } from 'node:path';
import { defineCommand, defineProgram, option, runMain } from '@hw7/tensor-utils/base';

const demo = defineCommand({
  summary:
    'Trains a small CycleGAN on unpaired MNIST domains (digits and colour-inverted digits) and writes a PNG ' +
    'whose rows are real A, G(A), F(G(A)), real B, F(B), G(F(B)). Prints one JSON line per step.',
  options: {
    steps: option.integer({ min: 1, default: 30, smoke: 2, description: 'training steps' }),
    out: option.outputFile({ default: 'out/cyclegan-demo.png', description: 'the PNG to write' }),
    lr: option.number({
      min: 0,
      exclusiveMin: true,
      default: 2e-4,
      description: 'Adam learning rate of all four networks',
    }),
    seed: option.seed(),
    backend: option.backend(),
  },
  cancellable: true,
  run: async ({ options, signal }) => {
    const [{ initBackend }, { runCycleGanDemo }] = await Promise.all([
      import('@hw7/tensor-utils'),
      import('./demo.js'),
    ]);
    await initBackend({ backend: options.backend });
    const result = await runCycleGanDemo({
      steps: options.steps,
      learningRate: options.lr,
      seed: options.seed,
      out: options.out,
      signal,
      onStep: (step, losses) => process.stdout.write(`${JSON.stringify({ step, ...losses })}\n`),
    });
    process.stdout.write(`wrote ${resolve(result.out)}\n`);
  },
});

runMain(defineProgram({ name: 'cyclegan-demo', summary: 'The CycleGAN demo of @hw7/cyclegan-loss.', command: demo }));
