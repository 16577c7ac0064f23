// Fuzz tests of checkpoint reading (CheckpointManager.restore): a saved checkpoint whose manifest,
// tensor file or latest pointer is damaged must restore the saved values or fail with a
// CheckpointError, never crash with an internal error or restore wrong numbers.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParameters, mutatedBytes } from '../../test/fuzz-support.js';
import * as tf from '../tf.js';
import { CheckpointError, CheckpointManager } from './checkpoint.js';

let template: string;
let saved: { w: number[]; b: number[] };
let files: Record<'manifest' | 'tensors' | 'latest', Uint8Array>;
const STEP_DIRECTORY = 'step-000000007';

beforeAll(async () => {
  await tf.setBackend('cpu');
  template = mkdtempSync(join(tmpdir(), 'hw7-checkpoint-fuzz-'));
  const w = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), true, 'fuzz_w');
  const b = tf.variable(tf.tensor1d([-1, 0.5, 7]), true, 'fuzz_b');
  await new CheckpointManager(template).save({ step: 7, variables: { w, b }, state: { epoch: 3 } });
  saved = { w: Array.from(await w.data()), b: Array.from(await b.data()) };
  tf.dispose([w, b]);
  files = {
    manifest: readFileSync(join(template, STEP_DIRECTORY, 'manifest.json')),
    tensors: readFileSync(join(template, STEP_DIRECTORY, 'tensors.bin')),
    latest: readFileSync(join(template, 'latest.json')),
  };
});
afterAll(() => {
  rmSync(template, { recursive: true, force: true });
});

type Outcome = { kind: 'restored'; w: number[]; b: number[]; state: unknown } | { kind: 'failed'; error: unknown };

/** Restores a copy of the template with `file` replaced by `bytes` into fresh variables. */
async function restoreDamaged(file: keyof typeof files, bytes: Uint8Array): Promise<Outcome> {
  const directory = mkdtempSync(join(tmpdir(), 'hw7-checkpoint-case-'));
  const w = tf.variable(tf.zeros([2, 3]), true, `w_${Math.random()}`);
  const b = tf.variable(tf.zeros([3]), true, `b_${Math.random()}`);
  try {
    cpSync(template, directory, { recursive: true });
    const path =
      file === 'latest'
        ? join(directory, 'latest.json')
        : join(directory, STEP_DIRECTORY, `${file === 'manifest' ? 'manifest.json' : 'tensors.bin'}`);
    writeFileSync(path, bytes);
    const restored = await new CheckpointManager(directory).restore({ variables: { w, b } });
    if (restored === null) return { kind: 'failed', error: new CheckpointError('no checkpoint') };
    return { kind: 'restored', w: Array.from(await w.data()), b: Array.from(await b.data()), state: restored.state };
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    tf.dispose([w, b]);
    rmSync(directory, { recursive: true, force: true });
  }
}

function expectSavedOrCheckpointError(outcome: Outcome): void {
  if (outcome.kind === 'failed') {
    expect(outcome.error, String((outcome.error as Error)?.stack ?? outcome.error)).toBeInstanceOf(CheckpointError);
    return;
  }
  expect({ w: outcome.w, b: outcome.b }).toEqual(saved);
}

describe('checkpoint reading under fuzzing', () => {
  it('the template restores exactly', async () => {
    expect(await restoreDamaged('latest', files.latest)).toEqual({ kind: 'restored', ...saved, state: { epoch: 3 } });
  });

  it('a damaged tensors.bin is caught by its length or checksum', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => mutatedBytes(files.tensors)),
        async (bytes) => {
          const outcome = await restoreDamaged('tensors', bytes);
          const changed = Buffer.compare(Buffer.from(bytes), Buffer.from(files.tensors)) !== 0;
          expect(outcome.kind).toBe(changed ? 'failed' : 'restored');
          expectSavedOrCheckpointError(outcome);
        },
      ),
      fuzzParameters(0.5),
    );
  });

  it('a damaged latest.json restores the saved values or fails with a CheckpointError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => mutatedBytes(files.latest)),
        async (bytes) => {
          expectSavedOrCheckpointError(await restoreDamaged('latest', bytes));
        },
      ),
      fuzzParameters(0.5),
    );
  });

  it('a damaged manifest.json restores the saved values or fails with a CheckpointError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => mutatedBytes(files.manifest)),
        async (bytes) => {
          expectSavedOrCheckpointError(await restoreDamaged('manifest', bytes));
        },
      ),
      fuzzParameters(),
    );
  });

  // Problems the fuzzing found in checkpoint.ts, fixed there: the tensor records and the latest
  // pointer were not checked to be objects, and the records' offsets were not protected by the
  // checksum (they must now tile tensors.bin in order).
  it('a null tensor record fails with a CheckpointError (was a TypeError in validateManifest)', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files.manifest));
    manifest.tensors[1] = null;
    expectSavedOrCheckpointError(await restoreDamaged('manifest', new TextEncoder().encode(JSON.stringify(manifest))));
  });

  it('a tensor offset changed in the manifest fails instead of restoring shifted bytes (was: wrong values)', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files.manifest));
    manifest.tensors[1].offset = 3;
    expectSavedOrCheckpointError(await restoreDamaged('manifest', new TextEncoder().encode(JSON.stringify(manifest))));
  });

  it('a latest.json holding null fails with a CheckpointError (was a TypeError in latest())', async () => {
    expectSavedOrCheckpointError(await restoreDamaged('latest', new TextEncoder().encode('null')));
  });

  it('a latest.json holding any other JSON value restores the saved values or fails with a CheckpointError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 2 }).filter((value) => value !== null),
        async (value) => {
          expectSavedOrCheckpointError(await restoreDamaged('latest', new TextEncoder().encode(JSON.stringify(value))));
        },
      ),
      fuzzParameters(0.5),
    );
  });

  it('a manifest with any other field replaced, deleted or given another JSON value restores the saved values or fails with a CheckpointError', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files.manifest));
    const paths = fieldPaths(manifest).filter((path) => path[0] !== 'tensors');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })), {
          minLength: 1,
          maxLength: 3,
        }),
        async (changes) => {
          const damaged = structuredClone(manifest);
          for (const [path, value] of changes) setAt(damaged, path, value);
          expectSavedOrCheckpointError(
            await restoreDamaged('manifest', new TextEncoder().encode(JSON.stringify(damaged))),
          );
        },
      ),
      fuzzParameters(2),
    );
  });
});

/** Every path to a value inside `value` (the root excluded). */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...fieldPaths(child, path)];
  });
}

/** Sets (or, for undefined, deletes) the value at `path`, if its parent still exists. */
function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let parent = root as Record<string | number, unknown> | null;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return;
    parent = parent[key] as Record<string | number, unknown> | null;
  }
  if (parent === null || typeof parent !== 'object') return;
  const last = path[path.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}
