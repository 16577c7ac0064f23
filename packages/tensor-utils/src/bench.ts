// Benchmark harness: time a function robustly and print one JSON line per measurement, so that
// `pnpm bench` output can be collected and compared across runs and machines.
import { performance } from 'node:perf_hooks';

export interface TimingOptions {
  /** Untimed calls first (JIT, caches, lazy kernel compilation). */
  warmup?: number;
  /** Timed calls. */
  repeats?: number;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  meanMs: number;
  samplesMs: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `fn` (awaited) `repeats` times after `warmup` calls. */
export async function timeIt(fn: () => unknown, options: TimingOptions = {}): Promise<Timing> {
  const { warmup = 2, repeats = 10 } = options;
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new RangeError(`repeats must be an integer >= 1; got ${repeats}`);
  for (let i = 0; i < warmup; i++) await fn();
  const samplesMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await fn();
    samplesMs.push(performance.now() - start);
  }
  return {
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    meanMs: samplesMs.reduce((a, b) => a + b, 0) / samplesMs.length,
    samplesMs,
  };
}

/** Rounds to a few significant decimals so JSON lines stay readable. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Prints one benchmark result as a JSON line: `{"bench": name, ...figures}`. */
export function benchLine(
  name: string,
  figures: Record<string, unknown>,
  write: (line: string) => void = (line) => process.stdout.write(line),
): string {
  if (!name) throw new TypeError('benchLine(name) needs a non-empty benchmark name');
  const line = `${JSON.stringify({ bench: name, ...figures })}\n`;
  write(line);
  return line;
}
