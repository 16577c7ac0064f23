// The options and arguments of hw7 command lines, declared once with their type, bounds, default and
// help text: `option.integer({ min: 1, default: 1, description: 'passes over the data' })`. Parsing,
// validation (with messages naming the option and the expected value) and `--help` all come from
// these declarations (see cli-program.ts).
import { availableParallelism } from 'node:os';
import { BACKEND_ENV_VAR, BACKEND_NAMES, type BackendName } from './backend-names.js';
import type { ExistingOutputPolicy, PathRule } from './cli-paths.js';

/** How one option or positional argument is parsed, checked and shown in `--help`. */
export interface OptionSpec {
  description: string;
  /** Shown after the flag in `--help` (N, X, DIR, FILE...); undefined for a flag (a boolean option). */
  valueName: string | undefined;
  /** What a valid value looks like, for messages and `--help`: 'an integer >= 1'. */
  expected: string;
  /** Turns one raw value into the parsed one; throws (any Error) when it is invalid. */
  parse: (raw: string) => unknown;
  defaultValue: unknown;
  /** Shown as `(default ...)` in `--help` instead of the default value. */
  defaultText: string | undefined;
  required: boolean;
  /** Repeatable (an option) or variadic (the last positional argument); the value is an array. */
  multiple: boolean;
  /** With `multiple`: each value is also split on this, e.g. ',' for `--budget 25,50 --budget 100`. */
  separator: string | undefined;
  /** One letter: `-h`. */
  short: string | undefined;
  /** The flag without dashes; default: the option's key in kebab case (`batchSize` -> `batch-size`). */
  flag: string | undefined;
  /** Set for options naming files or directories: checked before the command runs. */
  path: PathRule | undefined;
  /** The size a numeric value is lowered to under HW7_SMOKE=1 (see `OptionFields.smoke`). */
  smoke: number | undefined;
}

/**
 * A declared option or positional argument whose parsed value has type `T`. Build it with
 * `option.integer`, `option.choice`, `option.inputFile`, ...
 */
export interface CliOption<T> {
  readonly spec: OptionSpec;
  /** Type only: the parsed value's type. Never set. */
  readonly valueType?: T;
}

/** Fields every option accepts. */
export interface OptionFields {
  /** One or two sentences for `--help`. */
  description: string;
  /** The flag without dashes, when the key's kebab case is not it. */
  flag?: string;
  /** A one-letter alias: `short: 'o'` accepts `-o`. */
  short?: string;
  /** Shown in `--help` instead of the default value, e.g. 'all 60,000'. */
  defaultText?: string;
  /** Shown in `--help` after the flag, e.g. 'DIR'. */
  valueName?: string;
  /**
   * For a size (steps, epochs, a budget, a time limit): with the environment variable HW7_SMOKE=1 a
   * larger value, given or default, is lowered to this one, so that a documented command runs end
   * to end in seconds (the README runner sets it). The command says so on stderr.
   */
  smoke?: number;
}

/** Fields of an option that takes a value: one value, or `multiple` ones. */
export type ValueFields<T> = OptionFields &
  (
    | { default?: T; required?: boolean; multiple?: false }
    | { default?: readonly T[]; required?: boolean; multiple: true; separator?: string }
  );

/** The parsed type of an option declared with `fields`: an array when multiple, possibly undefined without a default. */
export type ValueType<T, Fields> = Fields extends { multiple: true }
  ? T[]
  : Fields extends { default: unknown } | { required: true }
    ? T
    : T | undefined;

function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The flag of an option declared under `key`, without dashes: `spec.flag`, or the key in kebab case. */
export function flagOf(key: string, spec: OptionSpec): string {
  return spec.flag ?? kebabCase(key);
}

function makeOption<T>(
  fields: ValueFields<T> | OptionFields,
  base: Pick<OptionSpec, 'expected' | 'parse'> & { valueName: string | undefined; path?: PathRule },
): CliOption<never> {
  const value = fields as Partial<ValueFields<T>> & { separator?: string };
  return {
    spec: {
      description: fields.description,
      valueName: base.valueName === undefined ? undefined : (fields.valueName ?? base.valueName),
      expected: base.expected,
      parse: base.parse,
      defaultValue: value.default,
      defaultText: fields.defaultText,
      required: value.required ?? false,
      multiple: value.multiple ?? false,
      separator: value.separator,
      short: fields.short,
      flag: fields.flag,
      path: base.path,
      smoke: fields.smoke,
    },
  };
}

