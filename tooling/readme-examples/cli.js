#!/usr/bin/env node
// check-readme-examples [README]: type-checks the TypeScript examples of the README (default:
// ./README.md) of the package in the current directory; exits 1 listing every problem.
import { relative, resolve } from 'node:path';
import { checkReadmeExamples } from './index.js';

const packageDir = process.cwd();
const readme = resolve(packageDir, process.argv[2] ?? 'README.md');
const { examples, skipped, problems } = checkReadmeExamples({ packageDir, readme });
const name = relative(packageDir, readme);
for (const { line, column, message } of problems) console.error(`${name}:${line}:${column} - ${message}`);
const skippedNote = skipped ? ` (${skipped} marked no-check)` : '';
if (problems.length > 0) {
  console.error(`${name}: ${problems.length} problem(s) in ${examples} TypeScript example(s)${skippedNote}`);
  process.exit(1);
}
console.log(`${name}: ${examples} TypeScript example(s) type-check${skippedNote}`);
