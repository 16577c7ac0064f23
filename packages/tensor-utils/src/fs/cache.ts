// One place for the files hw7 computes once and reuses (trained evaluators, word vectors):
// $HW7_CACHE_DIR, by default ~/.cache/hw7.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variable that moves the cache. */
export const CACHE_DIR_ENV_VAR = 'HW7_CACHE_DIR';

/** `$HW7_CACHE_DIR/<parts...>`, by default `~/.cache/hw7/<parts...>`. Nothing is created. */
export function cacheDirectory(...parts: string[]): string {
  return join(process.env[CACHE_DIR_ENV_VAR] || join(homedir(), '.cache', 'hw7'), ...parts);
}
