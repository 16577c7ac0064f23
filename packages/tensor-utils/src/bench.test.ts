import { describe, expect, it } from 'vitest';
import { benchLine, round, timeIt } from './bench.js';

describe('bench harness', () => {
  it('times warm-up and repeats separately', async () => {
    let calls = 0;
    const timing = await timeIt(
      async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
      { warmup: 2, repeats: 5 },
    );
    expect(calls).toBe(7);
    expect(timing.samplesMs).toHaveLength(5);
    expect(timing.minMs).toBeGreaterThanOrEqual(1);
    expect(timing.medianMs).toBeGreaterThanOrEqual(timing.minMs);
  });

  it('prints one JSON line per measurement', () => {
    const lines: string[] = [];
    benchLine('matmul', { backend: 'wasm', gflops: round(17.23456, 2) }, (line) => lines.push(line));
    expect(lines).toEqual(['{"bench":"matmul","backend":"wasm","gflops":17.23}\n']);
    expect(() => benchLine('', {})).toThrow('non-empty benchmark name');
  });
});
