#!/usr/bin/env node
// `hw7-tensor-utils`: the core's command line (backend report and the MNIST demo).
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, initBackend } from './backend.js';
import { backendOption, integerOption } from './cli-options.js';
import { runMnistDemo } from './demo/mnist-demo.js';

const HELP = `Usage: hw7-tensor-utils <command> [options]

Commands:
  backend             Pick the fastest working TensorFlow.js backend and say why (JSON).
  demo                Train a small CNN on MNIST with every core utility: progress, metrics,
                      checkpoints (re-running resumes), a PNG of digits and an SVG training plot.

Options:
  --backend NAME      auto | ${BACKEND_NAMES.join(' | ')} (default: auto, or $HW7_BACKEND)
  --steps N           demo: training steps (default 400)
  --batch N           demo: batch size (default 64)
  --seed N            demo: random seed (default 0)
  --train-limit N     demo: training images to load (default 20000)
  --out DIR           demo: output directory (default out/tensor-utils-demo)
  -h, --help          Show this help.
`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      'train-limit': { type: 'string' },
      out: { type: 'string', default: 'out/tensor-utils-demo' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(HELP);
    return;
  }
  const backend = backendOption(values.backend);
  if (command === 'backend') {
    process.stdout.write(`${JSON.stringify(await initBackend({ backend, quiet: true }), null, 2)}\n`);
  } else if (command === 'demo') {
    const summary = await runMnistDemo({
      backend: backend ?? 'auto',
      steps: integerOption(values.steps, 'steps', 1) ?? 400,
      batchSize: integerOption(values.batch, 'batch', 1) ?? 64,
      seed: integerOption(values.seed, 'seed', 0) ?? 0,
      trainLimit: integerOption(values['train-limit'], 'train-limit', 1) ?? 20_000,
      out: values.out,
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    throw new Error(`unknown command "${command}"; run hw7-tensor-utils --help`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hw7-tensor-utils: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
