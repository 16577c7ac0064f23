// A PostgreSQL server for the tests and the bench: the one HW7_POSTGRES_URL names (CI starts one,
// see .ci/run), or else a throwaway cluster in a temporary directory on a free loopback port, made
// with the Debian `postgresql` package's binaries. Not part of the public API.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncPostgresConnection } from './postgres-connection.js';

export interface TestPostgres {
  url: string;
  /** Stops the throwaway server (nothing for a server given by HW7_POSTGRES_URL). */
  stop(): void;
}

const POSTGRES_BIN_ROOT = '/usr/lib/postgresql';

/** The server to test against, or why there is none (then tests skip, printing the reason). */
export async function startTestPostgres(): Promise<TestPostgres | { skipReason: string }> {
  const given = process.env.HW7_POSTGRES_URL;
  if (given) return { url: given, stop: () => {} };
  const bin = postgresBinDirectory();
  if (!bin) {
    return { skipReason: `HW7_POSTGRES_URL is unset and no PostgreSQL binaries are in ${POSTGRES_BIN_ROOT}` };
  }
  const directory = mkdtempSync(join(tmpdir(), 'hw7-postgres-'));
  chmodSync(directory, 0o777);
  const dataDirectory = join(directory, 'data');
  const port = await freePort();
  // PostgreSQL refuses to run as root: root runs it as the `postgres` user, anyone else as themselves.
  const asRoot = process.getuid?.() === 0;
  const asPostgres = (program: string, ...args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], {
          stdio: 'pipe',
          cwd: directory,
        })
      : execFileSync(join(bin, program), args, { stdio: 'pipe', cwd: directory });
  try {
    asPostgres('initdb', '-D', dataDirectory, '--auth=trust', '-U', 'postgres', '--no-sync');
    asPostgres(
      'pg_ctl',
      '-D',
      dataDirectory,
      '-l',
      join(directory, 'server.log'),
      '-w',
      '-o',
      `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${directory} -c max_connections=200`,
      'start',
    );
    // A role of its own, allowed to create the tests' databases, owning the database `hw7`.
    asPostgres('createuser', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '--createdb', 'hw7');
    asPostgres('createdb', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-O', 'hw7', 'hw7');
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skipReason: `could not start a throwaway PostgreSQL server: ${stderr || (error as Error).message}` };
  }
  return {
    url: `postgresql://hw7@127.0.0.1:${port}/hw7`,
    stop: () => {
      try {
        asPostgres('pg_ctl', '-D', dataDirectory, '-m', 'immediate', '-w', 'stop');
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

function postgresBinDirectory(): string | undefined {
  if (!existsSync(POSTGRES_BIN_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_BIN_ROOT)
    .filter((version) => existsSync(join(POSTGRES_BIN_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(POSTGRES_BIN_ROOT, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let databases = 0;

/** A fresh, empty database on `server` (so that each test starts from no schema at all). */
export function createTestDatabase(server: TestPostgres): { url: string; drop(): void } {
  const name = `hw7_test_${process.pid}_${databases++}`;
  const admin = new SyncPostgresConnection(server.url);
  try {
    admin.query(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => {
      const dropper = new SyncPostgresConnection(server.url);
      try {
        dropper.query(`DROP DATABASE ${name} WITH (FORCE)`);
      } finally {
        dropper.close();
      }
    },
  };
}
