// Locating the reference scripts of the project's shared material (`../shared/anchors`: PyTorch,
// Optuna and gensim runs that benchmarks compare against) and running them, skipping cleanly when
// either the scripts or Python are absent. The data sets ship in @hw7/datasets instead.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** Environment variable naming the shared directory explicitly. */
export const SHARED_DIR_ENV_VAR = 'HW7_SHARED_DIR';
/** Debian's interpreter, where python3-torch, -optuna, -gensim and -sklearn are installed. */
export const REFERENCE_PYTHON = '/usr/bin/python3';

/**
 * The `shared/` directory beside the repository (found by walking up from `start` to the workspace
 * root), or `$HW7_SHARED_DIR`; null when there is none. Only the benchmarks' reference scripts live
 * there (see {@link findReferenceScripts}).
 */
export function findSharedDirectory(start = process.cwd()): string | null {
  const fromEnv = process.env[SHARED_DIR_ENV_VAR];
  if (fromEnv) return existsSync(fromEnv) ? resolve(fromEnv) : null;
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) {
      const shared = join(dirname(directory), 'shared');
      return existsSync(shared) ? shared : null;
    }
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

export type ReferenceResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * The directory of the reference scripts and recorded results (`<shared>/anchors`), or the reason a
 * benchmark skips its comparison: the scripts are not part of the repository.
 */
export function findReferenceScripts(start = process.cwd()): ReferenceResult<string> {
  const shared = findSharedDirectory(start);
  const anchors = shared === null ? null : join(shared, 'anchors');
  if (anchors !== null && existsSync(anchors)) return { ok: true, value: anchors };
  return {
    ok: false,
    reason: `no reference scripts: ${anchors ?? '../shared/anchors beside the repository'} is absent (set ${SHARED_DIR_ENV_VAR} to a directory holding anchors/)`,
  };
}

/**
 * Runs a Python reference script with Debian's interpreter and parses the last JSON line it prints.
 * Resolves to `{ ok: false, reason }` (never throws) when the script, the interpreter or a module
 * is missing, so benchmarks can say why they skipped the comparison.
 */
export async function runPythonReference<T = Record<string, unknown>>(
  script: string,
  args: string[] = [],
  { timeoutMs = 30 * 60_000, env }: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ReferenceResult<T>> {
  if (!existsSync(script)) return { ok: false, reason: `reference script not found: ${script}` };
  if (!existsSync(REFERENCE_PYTHON)) return { ok: false, reason: `${REFERENCE_PYTHON} not found` };
  try {
    const { stdout } = await promisify(execFile)(REFERENCE_PYTHON, [script, ...args], {
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: env ?? process.env,
    });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return { ok: true, value: JSON.parse(line) as T };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    const missing = /ModuleNotFoundError: No module named '([^']+)'/.exec(stderr);
    const reason = missing
      ? `python module ${missing[1]} is not installed (apt-get install python3-${missing[1]})`
      : `${script} failed: ${(stderr.trim().split('\n').at(-1) ?? '') || (error as Error).message}`;
    return { ok: false, reason };
  }
}
