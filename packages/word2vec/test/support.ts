// Test support: fuzz tests with HW7_FUZZ_RUNS cases per property (default 100) from the
// sequence HW7_FUZZ_SEED picks, files in a temporary directory removed after the suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integerFromEnv } from '@hw7/tensor-utils/dev';
import fc from 'fast-check';
import { afterAll, it } from 'vitest';

const RUNS = integerFromEnv('HW7_FUZZ_RUNS', 100, 1);
const SEED = integerFromEnv('HW7_FUZZ_SEED', 20_260_601, 0);

/** A test that checks `property` on HW7_FUZZ_RUNS cases (times `scale`), with a timeout that grows with them. */
export function fuzzTest<Ts>(name: string, property: fc.IAsyncProperty<Ts>, scale = 1): void {
  const numRuns = Math.max(1, Math.round(RUNS * scale));
  it(name, () => fc.assert(property, { numRuns, seed: SEED }), Math.max(60_000, numRuns * 400));
}

/** A fresh directory for one suite's files, removed when the suite ends. */
export function suiteDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
