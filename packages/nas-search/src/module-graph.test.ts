// The entries that promise not to load TensorFlow.js (/spaces, /tabular, /distributed, the command
// line until a command runs, `hw7-nas tabular`, `synthetic-table` and `worker`) import it nowhere in
// their static module graph; only a dynamic import() may reach it (the REINFORCE controller, when a
// comparison asks for it).
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));
/** Value imports and re-exports (`import type` and `export type` are erased by the compiler). */
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)';/gm;

/** The packages reached by static imports from `entry`, and the path of modules that leads to each. */
function staticPackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const visit = (file: string, path: string[]) => {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(STATIC_IMPORT)) {
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, path);
        continue;
      }
      const target = join(dirname(file), specifier.replace(/\.js$/, '.ts'));
      const name = relative(SOURCE, target);
      if (!path.includes(name)) visit(target, [...path, name]);
    }
  };
  visit(join(SOURCE, entry), [entry]);
  return packages;
}

describe('modules without TensorFlow.js', () => {
  it.each([
    'spaces.ts',
    'tabular.ts',
    'distributed.ts',
    'cli.ts',
    'commands/tabular-command.ts',
    'commands/synthetic-table-command.ts',
    'commands/worker-command.ts',
  ])('%s imports neither TensorFlow.js nor the core entry that loads it', (entry) => {
    const packages = staticPackages(entry);
    const heavy = [...packages].filter(([name]) => name === '@hw7/tensor-utils' || name.startsWith('@tensorflow/'));
    expect(heavy.map(([name, path]) => `${name} via ${path.join(' -> ')}`)).toEqual([]);
    expect(packages.has('@hw7/tensor-utils/base')).toBe(true);
  });
});
