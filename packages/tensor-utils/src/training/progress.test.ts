import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from './progress.js';

/** A stream that records what is written to it; `isTTY` decides which mode createProgress picks. */
function recordingStream(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 200;
  }
  return { stream, text: () => chunks.join('') };
}

describe('createProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes plain lines at most once per interval, with fields, ETA and a final line', () => {
    const { stream, text } = recordingStream(false);
    const progress = createProgress({ total: 4690, label: 'train', stream, intervalMs: 10_000 });
    progress.update(0);
    vi.advanceTimersByTime(1_000);
    progress.tick(100, { loss_d: 0.51234, loss_g: 1.93 });
    vi.advanceTimersByTime(9_000);
    progress.tick(1100, { loss_d: 0.5123456 });
    vi.advanceTimersByTime(60_000);
    progress.update(4690, { loss_g: 12345.678, phase: 'done' });
    progress.stop();
    progress.stop();
    expect(text().split('\n')).toEqual([
      'train 0/4690 (0.0%)',
      'train 1200/4690 (25.6%) loss_d=0.5123 loss_g=1.93 eta 29s',
      'train 4690/4690 (100.0%) loss_d=0.5123 loss_g=12350 phase=done eta 0s',
      'train 4690/4690 (100.0%) loss_d=0.5123 loss_g=12350 phase=done elapsed 1m10s',
      '',
    ]);
  });

  it('bases the ETA on the rate since the first reported position (a resumed run)', () => {
    const { stream, text } = recordingStream(false);
    const progress = createProgress({ total: 1000, label: 'fit', stream, intervalMs: 0 });
    progress.update(900);
    vi.advanceTimersByTime(50_000);
    progress.tick(50);
    vi.advanceTimersByTime(3_600_000);
    progress.stop();
    expect(text().split('\n')).toEqual([
      'fit 900/1000 (90.0%)',
      'fit 950/1000 (95.0%) eta 50s',
      'fit 950/1000 (95.0%) elapsed 1h00m',
      '',
    ]);
  });

  it('draws a bar with the fields on a TTY', () => {
    const { stream, text } = recordingStream(true);
    const progress = createProgress({ total: 10, label: 'train', stream });
    progress.update(2);
    vi.advanceTimersByTime(1_000);
    progress.update(5, { loss: 0.123456 });
    vi.advanceTimersByTime(1_000);
    progress.stop();
    expect(text()).toMatch(/train \S+ 5\/10 \(50\.0%\) loss=0\.1235 eta 2s/);
    expect(text()).toMatch(/train \S+ 5\/10 \(50\.0%\) loss=0\.1235 elapsed 2s/);
  });

  it('rejects invalid arguments and use after stop', () => {
    const { stream } = recordingStream(false);
    expect(() => createProgress({ total: 0, label: 'x', stream })).toThrow(/total must be an integer > 0; got 0/);
    expect(() => createProgress({ total: 5, label: 'x', stream, intervalMs: -1 })).toThrow(/intervalMs/);
    const progress = createProgress({ total: 5, label: 'x', stream });
    expect(() => progress.tick(-1)).toThrow(/tick\(n\) must be a finite number >= 0/);
    expect(() => progress.update(Number.NaN)).toThrow(/update\(current\)/);
    progress.stop();
    expect(() => progress.tick()).toThrow(/progress 'x' was already stopped/);
  });
});
