// Locating the project's shared material (data sets, reference scripts) and running the Python
// reference implementations that benchmarks compare against, skipping cleanly when either is absent.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** Environment variable naming the shared directory explicitly. */
export const SHARED_DIR_ENV_VAR = 'HW7_SHARED_DIR';
/** Debian's interpreter, where python3-torch, -optuna, -gensim and -sklearn are installed. */
export const REFERENCE_PYTHON = '/usr/bin/python3';

/**
 * The `shared/` directory beside the repository (found by walking up from `start` to the workspace
 * root), or `$HW7_SHARED_DIR`; null when there is none.
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

/**
 * The gzipped text files of the shared word2vec corpus (`<shared>/data/corpus/*.txt.gz`), sorted by
 * name; an empty list when the directory is missing.
 */
export function sharedCorpusFiles(sharedDirectory: string): string[] {
  const directory = join(sharedDirectory, 'data', 'corpus');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.txt.gz'))
    .sort()
    .map((name) => join(directory, name));
}

export type ReferenceResult<T> = { ok: true; value: T } | { ok: false; reason: string };

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
