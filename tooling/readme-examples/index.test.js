import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReadmeExamples, checkReadmeExports, extractFencedBlocks, extractTypeScriptExamples } from './index.js';

describe('extractTypeScriptExamples', () => {
  it('returns the ts and typescript blocks with the line of their first line of code', () => {
    const markdown = [
      '# demo', //           1
      '```sh', //            2
      'npm i demo', //       3
      '```', //              4
      '```ts', //            5
      'const a = 1;', //     6
      '````', //             7: closes (same character, longer)
      '~~~typescript', //    8
      '```', //              9: a backtick fence inside a tilde block is code
      '~~~', //             10
      '```ts no-check', //  11
      'sketch(', //         12
      '```', //             13
    ].join('\n');
    expect(extractTypeScriptExamples(markdown)).toEqual({
      examples: [
        { code: 'const a = 1;', line: 6 },
        { code: '```', line: 9 },
      ],
      skipped: 1,
    });
  });

  it('names the line of a fence that never closes', () => {
    expect(() => extractTypeScriptExamples('text\n```ts\nconst a = 1;\n')).toThrow(
      /unclosed code fence opened at line 2/,
    );
  });
});

describe('extractFencedBlocks', () => {
  it('gives every block with its language, the rest of its info string and its first line of code', () => {
    const markdown = [
      '```sh no-run: needs a GPU', // 1
      'train --gpu', //               2
      '```', //                       3
      'text ```` ```sh ```` inline', // 4
      '```` ```ts ```` inline code at the start of a line is not a fence', // 5
      '~~~TS file=objective.js', //   6
      'export const a = 1;', //       7
      '~~~', //                       8
    ].join('\n');
    expect(extractFencedBlocks(markdown)).toEqual([
      { language: 'sh', info: 'no-run: needs a GPU', code: 'train --gpu', line: 2 },
      { language: 'ts', info: 'file=objective.js', code: 'export const a = 1;', line: 7 },
    ]);
  });
});

describe('checkReadmeExamples', () => {
  // A package whose own name resolves through its exports map to its types, as after a build.
  const packageDir = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  afterAll(() => rmSync(packageDir, { recursive: true, force: true }));
  writeFileSync(
    join(packageDir, 'package.json'),
    JSON.stringify({
      name: 'demo-pkg',
      type: 'module',
      exports: { '.': { types: './index.d.ts', default: './index.js' } },
    }),
  );
  writeFileSync(join(packageDir, 'index.d.ts'), 'export declare function double(x: number): number;\n');
  writeFileSync(
    join(packageDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' },
    }),
  );

  it('passes examples that use the package as documented, top-level await included', () => {
    const readme = join(packageDir, 'good.md');
    writeFileSync(
      readme,
      "```ts\nimport { double } from 'demo-pkg';\nconst x: number = await Promise.resolve(double(2));\n```\n",
    );
    expect(checkReadmeExamples({ packageDir, readme })).toEqual({ examples: 1, skipped: 0, problems: [] });
  });

  it('reports type errors and unknown exports at their README line and column', () => {
    const readme = join(packageDir, 'bad.md');
    writeFileSync(
      readme,
      [
        '# demo', //                                       1
        '```ts', //                                        2
        "import { double } from 'demo-pkg';", //           3
        "double('two');", //                               4
        '```', //                                          5
        '```ts', //                                        6
        "import { triple } from 'demo-pkg';", //           7
        '```', //                                          8
        '```ts no-check', //                               9
        'notDefined();', //                               10
        '```', //                                         11
      ].join('\n'),
    );
    const { examples, skipped, problems } = checkReadmeExamples({ packageDir, readme });
    expect({ examples, skipped }).toEqual({ examples: 2, skipped: 1 });
    expect(problems.map(({ line, column, message }) => [line, column, message.slice(0, 7)])).toEqual([
      [4, 8, 'TS2345:'],
      [7, 10, 'TS2305:'],
    ]);
    expect(problems[1]?.message).toMatch(/has no exported member 'triple'/);
  });

  it('fails on a setup problem instead of passing silently', () => {
    const broken = mkdtempSync(join(packageDir, 'broken-'));
    writeFileSync(join(broken, 'tsconfig.json'), JSON.stringify({ compilerOptions: { types: ['no-such-types'] } }));
    writeFileSync(join(broken, 'README.md'), '```ts\nconst a = 1;\n```\n');
    expect(() => checkReadmeExamples({ packageDir: broken })).toThrow(
      /TS2688: Cannot find type definition file for 'no-such-types'/,
    );
  });
});

describe('checkReadmeExports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-exports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'demo',
      exports: {
        '.': { import: { types: './index.d.ts', default: './index.js' } },
        './extra': { types: './extra.d.ts', default: './extra.js' },
      },
    }),
  );
  writeFileSync(
    join(dir, 'index.d.ts'),
    [
      'export declare function train(steps: number): void;',
      'export interface TrainOptions { steps: number }',
      'export type Mode = "a" | "b";',
      'export declare const LIMIT = 3;',
      'export declare class Model { fit(): void }',
      'export * from "./extra.js";',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'extra.d.ts'), 'export declare function hidden(): void;\nexport declare const shown = 1;\n');

  it('lists the exports, re-exports and types included, that the README does not name as code', () => {
    writeFileSync(join(dir, 'README.md'), '`train(steps)` with `TrainOptions`; `Model.fit` and `shown`. Mode, LIMIT\n');
    expect(checkReadmeExports({ packageDir: dir })).toEqual([
      { entry: '.', name: 'LIMIT' },
      { entry: '.', name: 'Mode' },
      { entry: '.', name: 'hidden' },
    ]);
    expect(checkReadmeExports({ packageDir: dir, entries: ['./extra'] })).toEqual([
      { entry: './extra', name: 'hidden' },
    ]);
  });

  it('fails naming the entry the exports map gives no types for', () => {
    expect(() => checkReadmeExports({ packageDir: dir, entries: ['./missing'] })).toThrow(
      /package\.json: exports\["\.\/missing"\] names no types/,
    );
  });
});
