// The README names every export of each entry point (values and types), so nothing public goes
// undocumented; read with the TypeScript compiler, which sees the type-only exports too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The source of each entry point: @hw7/mtl-text, /data, /model, /metrics. */
const ENTRIES = ['./index.ts', './data/index.ts', './model/index.ts', './metrics/index.ts'];

describe('README.md', () => {
  it('names every export of every entry point', () => {
    const paths = ENTRIES.map(file);
    const program = ts.createProgram(paths, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const readme = readFileSync(file('../README.md'), 'utf8');
    const missing = paths.flatMap((path) => {
      const source = program.getSourceFile(path) as ts.SourceFile;
      const symbol = checker.getSymbolAtLocation(source) as ts.Symbol;
      return (
        checker
          .getExportsOfModule(symbol)
          .map((exported) => exported.name)
          // Named as code: `name` or `name(...)`.
          .filter((name) => !readme.includes(`\`${name}\``) && !readme.includes(`\`${name}(`))
          .map((name) => `${path}: ${name}`)
      );
    });
    expect(missing).toEqual([]);
  }, 60_000);
});
