// Test support for the fuzz suites (not exported by the package): how many cases to run, and the
// byte mutations that turn a valid file into a damaged one. The default suite runs a few hundred
// cases in a few seconds; HW7_FUZZ_RUNS=20000 runs more, HW7_FUZZ_SEED picks another sequence.
import fc from 'fast-check';
import { expect } from 'vitest';

/** Cases per property; default 100. */
export const FUZZ_RUNS_ENV_VAR = 'HW7_FUZZ_RUNS';
/** The random seed of every property; default a fixed one, so failures reproduce. */
export const FUZZ_SEED_ENV_VAR = 'HW7_FUZZ_SEED';

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1; got ${text}`);
  return value;
}

/** fast-check parameters for one property: `scale` multiplies the runs (cheap properties run more). */
export function fuzzParameters<T>(scale = 1): fc.Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(positiveInteger(FUZZ_RUNS_ENV_VAR, 100) * scale)),
    seed: positiveInteger(FUZZ_SEED_ENV_VAR, 20_260_601),
  };
}

/** Per-test timeout that grows with the number of runs. */
export function fuzzTimeout(millisecondsPer100Runs: number): number {
  return Math.max(30_000, (positiveInteger(FUZZ_RUNS_ENV_VAR, 100) / 100) * millisecondsPer100Runs * 2);
}

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
);

function applyMutation(bytes: Uint8Array, change: Mutation): Uint8Array {
  switch (change.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Uint8Array.from(bytes);
      copy[change.at % bytes.length] ^= change.xor;
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, change.at % (bytes.length + 1));
    case 'append':
      return Uint8Array.from([...bytes, ...change.bytes]);
    case 'insert': {
      const at = change.at % (bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, at), ...change.bytes, ...bytes.subarray(at)]);
    }
    case 'delete': {
      const at = change.at % (bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + change.length)]);
    }
  }
}

/** `bytes` damaged by one to four random flips, truncations, insertions, deletions or appended bytes. */
export function mutatedBytes(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .array(mutation, { minLength: 1, maxLength: 4 })
    .map((changes) => changes.reduce((current, change) => applyMutation(current, change), bytes));
}

/**
 * A clean failure: an `Error` (not a thrown string, not an internal TypeError or RangeError such as
 * "Invalid typed array length" or "Cannot read properties of undefined") whose message names `name`.
 */
export function expectCleanError(error: unknown, name: string): void {
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message, `the error names ${name}`).toContain(name);
  expect(message).not.toMatch(
    /Cannot read propert|is not a function|Invalid typed array length|Invalid string length|Maximum call stack/,
  );
}