function parseFiniteNumber(raw: string): number {
  const parsed = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(parsed)) throw new Error();
  return parsed;
}

export interface IntegerBounds {
  /** Inclusive. */
  min?: number;
  /** Inclusive. */
  max?: number;
  /** Why `max` is the limit, for the message: "MNIST has 60,000 training images". */
  maxReason?: string;
}

function integerExpected({ min, max, maxReason }: IntegerBounds): string {
  const range =
    min !== undefined && max !== undefined
      ? `an integer from ${min} to ${max}`
      : min !== undefined
        ? `an integer >= ${min}`
        : max !== undefined
          ? `an integer <= ${max}`
          : 'an integer';
  return maxReason ? `${range} (${maxReason})` : range;
}

export interface NumberBounds {
  min?: number;
  max?: number;
  /** `min` itself is not allowed: `{ min: 0, exclusiveMin: true }` is "a number > 0". */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

function numberExpected({ min, max, exclusiveMin, exclusiveMax }: NumberBounds): string {
  if (min !== undefined && max !== undefined) {
    return `a number in ${exclusiveMin ? '(' : '['}${min}, ${max}${exclusiveMax ? ')' : ']'}`;
  }
  if (min !== undefined) return `a number ${exclusiveMin ? '>' : '>='} ${min}`;
  if (max !== undefined) return `a number ${exclusiveMax ? '<' : '<='} ${max}`;
  return 'a number';
}

function inBounds(value: number, { min, max, exclusiveMin, exclusiveMax }: NumberBounds): boolean {
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) return false;
  if (max !== undefined && (exclusiveMax ? value >= max : value > max)) return false;
  return true;
}

function integer<const Fields extends ValueFields<number> & IntegerBounds>(
  fields: Fields,
): CliOption<ValueType<number, Fields>> {
  const expected = integerExpected(fields);
  return makeOption(fields, {
    valueName: 'N',
    expected,
    parse: (raw) => {
      const parsed = parseFiniteNumber(raw);
      if (!Number.isSafeInteger(parsed) || !inBounds(parsed, fields)) throw new Error();
      return parsed;
    },
  });
}

function number<const Fields extends ValueFields<number> & NumberBounds>(
  fields: Fields,
): CliOption<ValueType<number, Fields>> {
  return makeOption(fields, {
    valueName: 'X',
    expected: numberExpected(fields),
    parse: (raw) => {
      const parsed = parseFiniteNumber(raw);
      if (!inBounds(parsed, fields)) throw new Error();
      return parsed;
    },
  });
}

function string<const Fields extends ValueFields<string> & { pattern?: RegExp; patternText?: string }>(
  fields: Fields,
): CliOption<ValueType<string, Fields>> {
  const expected = fields.patternText ?? (fields.pattern ? `text matching ${fields.pattern}` : 'non-empty text');
  return makeOption(fields, {
    valueName: 'TEXT',
    expected,
    parse: (raw) => {
      if (raw === '' || (fields.pattern && !fields.pattern.test(raw))) throw new Error();
      return raw;
    },
  });
}

function choice<const Values extends readonly string[], const Fields extends ValueFields<Values[number]>>(
  values: Values,
  fields: Fields,
): CliOption<ValueType<Values[number], Fields>> {
  return makeOption(fields, {
    valueName: 'NAME',
    expected: `one of ${values.join(', ')}`,
    parse: (raw) => {
      if (!values.includes(raw)) throw new Error();
      return raw;
    },
  });
}

/** A boolean option: `--resume` sets it; it is false when absent. */
function flag(fields: OptionFields): CliOption<boolean> {
  return makeOption(fields, { valueName: undefined, expected: 'no value', parse: () => true });
}

