#!/usr/bin/env node
// check-readme-examples [README] [--exports ENTRY]...: type-checks the TypeScript examples of the
// README (default: ./README.md) of the package in the current directory, and checks that it names
// every export of the given entry points (keys of the package's `exports` map; default '.', the
// main entry); exits 1 listing every problem.
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkReadmeExamples, checkReadmeExports } from './index.js';

const { values, positionals } = parseArgs({
  options: { exports: { type: 'string', multiple: true, default: ['.'] } },
  allowPositionals: true,
});
const packageDir = process.cwd();
const readme = resolve(packageDir, positionals[0] ?? 'README.md');
const name = relative(packageDir, readme);
const { examples, skipped, problems } = checkReadmeExamples({ packageDir, readme });
for (const { line, column, message } of problems) console.error(`${name}:${line}:${column} - ${message}`);
const unnamed = checkReadmeExports({ packageDir, readme, entries: values.exports });
for (const { entry, name: exported } of unnamed) {
  console.error(`${name}: does not name \`${exported}\`, an export of ${entry === '.' ? 'the main entry' : entry}`);
}
const skippedNote = skipped ? ` (${skipped} marked no-check)` : '';
if (problems.length > 0) {
  console.error(`${name}: ${problems.length} problem(s) in ${examples} TypeScript example(s)${skippedNote}`);
}
if (unnamed.length > 0) {
  console.error(`${name}: ${unnamed.length} export(s) not named; add each to the README's API list`);
}
if (problems.length > 0 || unnamed.length > 0) process.exit(1);
console.log(
  `${name}: ${examples} TypeScript example(s) type-check${skippedNote}; every export of ${values.exports.join(', ')} named`,
);
