// Re-runs make-fixtures.py with the system scikit-learn and checks it reproduces the committed
// fixture, so the fixture cannot silently drift from its generator.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_PATH,
  GENERATOR_PATH,
  loadFixture,
  parseFixture,
} from '../../test/fixtures/metrics/sklearn-fixture.js';

const PYTHON = '/usr/bin/python3';
const committed = loadFixture();

function installedSklearnVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

const installed = installedSklearnVersion();
const skipReason =
  installed === undefined
    ? `${PYTHON} with scikit-learn is not available (apt-get install python3-sklearn)`
    : installed !== committed.sklearnVersion
      ? `installed scikit-learn ${installed} differs from the fixture's ${committed.sklearnVersion}`
      : undefined;

describe('sklearn-metrics.json', () => {
  if (skipReason !== undefined) console.warn(`Skipping the live fixture check: ${skipReason}`);

  it.skipIf(skipReason !== undefined)('is reproduced by make-fixtures.py with the installed scikit-learn', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mtl-text-metrics-'));
    try {
      const output = join(directory, 'sklearn-metrics.json');
      execFileSync(PYTHON, [GENERATOR_PATH, output], { stdio: 'pipe' });
      expect(parseFixture(readFileSync(output, 'utf8'))).toEqual(parseFixture(readFileSync(FIXTURE_PATH, 'utf8')));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
