// hw7's command line in a child process: --help and wrong arguments answer at once (nothing heavy is
// loaded), in the core kit's one-line error format with exit status 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
const hw7 = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('hw7', () => {
  it('--help lists every question and group, the options once, and what a rerun keeps', () => {
    const { status, stdout } = hw7('--help');
    expect(status).toBe(0);
    for (const name of ['run', 'q1', 'q8', 'nas', 'gan', 'text', '--profile', '--out', '--data-dir']) {
      expect(stdout).toContain(name);
    }
    expect(stdout).toContain('keeps its earlier results until the new ones are complete');
  });

  it.each([
    [['run', 'q9'], 'hw7: invalid value (QUESTION "q9"): one of q1, q2, q3, q4, q5, q6, q7, q8, all, nas, gan, text'],
    [['q6', '--profile', 'huge'], 'hw7: invalid value (--profile "huge"): one of quick, full'],
    [['q1', '--seed', '-1'], 'hw7: invalid value (--seed "-1"): an integer >= 0'],
    [['q7', '--data-dir', '/no/such/dir'], 'hw7: does not exist (--data-dir "/no/such/dir")'],
    [['q1', '--epochs', '3'], 'hw7: unknown option (--epochs)'],
  ])('%j fails in one line: %s', (args, message) => {
    const { status, stderr } = hw7(...args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an --out that is a file, before running anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw7-cli-'));
    try {
      const file = join(dir, 'file');
      writeFileSync(file, 'x');
      const { status, stderr } = hw7('q5', '--out', file);
      expect(status).toBe(2);
      expect(stderr).toContain(`(--out "${file}")`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
