// Storage URLs as Optuna (SQLAlchemy) spells them: `sqlite:///relative/path.db` is relative to the
// working directory, `sqlite:////absolute/path.db` is absolute; `postgresql://user@host:5432/db`
// (or `postgres://`) names a PostgreSQL database shared by workers on any number of machines.
import { redactedUrl } from './postgres-connection.js';
import { isPostgresUrl, PostgresStorage, type PostgresStorageOptions } from './postgres-storage.js';
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.js';
import type { Storage } from './storage.js';

const SQLITE_PREFIX = 'sqlite:///';

/** Options for either kind of URL; each storage takes the ones it knows. */
export type StorageUrlOptions = SqliteStorageOptions & PostgresStorageOptions;

/** The file a `sqlite:///<path>` URL names. */
export function sqlitePathFromUrl(url: string): string {
  if (!url.startsWith(SQLITE_PREFIX) || url.length === SQLITE_PREFIX.length) {
    throw new RangeError(`storage URL must look like 'sqlite:///<path to file>'; got '${url}'`);
  }
  return url.slice(SQLITE_PREFIX.length);
}

/** Opens the storage a URL names; close it (`close()`) when done. */
export function storageFromUrl(url: string, options: StorageUrlOptions = {}): Storage & { close(): void } {
  if (isPostgresUrl(url)) return new PostgresStorage(url, options);
  if (!url.startsWith(SQLITE_PREFIX)) {
    throw new RangeError(
      `storage URL must look like 'sqlite:///<path to file>' or 'postgresql://user@host:5432/database'; got '${redactedUrl(url)}'`,
    );
  }
  if (options.maxRetries) throw new RangeError('maxRetries (re-enqueuing stale trials) needs a postgresql:// storage');
  return new SqliteStorage(sqlitePathFromUrl(url), options);
}
