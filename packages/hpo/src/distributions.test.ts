import { describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  contains,
  floatDistribution,
  intDistribution,
  sameDistribution,
  toExternal,
  toInternal,
} from './distributions.js';

describe('distributions', () => {
  it('store categorical values as the index of the choice', () => {
    const distribution = categoricalDistribution(['sgd', null, 3, false]);
    expect(toInternal(distribution, null)).toBe(1);
    expect(toExternal(distribution, 3)).toBe(false);
    expect(() => toInternal(distribution, 'adam')).toThrow(/"adam" is not one of/);
  });

  it('reject repeated or unsupported choices', () => {
    expect(() => categoricalDistribution(['a', 'a'])).toThrow(/must not repeat/);
    expect(() => categoricalDistribution([{} as never])).toThrow(/may only hold/);
  });

  it('know which internal values they contain', () => {
    expect(contains(intDistribution(0, 10, { step: 2 }), 4)).toBe(true);
    expect(contains(intDistribution(0, 10, { step: 2 }), 5)).toBe(false);
    expect(contains(floatDistribution(0, 1, { step: 0.1 }), 0.30000000000000004)).toBe(true);
    expect(contains(floatDistribution(1, 2, { log: true }), 0.5)).toBe(false);
  });

  it('compare by value', () => {
    expect(sameDistribution(floatDistribution(0, 1), floatDistribution(0, 1))).toBe(true);
    expect(sameDistribution(floatDistribution(0, 1), intDistribution(0, 1))).toBe(false);
    expect(sameDistribution(categoricalDistribution(['a', 'b']), categoricalDistribution(['b', 'a']))).toBe(false);
  });

  it('reject non-finite bounds and integer log ranges reaching 0', () => {
    expect(() => floatDistribution(0, Number.POSITIVE_INFINITY)).toThrow(/high must be a finite number/);
    expect(() => intDistribution(0, 8, { log: true })).toThrow(/low must be > 0 when log is true/);
    expect(() => intDistribution(1, 8, { log: true, step: 2 })).toThrow(/step and log/);
  });
});
