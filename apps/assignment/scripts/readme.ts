// Rewrites the README's measured tables from measured/ (see readme-tables.ts). Run from
// apps/assignment after a measurement: `pnpm readme`; `pnpm readme --check` fails when the README is out
// of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { README, withMeasuredTables } from './readme-tables.js';

const readme = readFileSync(README, 'utf8');
const updated = withMeasuredTables(readme);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md is out of date with measured/: run pnpm readme');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(README, updated);
  console.log('README.md updated');
}
