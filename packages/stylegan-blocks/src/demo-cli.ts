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
  const result = await runStyleMixingDemo({ steps, batchSize, seed, out: values.out });
  const { tensorsAfterStep: _, ...summary } = result;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
