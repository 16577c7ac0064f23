// `pnpm --filter @hw7/cyclegan-loss demo [steps] [out.png]`: runs runCycleGanDemo on the best backend.
import { initBackend } from '@hw7/tensor-utils';
import { runCycleGanDemo } from './demo.js';

await initBackend();
const steps = Number(process.argv[2] ?? 30);
const out = process.argv[3] ?? 'out/cyclegan-demo.png';
const result = await runCycleGanDemo({
  steps,
  out,
  onStep: (step, l) => console.log(JSON.stringify({ step, generator: l.generator, discriminator: l.discriminator })),
});
console.log(`wrote ${result.out}`);
