import { describe, expect, it } from 'vitest';
import { integerFromEnv } from './env-settings.js';

describe('integerFromEnv', () => {
  it('reads an integer setting, falls back when unset, and names the variable when it is bad', () => {
    const name = 'HW7_TEST_INTEGER_FROM_ENV';
    delete process.env[name];
    expect(integerFromEnv(name, 7, 1)).toBe(7);
    process.env[name] = '12';
    expect(integerFromEnv(name, 7, 1)).toBe(12);
    process.env[name] = 'many';
    expect(() => integerFromEnv(name, 7, 1)).toThrow(
      `environment variable ${name} must be an integer >= 1; got "many"`,
    );
    process.env[name] = '0';
    expect(() => integerFromEnv(name, 7, 1)).toThrow('>= 1; got "0"');
    delete process.env[name];
  });
});
