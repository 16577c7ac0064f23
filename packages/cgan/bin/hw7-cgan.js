#!/usr/bin/env node
// The `hw7-cgan` command. A committed file rather than dist/cli.js itself, so that pnpm links the
// command when the workspace installs, before the build has written dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(`hw7-cgan: ${fileURLToPath(cli)} is missing: build the package first (pnpm build)`);
  process.exit(1);
}
await import(cli.href);
