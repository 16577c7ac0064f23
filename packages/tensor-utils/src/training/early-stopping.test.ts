import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';

describe('EarlyStopping', () => {
  it('stops after `patience` updates without improvement, not before', () => {
    const stopping = new EarlyStopping({ patience: 2 });
    expect(stopping.update(1.0)).toEqual({ improved: true, shouldStop: false });
    expect(stopping.update(0.8)).toEqual({ improved: true, shouldStop: false });
    expect(stopping.update(0.9)).toEqual({ improved: false, shouldStop: false });
    expect(stopping.update(0.85)).toEqual({ improved: false, shouldStop: false });
    expect(stopping.update(0.81)).toEqual({ improved: false, shouldStop: true });
    expect(stopping.best).toBe(0.8);
    expect(stopping.bestStep).toBe(1);
  });

  it('resets the patience count on improvement', () => {
    const stopping = new EarlyStopping({ patience: 1 });
    stopping.update(5, 10);
    expect(stopping.update(6, 20).shouldStop).toBe(false);
    expect(stopping.update(4, 30)).toEqual({ improved: true, shouldStop: false });
    expect(stopping.update(4.5, 40).shouldStop).toBe(false);
    expect(stopping.update(4.5, 50).shouldStop).toBe(true);
    expect(stopping.bestStep).toBe(30);
  });

  it('stops at the first non-improvement with patience 0, and stays stopped', () => {
    const stopping = new EarlyStopping({ patience: 0 });
    expect(stopping.update(1).shouldStop).toBe(false);
    expect(stopping.update(1).shouldStop).toBe(true);
    expect(stopping.update(0.5)).toEqual({ improved: true, shouldStop: true });
    expect(stopping.shouldStop).toBe(true);
  });

  it('requires an improvement larger than minDelta', () => {
    const stopping = new EarlyStopping({ patience: 5, minDelta: 0.1 });
    stopping.update(1);
    expect(stopping.update(0.95).improved).toBe(false);
    expect(stopping.update(0.85).improved).toBe(true);
    expect(stopping.best).toBe(0.85);
  });

  it("treats higher as better in 'max' mode", () => {
    const stopping = new EarlyStopping({ patience: 1, mode: 'max' });
    stopping.update(0.5);
    expect(stopping.update(0.7).improved).toBe(true);
    expect(stopping.update(0.6).improved).toBe(false);
    expect(stopping.best).toBe(0.7);
  });

  it('never counts NaN or infinities as improvements', () => {
    const stopping = new EarlyStopping({ patience: 3 });
    expect(stopping.update(Number.NaN).improved).toBe(false);
    expect(stopping.update(Number.NEGATIVE_INFINITY).improved).toBe(false);
    expect(stopping.best).toBeNull();
    expect(stopping.update(2).improved).toBe(true);
  });

  it('round-trips its state through JSON and keeps counting after restore', () => {
    const original = new EarlyStopping({ patience: 2 });
    original.update(1, 100);
    original.update(1.5, 200);
    const restored = new EarlyStopping({ patience: 2 });
    restored.restore(JSON.parse(JSON.stringify(original.state())));
    expect(restored.state()).toEqual(original.state());
    expect(restored.best).toBe(1);
    expect(restored.bestStep).toBe(100);
    expect(restored.update(1.2, 300).shouldStop).toBe(false);
    expect(restored.update(1.3, 400).shouldStop).toBe(true);
    original.update(1.2, 300);
    original.update(1.3, 400);
    expect(restored.state()).toEqual(original.state());
  });

  it('rejects invalid arguments and state with messages naming them', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/patience must be an integer >= 0; got -1/);
    expect(() => new EarlyStopping({ patience: 1.5 })).toThrow(/patience/);
    expect(() => new EarlyStopping({ patience: 1, minDelta: -0.1 })).toThrow(/minDelta must be a finite number >= 0/);
    expect(() => new EarlyStopping({ patience: 1, mode: 'lowest' as 'min' })).toThrow(/mode must be 'min' or 'max'/);
    const stopping = new EarlyStopping({ patience: 1 });
    expect(() => stopping.update('0.5' as unknown as number)).toThrow(/value must be a number/);
    expect(() => stopping.update(0.5, -1)).toThrow(/step must be an integer >= 0/);
    expect(() => stopping.restore({ best: 1 } as never)).toThrow(/not an EarlyStopping state/);
  });
});
