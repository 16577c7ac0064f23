// The README lists every export of every entry point (the package's public API), so a new export
// cannot go undocumented and a removed one cannot linger in the docs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
};
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The names an entry module exports, from its `export { ... } from` lists. */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const [, list] of source.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const name = item
        .trim()
        .replace(/^type /, '')
        .split(/\s+as\s+/)
        .pop();
      if (name) names.push(name);
    }
  }
  return names;
}

const entries = Object.keys(packageJson.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? 'index' : key.slice(2)));

describe('README', () => {
  it.each(entries)('names every export of the entry %s', (entry) => {
    const names = exportedNames(readFileSync(new URL(`./${entry}.ts`, import.meta.url), 'utf8'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
