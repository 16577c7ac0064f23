import { describe, expect, it } from 'vitest';
import { backendOption, integerOption, numberOption } from './cli-options.js';

describe('command-line option values', () => {
  it('parses given values and passes absent ones through as undefined', () => {
    expect(integerOption('12', 'epochs', 1)).toBe(12);
    expect(integerOption(undefined, 'epochs', 1)).toBeUndefined();
    expect(numberOption('0.1', 'label-smoothing')).toBe(0.1);
    expect(backendOption('wasm')).toBe('wasm');
    expect(backendOption('auto')).toBe('auto');
  });

  it('names the option and the expected value on bad input', () => {
    expect(() => integerOption('0', 'epochs', 1)).toThrow('--epochs must be an integer >= 1; got "0"');
    expect(() => integerOption('2.5', 'seed', 0)).toThrow('--seed must be an integer >= 0; got "2.5"');
    expect(() => integerOption(' ', 'seed', 0)).toThrow('--seed must be an integer');
    expect(() => numberOption('abc', 'instance-noise')).toThrow('--instance-noise must be a number; got "abc"');
    expect(() => backendOption('gpu')).toThrow('--backend must be one of auto, tensorflow, wasm, cpu; got "gpu"');
  });
});
