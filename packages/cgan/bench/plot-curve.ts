// Draws the conditional-accuracy curve written by accuracy-curve.ts (JSON lines on stdin or a file)
// as an SVG, with the PyTorch reference points of the same architecture on this machine.
//   tsx bench/plot-curve.ts out/cgan-curve.jsonl docs/accuracy-curve.svg
import { readFileSync } from 'node:fs';
import { writeLinePlot } from '@hw7/tensor-utils';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: tsx bench/plot-curve.ts CURVE.jsonl OUT.svg');
const rows = readFileSync(input, 'utf8')
  .split('\n')
  .filter((line) => line.includes('"cgan-accuracy-curve"'))
  .map((line) => JSON.parse(line) as { epoch: number; conditionalAccuracy: number });
await writeLinePlot(output, {
  title: 'cGAN conditional accuracy on 10,000 generated digits',
  xLabel: 'epoch',
  yLabel: 'share classified as the conditioning digit',
  series: [
    { name: 'hw7 (tfjs, wasm)', points: rows.map((r) => [r.epoch, r.conditionalAccuracy] as [number, number]) },
    // Measured with the same architecture in PyTorch on this machine (issue 4).
    {
      name: 'PyTorch reference',
      points: [
        [1, 0.3],
        [2, 0.69],
        [3, 0.74],
      ],
    },
  ],
});
