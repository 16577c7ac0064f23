import { describe, expect, it } from 'vitest';
import { alignRight, formatFixed } from './python-format.js';

describe("formatFixed matches Python's '{:.Nf}'", () => {
  it('rounds exact binary ties to even, unlike Number#toFixed', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect((0.125).toFixed(2)).toBe('0.13');
  });

  it('rounds by the exact binary value', () => {
    expect(formatFixed(0.1 + 0.2, 17)).toBe('0.30000000000000004');
    expect(formatFixed(1.005, 2)).toBe('1.00');
    expect(formatFixed(2 / 3, 4)).toBe('0.6667');
    expect(formatFixed(1, 2)).toBe('1.00');
    expect(formatFixed(1e21, 1)).toBe('1000000000000000000000.0');
    expect(formatFixed(5e-324, 2)).toBe('0.00');
    expect(formatFixed(-0.001, 2)).toBe('-0.00');
    expect(formatFixed(Number.NaN, 2)).toBe('nan');
  });

  it('right-aligns by code points', () => {
    expect(alignRight('ab', 4)).toBe('  ab');
    expect(alignRight('é😀', 3)).toBe(' é😀');
  });
});
