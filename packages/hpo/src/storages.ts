// `@hw7/hpo/storages` (Optuna's `optuna.storages`): where studies live. A URL string works wherever a
// storage is accepted; these are for options, other processes and storages of your own.
export { InMemoryStorage } from './storage/in-memory-storage.js';
export { PostgresQueryError } from './storage/postgres-connection.js';
export { isPostgresUrl, PostgresStorage, type PostgresStorageOptions } from './storage/postgres-storage.js';
export type { HeartbeatOptions } from './storage/sql-common.js';
export { SqliteStorage, type SqliteStorageOptions } from './storage/sqlite-storage.js';
export type { Storage, StoredStudy, TrialTemplate, UniqueAttrClaim } from './storage/storage.js';
export { type StorageUrlOptions, sqlitePathFromUrl, storageFromUrl } from './storage/storage-url.js';
