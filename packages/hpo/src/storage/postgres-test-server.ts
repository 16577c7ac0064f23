// A PostgreSQL server for the tests and the bench: the one HW7_POSTGRES_URL names (.ci/run starts
// one), or else a throwaway cluster started by tooling/postgres/throwaway-postgres.sh (the script CI
// uses too) with the Debian `postgresql` package's binaries. Not part of the public API.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SyncPostgresConnection } from './postgres-connection.js';

export interface TestPostgres {
  url: string;
  /** Stops the throwaway server (nothing for a server given by HW7_POSTGRES_URL). */
  stop(): void;
}

const THROWAWAY_SCRIPT = fileURLToPath(new URL('../../../../tooling/postgres/throwaway-postgres.sh', import.meta.url));

/** The server to test against, or why there is none (then tests skip, printing the reason). */
export async function startTestPostgres(): Promise<TestPostgres | { skipReason: string }> {
  const given = process.env.HW7_POSTGRES_URL;
  if (given) return { url: given, stop: () => {} };
  let started: string;
  try {
    started = execFileSync(THROWAWAY_SCRIPT, ['start'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return {
      skipReason: `HW7_POSTGRES_URL is unset and no throwaway server started: ${stderr || (error as Error).message}`,
    };
  }
  const [url, directory] = started.trim().split(' ') as [string, string];
  return {
    url,
    stop: () => {
      execFileSync(THROWAWAY_SCRIPT, ['stop', directory], { stdio: 'ignore' });
    },
  };
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
