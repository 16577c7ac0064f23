import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedStorageBehaviour } from '../../test/sql-storage-behaviour.js';
import { createStudy } from '../study.js';
import { SqliteStorage } from './sqlite-storage.js';
import { sqlitePathFromUrl } from './storage-url.js';

let directory: string;
let file: string;
const opened: SqliteStorage[] = [];
function open(options?: ConstructorParameters<typeof SqliteStorage>[1]): SqliteStorage {
  const storage = new SqliteStorage(file, options);
  opened.push(storage);
  return storage;
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hpo-sqlite-'));
  file = join(directory, 'studies.db');
});
afterEach(() => {
  // Closing twice is harmless; a case may close a connection itself.
  for (const storage of opened.splice(0)) storage.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('SqliteStorage', () => {
  sharedStorageBehaviour(() => ({ open, url: () => `sqlite:///${file}` }));

  it('reads the file a sqlite:/// URL names', () => {
    expect(sqlitePathFromUrl(`sqlite:///${file}`)).toBe(file);
    expect(sqlitePathFromUrl('sqlite:///relative/studies.db')).toBe('relative/studies.db');
  });

  it('explains invalid arguments', () => {
    expect(() => sqlitePathFromUrl('mysql://db')).toThrow(
      "storage URL must look like 'sqlite:///<path to file>'; got 'mysql://db'",
    );
    expect(() => createStudy({ storage: 'sqlite:///' })).toThrow(/sqlite:\/\/\/<path to file>/);
    expect(() => open({ heartbeatInterval: 0 })).toThrow('heartbeatInterval must be > 0 seconds; got 0');
    expect(() => open({ gracePeriod: 5 })).toThrow('gracePeriod needs a heartbeatInterval');
    expect(() => open({ heartbeatInterval: 2, gracePeriod: 1 })).toThrow('must exceed it (2 s); got 1');
    expect(() => new SqliteStorage(':memory:', { heartbeatInterval: 1 })).toThrow("got path ':memory:'");
  });

  it('issue 24: SQLite open errors name the file (missing directory, a directory, not a database)', () => {
    const missing = join(directory, 'no-such-directory', 'studies.db');
    expect(() => new SqliteStorage(missing)).toThrow(`cannot open the SQLite database ${missing}: `);
    expect(() => new SqliteStorage(directory)).toThrow(`cannot open the SQLite database ${directory}: `);
    const notADatabase = join(directory, 'notes.txt');
    writeFileSync(notADatabase, 'not a database, but long enough to have a header '.repeat(4));
    expect(() => new SqliteStorage(notADatabase)).toThrow(
      `cannot open the SQLite database ${notADatabase}: file is not a database (SQLITE_NOTADB)`,
    );
  });
});
