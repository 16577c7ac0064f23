// The README names every export of every entry point, so that a new export cannot go undocumented
// and a removed one cannot linger in the documentation. The exports come from the TypeScript
// checker, which sees type-only exports too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const ENTRIES = { '@hw7/word2vec': './index.ts', '@hw7/word2vec/homework': './homework.ts' };

function exportsOf(entry: string): string[] {
  const file = fileURLToPath(new URL(entry, import.meta.url));
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file) as ts.SourceFile;
  const module = checker.getSymbolAtLocation(source) as ts.Symbol;
  return checker.getExportsOfModule(module).map((symbol) => symbol.name);
}

describe('README', () => {
  it.each(Object.entries(ENTRIES))('names every export of %s', (_, entry) => {
    const names = exportsOf(entry);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !readme.includes(`\`${name}`))).toEqual([]);
  });
});
