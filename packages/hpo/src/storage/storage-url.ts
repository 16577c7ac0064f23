// Storage URLs as Optuna (SQLAlchemy) spells them: `sqlite:///relative/path.db` is relative to the
// working directory, `sqlite:////absolute/path.db` is absolute.
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.js';
import type { Storage } from './storage.js';

const SQLITE_PREFIX = 'sqlite:///';

/** The file a `sqlite:///<path>` URL names. */
export function sqlitePathFromUrl(url: string): string {
  if (!url.startsWith(SQLITE_PREFIX) || url.length === SQLITE_PREFIX.length) {
    throw new RangeError(`storage URL must look like 'sqlite:///<path to file>'; got '${url}'`);
  }
  return url.slice(SQLITE_PREFIX.length);
}

export function storageFromUrl(url: string, options?: SqliteStorageOptions): Storage {
  return new SqliteStorage(sqlitePathFromUrl(url), options);
}
