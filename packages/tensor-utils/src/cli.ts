#!/usr/bin/env node
// `hw7-tensor-utils`: the core's command line (backend report and the MNIST demo).
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, type BackendName, initBackend } from './backend.js';
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

function integer(value: string, name: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new Error(`--${name} must be an integer >= ${min}; got "${value}"`);
  return parsed;
}

function backendOption(value: string | undefined): BackendName | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new Error(`--backend must be one of auto, ${BACKEND_NAMES.join(', ')}; got "${value}"`);
  }
  return value as BackendName | 'auto';
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      steps: { type: 'string', default: '400' },
      batch: { type: 'string', default: '64' },
      seed: { type: 'string', default: '0' },
      'train-limit': { type: 'string', default: '20000' },
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
      steps: integer(values.steps, 'steps', 1),
      batchSize: integer(values.batch, 'batch', 1),
      seed: integer(values.seed, 'seed', 0),
      trainLimit: integer(values['train-limit'], 'train-limit', 1),
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
