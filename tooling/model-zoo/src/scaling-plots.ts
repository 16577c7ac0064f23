// The scaling study's figures (for tensor-utils' README), drawn with the core's plot kit from the
// JSON lines `bench scaling` wrote: step time against batch size and image size, ours and
// PyTorch's, and the memory one step holds.
import { join } from 'node:path';
import { type LineSeries, writeLinePlot } from '@hw7/tensor-utils';
import { readBenchLines } from './bench-lines.js';

interface ScalingLine {
  bench: string;
  model: string;
  batch: number;
  imageSize: number;
  ms: number;
  torchMs?: number;
  peakMiB?: number | null;
  torchPeakMiB?: number | null;
}

const LABELS: Record<string, string> = { cgan: 'cGAN (28x28)', 'q6-cnn': 'Q6 CNN (32x32x3)' };

export function readScalingLines(path: string): Promise<ScalingLine[]> {
  return readBenchLines<ScalingLine>(path, 'zoo-scaling', 'scaling');
}

function series(
  lines: ScalingLine[],
  x: (line: ScalingLine) => number,
  y: (line: ScalingLine) => number | null | undefined,
  name: string,
): LineSeries {
  const points = lines.map((line) => [x(line), y(line) ?? Number.NaN] as [number, number]).sort((a, b) => a[0] - b[0]);
  return { name, points, style: 'line+points' };
}

type Figure = (line: ScalingLine) => number | null | undefined;

/** Our series and PyTorch's of the same runs, labelled "<label>ours" and "<label>PyTorch". */
function oursAndTorch(
  runs: readonly ScalingLine[],
  x: (line: ScalingLine) => number,
  [ours, theirs]: [Figure, Figure],
  label = '',
): LineSeries[] {
  return [series([...runs], x, ours, `${label}ours`), series([...runs], x, theirs, `${label}PyTorch`)];
}

const stepTimes: [Figure, Figure] = [(l) => l.ms, (l) => l.torchMs];
const peaks: [Figure, Figure] = [(l) => l.peakMiB, (l) => l.torchPeakMiB];

/** Writes the three SVGs into `directory`; returns their paths. */
export async function writeScalingPlots(lines: ScalingLine[], directory: string): Promise<string[]> {
  const batchRuns = (model: string, defaultSize: number) =>
    lines.filter((line) => line.model === model && line.imageSize === defaultSize);
  const byBatch = [
    ['cgan', batchRuns('cgan', 28)],
    ['q6-cnn', batchRuns('q6-cnn', 32)],
  ] as const;
  const sizes = lines.filter((line) => line.model === 'q6-cnn' && line.batch === 64);
  const batch = (l: ScalingLine) => l.batch;
  const axes = { xScale: 'log', yScale: 'log' } as const;
  return [
    await writeLinePlot(join(directory, 'step-time-vs-batch.svg'), {
      title: 'Training step time against batch size (wasm, 2 threads vs PyTorch, 1 thread)',
      xLabel: 'batch size',
      yLabel: 'ms per step',
      ...axes,
      series: byBatch.flatMap(([model, runs]) => oursAndTorch(runs, batch, stepTimes, `${LABELS[model]}, `)),
    }),
    await writeLinePlot(join(directory, 'step-time-vs-image-size.svg'), {
      title: 'Q6 CNN step time against image side (batch 64)',
      xLabel: 'image side (pixels)',
      yLabel: 'ms per step',
      ...axes,
      series: oursAndTorch(sizes, (l) => l.imageSize, stepTimes),
    }),
    await writeLinePlot(join(directory, 'step-memory-vs-batch.svg'), {
      title: 'Memory a training step holds beyond weights and optimizer state',
      xLabel: 'batch size',
      yLabel: 'MiB at the peak of a step',
      ...axes,
      series: byBatch.flatMap(([model, runs]) => oursAndTorch(runs, batch, peaks, `${LABELS[model]}, `)),
    }),
  ];
}
