// Every ```sh and ```ts block of the root, app and package READMEs runs as a reader would type it,
// on the built workspace, in one scratch copy of the repository (READMEs and their blocks in order,
// so a later block sees what an earlier one wrote; copying takes seconds, so there is one copy). The environment sets HW7_SMOKE=1: commands
// lower the sizes their options declare as `smoke` (steps, epochs, budgets), so that a documented
// training run checks its whole path in seconds. A block that cannot run here says why in its
// fence: ```sh no-run: needs a PostgreSQL server on another machine. And the numbers a README quotes
// between `<!-- numbers: FILE -->` and `<!-- /numbers -->` must be those of that committed bench
// output, so a rerun that changes them fails here until the text follows.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQuotedNumbers, runBlock, runnableBlocks, scratchCopy } from './index.js';

const root = resolve(import.meta.dirname, '../..');
const readmes = [
  'README.md',
  ...['apps', 'packages'].flatMap((folder) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${folder}/${entry.name}/README.md`)
      .filter((readme) => {
        try {
          readFileSync(join(root, readme));
          return true;
        } catch {
          return false;
        }
      }),
  ),
];
/** Per block; a block that needs longer is too slow for the test suite and says no-run. */
const BLOCK_TIMEOUT = 180_000;

let copy;
beforeAll(() => {
  copy = scratchCopy(root);
}, 120_000);
afterAll(() => copy?.remove(), 120_000);

for (const readme of readmes) {
  describe(readme, () => {
    const path = join(root, readme);
    const blocks = runnableBlocks(readFileSync(path, 'utf8'));

    it('quotes only numbers its bench output files give', () => {
      expect(checkQuotedNumbers(path)).toEqual([]);
    });

    for (const block of blocks) {
      const name = `${block.kind} block at line ${block.line}`;
      if (block.noRun !== undefined) {
        it(`${name} is marked no-run with a reason`, () => {
          // "no-run:" alone, or a word, says nothing a reader can check.
          expect(block.noRun.split(/\s+/).length, `${readme}:${block.line}: no-run needs a reason`).toBeGreaterThan(2);
        });
        continue;
      }
      it(
        `${name} runs`,
        async () => {
          const result = await runBlock(block, {
            copy: copy.dir,
            readme: path,
            root,
            env: { ...copy.env, HW7_SMOKE: '1' },
            timeout: BLOCK_TIMEOUT,
          });
          const output = `${readme}:${block.line}: exit ${result.status}\n${block.code}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`;
          expect(result.status, output).toBe(0);
        },
        BLOCK_TIMEOUT + 10_000,
      );
    }
  });
}
