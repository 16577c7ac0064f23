// The README's table of a `bench steps` run: one row per model, ours and PyTorch's step time, the
// ratio, the memory a step holds, the 20-step loss agreement, the load average.
import { readBenchLines } from './bench-lines.js';

interface StepLine {
  bench: string;
  model: string;
  batch: number;
  ms: number;
  torchMs?: number;
  ratio?: number;
  peakMiB?: number | null;
  torchPeakMiB?: number | null;
  agreementMaxAbs: number;
  agreementMaxRel: number;
  float32Reach: number;
  toleranceUsed: number;
  load: number[];
}

const cell = (value: number | null | undefined) => (value == null ? '-' : String(value));
const small = (value: number) => (value === 0 ? '0' : value.toExponential(1));

/** The markdown table of the zoo-step lines in `path` (a `bench steps --out` file). */
export async function stepsTable(path: string): Promise<string> {
  const lines = await readBenchLines<StepLine>(path, 'zoo-step', 'steps');
  const header = [
    '| model | batch | ours (ms) | PyTorch 1 thread (ms) | ratio | ours peak MiB | PyTorch peak MiB | loss agreement: max abs / max rel diff (float32 reach) | load (1/5/15 min) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = lines.map((line) => {
    const over = line.toleranceUsed > 1 ? ' **over**' : '';
    const agreement = `${small(line.agreementMaxAbs)} / ${small(line.agreementMaxRel)} (${small(line.float32Reach)})${over}`;
    return `| ${line.model} | ${line.batch} | ${line.ms} | ${cell(line.torchMs)} | ${cell(line.ratio)} | ${cell(line.peakMiB)} | ${cell(line.torchPeakMiB)} | ${agreement} | ${line.load.join(' / ')} |`;
  });
  return [...header, ...rows].join('\n');
}
