import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkQuotedNumbers, quotedNumberRegions, runBlock, runnableBlocks, scratchCopy } from './index.js';

describe('runnableBlocks', () => {
  it('keeps sh and ts blocks (not no-check sketches, not other languages) with their no-run reason or file', () => {
    const markdown = [
      '```sh',
      'echo hi',
      '```',
      '```sh no-run: needs a PostgreSQL server',
      'psql',
      '```',
      '```ts no-check',
      'sketch(',
      '```',
      '```ts file=objective.js',
      'export const x = 1;',
      '```',
      '```python',
      'print(1)',
      '```',
    ].join('\n');
    expect(runnableBlocks(markdown).map(({ kind, line, noRun, file }) => ({ kind, line, noRun, file }))).toEqual([
      { kind: 'sh', line: 2, noRun: undefined, file: undefined },
      { kind: 'sh', line: 5, noRun: 'needs a PostgreSQL server', file: undefined },
      { kind: 'ts', line: 11, noRun: undefined, file: 'objective.js' },
    ]);
  });
});

describe('scratchCopy and runBlock', () => {
  // A tiny repository: a root package and one package with a dependency folder.
  const root = mkdtempSync(join(tmpdir(), 'readme-commands-repo-'));
  mkdirSync(join(root, 'packages/demo/node_modules/dep'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"root","private":true}');
  writeFileSync(join(root, 'packages/demo/package.json'), '{"name":"demo","type":"module"}');
  writeFileSync(join(root, 'packages/demo/node_modules/dep/index.js'), 'export const answer = 42;');
  mkdirSync(join(root, 'out'));
  writeFileSync(join(root, 'out/old.txt'), 'an earlier output');
  const copy = scratchCopy(root);
  afterAll(() => {
    copy.remove();
    rmSync(root, { recursive: true, force: true });
  });
  const readme = join(root, 'packages/demo/README.md');

  it('runs sh blocks from the root of the copy, so what they write stays out of the repository', async () => {
    const [block] = runnableBlocks('```sh\nmkdir -p out && echo made > out/new.txt && cat package.json\n```');
    const result = await runBlock(block, { copy: copy.dir, readme, root });
    expect(result).toMatchObject({ status: 0, stdout: '{"name":"root","private":true}' });
    expect(readFileSync(join(copy.dir, 'out/new.txt'), 'utf8')).toBe('made\n');
    expect(existsSync(join(root, 'out/new.txt'))).toBe(false);
    expect(existsSync(join(copy.dir, 'out/old.txt'))).toBe(false); // earlier outputs are not copied
  });

  it('stops a sh block at its first failing command, a failing pipe stage included', async () => {
    for (const code of ['false\necho after', 'false | cat\necho after']) {
      const [block] = runnableBlocks(`\`\`\`sh\n${code}\n\`\`\``);
      const result = await runBlock(block, { copy: copy.dir, readme, root });
      expect(result).toMatchObject({ status: 1, stdout: '' });
    }
  });

  it('runs ts blocks as modules in the copy of the README folder, after the file= modules they import', async () => {
    const [module, program] = runnableBlocks(
      [
        '```ts file=helper.js',
        'export const twice = (x: number): number => 2 * x;',
        '```',
        '```ts',
        "import { answer } from 'dep';",
        "import { twice } from './helper.js';",
        'const value: number = await Promise.resolve(twice(answer));',
        'console.log(value, process.cwd().endsWith("packages/demo"));',
        '```',
      ].join('\n'),
    );
    expect(await runBlock(module, { copy: copy.dir, readme, root })).toMatchObject({ status: 0 });
    expect(await runBlock(program, { copy: copy.dir, readme, root })).toMatchObject({
      status: 0,
      stdout: '84 true\n',
    });
  });

  it('kills a block that outlives its timeout', async () => {
    const [block] = runnableBlocks('```sh\nsleep 30\n```');
    expect(await runBlock(block, { copy: copy.dir, readme, root, timeout: 300 })).toMatchObject({ status: 'timeout' });
  });
});

describe('checkQuotedNumbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-numbers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'results.jsonl'),
    '{"strategy":"random","budget":25,"mean":92.2893,"std":0.7861}\n{"strategy":"evolution","budget":1000,"share":0.875}\n',
  );
  const check = (region) => {
    const readme = join(dir, 'README.md');
    writeFileSync(readme, `# demo\n\n<!-- numbers: results.jsonl -->\n${region}\n<!-- /numbers -->\noutside 3.14\n`);
    return checkQuotedNumbers(readme);
  };

  it('accepts numbers the file gives at the quoted precision, as percentages and with thousands commas', () => {
    expect(check('| random | 25 | 92.29 ± 0.79 | 92.3 | 1,000 budget, 87.5% of runs (file v1.2.3, run2) |')).toEqual(
      [],
    );
  });

  it('names each quoted number the file does not give (a stale table), with the line of its region', () => {
    expect(check('| random | 25 | 92.31 ± 0.79 | 93 |')).toEqual([
      { line: 3, source: 'results.jsonl', number: '92.31' },
      { line: 3, source: 'results.jsonl', number: '93' },
    ]);
  });

  it('takes markers on lines of their own only, not quoted in the text', () => {
    expect(quotedNumberRegions('Wrap tables in `<!-- numbers: FILE -->` and `<!-- /numbers -->`: 42.\n')).toEqual([]);
  });

  it('refuses a region that never closes', () => {
    expect(() => quotedNumberRegions('<!-- numbers: x.json -->\n1\n')).toThrow(/opened at line 1 never closes/);
  });
});
