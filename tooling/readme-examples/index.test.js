import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReadmeExamples, extractTypeScriptExamples } from './index.js';

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
