// `pnpm demo`: trains the small StyleGAN-style generator on MNIST and writes the style-mixing figure.
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, backendOption, initBackend, integerOption } from '@hw7/tensor-utils';
import { runStyleMixingDemo } from './demo.js';

const HELP = `Usage: node dist/demo-cli.js [options]

Trains a small StyleGAN-style generator on MNIST (32x32) and writes OUT/style-mixing.png (rows:
coarse styles, 4x4-8x8, from source A; columns: the other styles from source B) and OUT/samples.png.

Options:
  --steps N         training steps, one D and one G update each (default 300)
  --batch-size N    images per step (default 32)
  --seed N          seed (default 0)
  --out DIR         output directory (default out/stylegan-demo)
  --backend NAME    auto | ${BACKEND_NAMES.join(' | ')} (default auto, or $HW7_BACKEND)
  --lr-g X          generator Adam learning rate
  --lr-d X          discriminator Adam learning rate
  --beta1 X         Adam beta1 (both networks)
  --r1 GAMMA        R1 gradient penalty weight (default 5; 0: off)
  --crossover N     in the figure, layers < N take source A's styles (default 4: 4x4 and 8x8)
  --d-init NAME     normal (discriminator kernels N(0, 0.02), default) | glorot
  --snapshot-every N  also write the pictures every N steps
  -h, --help        show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      'lr-g': { type: 'string' },
      'lr-d': { type: 'string' },
      beta1: { type: 'string' },
      'd-init': { type: 'string' },
      r1: { type: 'string' },
      crossover: { type: 'string' },
      'snapshot-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const steps = integerOption(values.steps, 'steps', 1);
  const batchSize = integerOption(values['batch-size'], 'batch-size', 1);
  const seed = integerOption(values.seed, 'seed', 0);
  await initBackend({ backend: backendOption(values.backend) });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const beta1 = num(values.beta1);
  const dInit = values['d-init'];
  if (dInit !== undefined && dInit !== 'glorot' && dInit !== 'normal')
    throw new Error(`--d-init: glorot | normal, got ${dInit}`);
  const result = await runStyleMixingDemo({
    steps,
    batchSize,
    seed,
    out: values.out,
    learningRate: num(values['lr-g']),
    discriminatorLearningRate: num(values['lr-d']),
    betas: beta1 === undefined ? undefined : [beta1, 0.99],
    discriminatorInit: dInit,
    r1Gamma: num(values.r1),
    crossover: integerOption(values.crossover, 'crossover', 1),
    snapshotEvery: integerOption(values['snapshot-every'], 'snapshot-every', 0),
  });
  const { tensorsAfterStep: _, ...summary } = result;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
