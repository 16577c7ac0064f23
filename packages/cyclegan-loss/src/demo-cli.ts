// `pnpm --filter @hw7/cyclegan-loss demo [--steps N] [--out FILE.png] [--backend NAME] [--lr RATE]`: runs
// runCycleGanDemo (MNIST digits <-> colour-inverted digits) and prints each step's losses as JSON.
import { parseArgs } from 'node:util';
import { backendOption, initBackend, integerOption, numberOption } from '@hw7/tensor-utils';
import { runCycleGanDemo } from './demo.js';

const { values } = parseArgs({
  options: { steps: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, lr: { type: 'string' } },
});
try {
  const steps = integerOption(values.steps, 'steps', 1) ?? 30;
  await initBackend({ backend: backendOption(values.backend) });
  const result = await runCycleGanDemo({
    steps,
    ...(values.lr === undefined ? {} : { learningRate: numberOption(values.lr, 'lr') }),
    out: values.out ?? 'out/cyclegan-demo.png',
    onStep: (step, l) => console.log(JSON.stringify({ step, generator: l.generator, discriminator: l.discriminator })),
  });
  console.log(`wrote ${result.out}`);
} catch (error) {
  process.stderr.write(`cyclegan demo: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
