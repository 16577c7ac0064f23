import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetricsLog, readMetricsLog } from './metrics-log.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hw7-metrics-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('MetricsLog', () => {
  it('appends one JSON object per line, creating the directory', async () => {
    const path = join(directory, 'runs', 'a', 'metrics.jsonl');
    const log = new MetricsLog(path);
    log.append(1, { loss: 0.5, lr: 0.001 });
    log.append(2, { loss: 0.25, phase: 'warmup' });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]);
    expect(Object.keys(first)).toEqual(['step', 'loss', 'lr', 'time']);
    expect(Number.isNaN(Date.parse(first.time))).toBe(false);
    const records = await readMetricsLog(path);
    expect(records.map(({ time: _time, ...rest }) => rest)).toEqual([
      { step: 1, loss: 0.5, lr: 0.001 },
      { step: 2, loss: 0.25, phase: 'warmup' },
    ]);
  });

  it('keeps non-finite values as strings instead of losing them', async () => {
    const path = join(directory, 'metrics.jsonl');
    new MetricsLog(path).append(3, { loss: Number.NaN, grad: Number.POSITIVE_INFINITY });
    const [record] = await readMetricsLog(path);
    expect(record.loss).toBe('NaN');
    expect(record.grad).toBe('Infinity');
  });

  it('skips a truncated last line on read, and removes it before appending again', async () => {
    const path = join(directory, 'metrics.jsonl');
    new MetricsLog(path).append(1, { loss: 1 });
    appendFileSync(path, '{"step":2,"loss":0.9');
    expect((await readMetricsLog(path)).map((record) => record.step)).toEqual([1]);

    new MetricsLog(path).append(2, { loss: 0.8 });
    const records = await readMetricsLog(path);
    expect(records.map((record) => [record.step, record.loss])).toEqual([
      [1, 1],
      [2, 0.8],
    ]);
  });

  it('drops the records of an abandoned run after a resume marker', async () => {
    const path = join(directory, 'metrics.jsonl');
    const crashed = new MetricsLog(path);
    for (let step = 1; step <= 5; step++) crashed.append(step, { loss: step });
    const resumed = new MetricsLog(path);
    resumed.markResume(3);
    for (let step = 4; step <= 6; step++) resumed.append(step, { loss: 10 * step });
    const records = await readMetricsLog(path);
    expect(records.map((record) => [record.step, record.loss])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 40],
      [5, 50],
      [6, 60],
    ]);
  });

  it('truncateAfter keeps the records up to a step, so a resumed run logs each step once', async () => {
    const path = join(directory, 'metrics.jsonl');
    const log = new MetricsLog(path);
    for (let step = 1; step <= 5; step++) log.append(step, { loss: step === 4 ? Number.NaN : step / 10 });
    // An old-style resume marker: records after step 3 written before it are already void.
    appendFileSync(path, `${JSON.stringify({ resumedFrom: 3, time: '2024-01-01T00:00:00.000Z' })}\n`);
    log.append(4, { loss: 0.44 });
    await log.truncateAfter(3);
    log.append(4, { loss: 0.4 });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('resumedFrom');
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).step),
    ).toEqual([1, 2, 3, 4]);
    expect((await readMetricsLog(path)).map((record) => record.loss)).toEqual([0.1, 0.2, 0.3, 0.4]);
    await new MetricsLog(join(directory, 'missing.jsonl')).truncateAfter(0);
    expect(() => readFileSync(join(directory, 'missing.jsonl'))).toThrow(/ENOENT/);
  });

  it('reports a corrupt line in the middle with its line number', async () => {
    const path = join(directory, 'metrics.jsonl');
    appendFileSync(path, '{"step":1,"time":"t"}\nnot json\n{"step":2,"time":"t"}\n');
    await expect(readMetricsLog(path)).rejects.toThrow(/metrics.jsonl:2 is not valid JSON: not json/);
  });

  it('rejects reserved metric names and invalid steps', () => {
    const log = new MetricsLog(join(directory, 'metrics.jsonl'));
    expect(() => log.append(1, { time: 3 })).toThrow(/'time' is reserved/);
    expect(() => log.append(-1, { loss: 1 })).toThrow(/step must be an integer >= 0; got -1/);
    expect(() => new MetricsLog('')).toThrow(/path must be a non-empty string/);
  });
});
