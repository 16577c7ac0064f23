import { describe, expect, it } from 'vitest';
import { backendOption, integerFromEnv, integerOption, numberOption, parseCommandLine } from './cli-options.js';

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

describe('parseCommandLine', () => {
  const spec = {
    program: 'hw7-demo',
    options: {
      out: { type: 'string' },
      vectors: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    commands: {
      train: { options: ['out'] },
      similar: { options: ['vectors'], positionals: [1, 1] },
    },
    commonOptions: ['backend'],
  } as const;

  it('returns the command, its values and its arguments', () => {
    expect(parseCommandLine(['similar', 'king', '--vectors', 'v.bin', '--backend', 'cpu'], spec)).toEqual({
      command: 'similar',
      values: { vectors: 'v.bin', backend: 'cpu' },
      positionals: ['king'],
    });
    expect(parseCommandLine(['train', '-h'], spec).command).toBeUndefined();
    expect(parseCommandLine([], spec).command).toBeUndefined();
  });

  it('says what is wrong and points at --help', () => {
    expect(() => parseCommandLine(['fly'], spec)).toThrow('unknown command "fly"; run hw7-demo --help');
    expect(() => parseCommandLine(['train', '--vectors', 'x'], spec)).toThrow(
      '--vectors is not an option of train; run hw7-demo --help',
    );
    expect(() => parseCommandLine(['similar'], spec)).toThrow('similar needs 1 argument(s); run hw7-demo --help');
    expect(() => parseCommandLine(['train', 'extra'], spec)).toThrow('unexpected argument "extra" for train');
    expect(() => parseCommandLine(['train', '--nope'], spec)).toThrow(/Unknown option '--nope'; run hw7-demo --help/);
  });
});

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
