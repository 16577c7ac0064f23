import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findReferenceScripts, findSharedDirectory, SHARED_DIR_ENV_VAR } from './reference.js';

// A fake checkout: <root>/repo (the workspace) beside <root>/shared.
let root = '';
const previous = process.env[SHARED_DIR_ENV_VAR];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hw7-reference-'));
  await mkdir(join(root, 'repo', 'packages', 'a'), { recursive: true });
  await writeFile(join(root, 'repo', 'pnpm-workspace.yaml'), 'packages: []\n');
});
afterEach(() => {
  if (previous === undefined) delete process.env[SHARED_DIR_ENV_VAR];
  else process.env[SHARED_DIR_ENV_VAR] = previous;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findReferenceScripts', () => {
  it('says why when there is no ../shared/anchors, and finds it once it exists', async () => {
    delete process.env[SHARED_DIR_ENV_VAR];
    const start = join(root, 'repo', 'packages', 'a');
    expect(findSharedDirectory(start)).toBeNull();
    expect(findReferenceScripts(start)).toEqual({
      ok: false,
      reason: `no reference scripts: ../shared/anchors beside the repository is absent (set ${SHARED_DIR_ENV_VAR} to a directory holding anchors/)`,
    });
    // shared/ without anchors/ (e.g. only data) is not enough.
    await mkdir(join(root, 'shared'));
    expect(findReferenceScripts(start)).toMatchObject({
      ok: false,
      reason: expect.stringContaining(join(root, 'shared', 'anchors')),
    });
    await mkdir(join(root, 'shared', 'anchors'));
    expect(findReferenceScripts(start)).toEqual({ ok: true, value: join(root, 'shared', 'anchors') });
  });

  it(`${SHARED_DIR_ENV_VAR} names the shared directory explicitly`, async () => {
    const elsewhere = join(root, 'elsewhere');
    await mkdir(join(elsewhere, 'anchors'), { recursive: true });
    process.env[SHARED_DIR_ENV_VAR] = elsewhere;
    expect(findReferenceScripts(tmpdir())).toEqual({ ok: true, value: join(elsewhere, 'anchors') });
  });
});
