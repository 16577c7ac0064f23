import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { TableError } from './table-error.js';
import { TabularBenchmark } from './tabular-benchmark.js';

const A = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';
const B = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';
const CSV = `name,valid_acc,seconds\n"${A}",91.5,2000\n${B},10,1000\n`;
const canonicalize = (arch: string) => nb201CellSpace.format(nb201CellSpace.parse(arch));
const columns = { archColumn: 'name', metricColumn: 'valid_acc', timeColumn: 'seconds', canonicalize };

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'nas-table-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The TableError of reading `text` as the file `name`. */
async function loadError(name: string, text: string, options = columns): Promise<TableError> {
  const path = join(directory, name);
  await writeFile(path, text);
  const error = await TabularBenchmark.load(path, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TableError);
  return error as TableError;
}

describe('TabularBenchmark', () => {
  it('loads CSV and JSON tables from files with the named columns', async () => {
    await writeFile(join(directory, 't.csv'), CSV);
    await writeFile(join(directory, 't.json'), JSON.stringify({ [A]: 0.915, [B]: 0.1 }));
    const csv = await TabularBenchmark.load(join(directory, 't.csv'), columns);
    expect(csv.lookup(A)).toEqual({ metric: 91.5, trainTime: 2000 });
    expect(csv.best()).toEqual({ arch: A, metric: 91.5 });
    expect(csv.size).toBe(2);
    const json = await TabularBenchmark.load(join(directory, 't.json'));
    expect(json.lookup(B)).toEqual({ metric: 0.1 });
    const rows = JSON.stringify([
      { name: A, valid_acc: 91.5, seconds: 2000 },
      { name: B, valid_acc: '10', seconds: 1000 },
    ]);
    expect(TabularBenchmark.fromJson(rows, columns).entries).toEqual(csv.entries);
  });

  it('charges every query against the budget and sums the simulated training time', () => {
    const table = TabularBenchmark.fromCsv(CSV, columns);
    const session = table.session(3);
    expect(session.query(B)).toBe(10);
    expect(session.query(A)).toBe(91.5);
    expect(session.query(A)).toBe(91.5);
    expect(session.trajectory()).toEqual([10, 91.5, 91.5]);
    expect(session.simulatedSeconds).toBe(5000);
    expect(session.exhausted).toBe(true);
    expect(() => session.query(A)).toThrow(/query budget of 3 is spent/);
  });

  it('says which column or line is wrong', () => {
    expect(() => TabularBenchmark.fromCsv(CSV, { archColumn: 'arch' })).toThrow(
      'no architecture column "arch" (CSV text, line 1): one of the header\'s columns: "name", "valid_acc", "seconds"',
    );
    expect(() => TabularBenchmark.fromCsv(`arch,accuracy\n${A},n/a\n`, { canonicalize })).toThrow(
      'the metric (column "accuracy") is not a number (CSV text, line 2): a number; got "n/a"',
    );
    expect(() => TabularBenchmark.fromCsv('arch,accuracy\n|bad|,1\n', { canonicalize })).toThrow(
      /an invalid architecture in column "arch" \(CSV text, line 2\): NB201 cell string/,
    );
    expect(() => TabularBenchmark.fromCsv('arch,accuracy\n')).toThrow('the table has no rows (CSV text)');
    const table = TabularBenchmark.fromJson(JSON.stringify({ [A]: 1 }));
    expect(() => table.lookup(B)).toThrow(/the table has no row for architecture/);
  });

  it('a CSV header with a byte-order mark finds its first column (was "columns are \\ufeffarch")', async () => {
    const error = loadError('bom-missing.csv', `\ufeffname,valid_acc\n${A},1\n`);
    // The BOM is gone: the message lists the first column as written, and a good file loads.
    expect((await error).message).toContain('"name", "valid_acc"');
    await writeFile(join(directory, 'bom.csv'), `\ufeff${CSV}`);
    expect((await TabularBenchmark.load(join(directory, 'bom.csv'), columns)).size).toBe(2);
    expect(TabularBenchmark.fromCsv(`\ufeff${CSV}`, columns).size).toBe(2);
  });

  it('a duplicate architecture row is refused, naming both lines (it used to replace the earlier row)', async () => {
    const spelledTwice = `name,valid_acc,seconds\n${A},91.5,2000\n${B},10,1000\n ${A} ,80,2000\n`;
    const error = await loadError('dup.csv', spelledTwice);
    expect(error.line).toBe(4);
    expect(error.message).toMatch(
      /^a duplicate architecture \(.*dup\.csv, line 4\): each architecture once; .* is also on line 2/,
    );
    const json = await loadError('dup.json', `{\n  "${A}": 1,\n  "${B}": 2,\n  "${A}": 3\n}\n`);
    expect(json.message).toMatch(/\(.*dup\.json, line 4\): each architecture once; .* is also on line 2/);
  });

  it('a ragged row is refused with its line number', async () => {
    const error = await loadError('ragged.csv', `name,valid_acc,seconds\n${A},91.5,2000\n${B},10\n`);
    expect(error.message).toMatch(/^2 fields \(.*ragged\.csv, line 3\): one per column of the header \(line 1\): 3$/);
  });

  it('a row without a value in --time-column is refused with its line number', async () => {
    const error = await loadError('no-time.csv', `name,valid_acc,seconds\n${A},91.5,2000\n${B},10,\n`);
    expect(error.message).toMatch(
      /^the training time \(column "seconds"\) is not a number >= 0 \(.*no-time\.csv, line 3\): seconds >= 0 in every row; got ""$/,
    );
    const json = await loadError(
      'no-time.json',
      JSON.stringify(
        [
          { name: A, valid_acc: 1, seconds: 3 },
          { name: B, valid_acc: 2 },
        ],
        null,
        1,
      ),
    );
    expect(json.message).toMatch(/no-time\.json, line 7\): seconds >= 0 in every row; got nothing$/);
  });

  it('line numbers count quoted line breaks, blank lines and CRLF (they used to count rows)', async () => {
    const text = `name,valid_acc,seconds\r\n\r\n"${A}",91.5,2000\r\n"a\r\nb",1,1\r\n`;
    const error = await loadError('lines.csv', text);
    expect(error.line).toBe(4);
  });

  it('a long bad value is shortened in the message, not echoed whole', async () => {
    const long = 'x'.repeat(100_000);
    const error = await loadError('long.csv', `name,valid_acc,seconds\n${A},${long},1\n`);
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain('(100,000 characters)');
    const arch = await loadError('long-arch.csv', `name,valid_acc,seconds\n${long},1,1\n`);
    expect(arch.message.length).toBeLessThan(400);
  });

  it('invalid JSON names the file and line', async () => {
    const error = await loadError('broken.json', `[\n  {"name": "${A}", "valid_acc": 1},\n  {"name": }\n]\n`);
    expect(error.message).toMatch(/^invalid JSON \(.*broken\.json, line 3\): /);
    const notTable = await loadError('number.json', '42');
    expect(notTable.message).toMatch(/^not a table \(.*number\.json, line 1\)/);
  });
});
