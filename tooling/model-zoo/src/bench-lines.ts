// Reads back the JSON lines a bench command wrote (`--out FILE`), keeping those of one kind.
import { readFile } from 'node:fs/promises';
import { CliError, quoteValue } from '@hw7/tensor-utils';

/**
 * The `{"bench": bench, ...}` lines of `path` (the --in file); a CliError naming the file when a line
 * is not JSON or none is of that kind.
 */
export async function readBenchLines<Line extends { bench: string }>(
  path: string,
  bench: string,
  command: string,
): Promise<Line[]> {
  const subject = `--in ${quoteValue(path)}`;
  const expected = `the JSON lines of 'bench ${command} --out FILE'`;
  const lines = (await readFile(path, 'utf8'))
    .split('\n')
    .map((text, index) => ({ text, number: index + 1 }))
    .filter(({ text }) => text.trim().startsWith('{'))
    .map(({ text, number }) => {
      try {
        return JSON.parse(text) as Line;
      } catch {
        throw new CliError(`line ${number} is not JSON`, subject, expected);
      }
    })
    .filter((line) => line.bench === bench);
  if (lines.length === 0) throw new CliError(`holds no ${bench} lines`, subject, expected);
  return lines;
}