/**
 * Any other value: `parse` returns it or throws; a thrown message (if any) replaces `expected` in
 * the error, e.g. `option.custom({ valueName: 'KEY=VALUE', expected: 'KEY=VALUE', parse: splitPair })`.
 */
function custom<T, const Fields extends ValueFields<T> = ValueFields<T>>(
  fields: Fields & { expected: string; parse: (raw: string) => T; valueName: string },
): CliOption<ValueType<T, Fields>> {
  return makeOption(fields, { valueName: fields.valueName, expected: fields.expected, parse: fields.parse });
}

function pathOption(valueName: string, expected: string, path: PathRule) {
  return <const Fields extends ValueFields<string>>(fields: Fields): CliOption<ValueType<string, Fields>> =>
    makeOption(fields, {
      valueName,
      expected,
      path,
      parse: (raw) => {
        if (raw === '') throw new Error();
        return raw;
      },
    });
}

/** An existing file to read; checked before the command runs. */
const inputFile = pathOption('FILE', 'a path to an existing file', { role: 'input', kind: 'file' });
/** An existing directory to read; checked before the command runs. */
const inputDirectory = pathOption('DIR', 'a path to an existing directory', { role: 'input', kind: 'directory' });
/** An existing file or directory to read. */
const inputPath = pathOption('PATH', 'a path to an existing file or directory', {
  role: 'input',
  kind: 'file-or-directory',
});

/** A file to write: its directory must be creatable, it must not be a directory nor an input. */
function outputFile<const Fields extends ValueFields<string> & { existing?: 'overwrite' | 'refuse' }>(
  fields: Fields,
): CliOption<ValueType<string, Fields>> {
  return pathOption('FILE', 'a file path', { role: 'output', kind: 'file', existing: fields.existing })(fields);
}

/**
 * A directory to write into: an existing file is refused, it must be creatable or writable and lie
 * outside every input. `existing` says what an existing directory may hold (default 'reuse': anything;
 * a command that resumes checks that itself); `mayOverlapInputs` allows it inside an input directory.
 */
function outputDirectory<
  const Fields extends ValueFields<string> & { existing?: ExistingOutputPolicy; mayOverlapInputs?: boolean },
>(fields: Fields): CliOption<ValueType<string, Fields>> {
  return pathOption('DIR', 'a directory path', {
    role: 'output',
    kind: 'directory',
    existing: fields.existing,
    mayOverlapInputs: fields.mayOverlapInputs,
  })(fields);
}

/** More threads than this many per core only add memory and context switches. */
export const THREADS_PER_CORE_LIMIT = 4;

/** A thread count from 1 to 4 per core of this machine. */
function threads<const Fields extends ValueFields<number>>(fields: Fields): CliOption<ValueType<number, Fields>> {
  const cores = availableParallelism();
  const bounds: IntegerBounds = {
    min: 1,
    max: THREADS_PER_CORE_LIMIT * cores,
    maxReason: `${THREADS_PER_CORE_LIMIT} per core; this machine has ${cores}`,
  };
  return integer({ ...(fields as ValueFields<number>), ...bounds }) as CliOption<ValueType<number, Fields>>;
}

/** The random seed: an integer >= 0, default 0. */
function seed(fields: Partial<OptionFields> & { default?: number } = {}): CliOption<number> {
  return integer({
    description: 'seeds everything random, so a run can be repeated exactly',
    ...fields,
    min: 0,
    default: fields.default ?? 0,
  });
}

/** `--backend auto|tensorflow|wasm|cpu`; undefined when not given, so `initBackend` reads HW7_BACKEND. */
function backend(fields: Partial<OptionFields> = {}): CliOption<BackendName | 'auto' | undefined> {
  return choice(['auto', ...BACKEND_NAMES] as const, {
    description: 'the TensorFlow.js backend; auto picks the fastest that works',
    defaultText: `auto, or $${BACKEND_ENV_VAR}`,
    ...fields,
  });
}

/** Builders of declared options and positional arguments. */
export const option = {
  integer,
  number,
  string,
  choice,
  flag,
  custom,
  inputFile,
  inputDirectory,
  inputPath,
  outputFile,
  outputDirectory,
  threads,
  seed,
  backend,
};
