// Fuzz tests of the table readers (TabularBenchmark.load, CSV and JSON): random tables load to exactly
// the rows written; a table with one known defect fails with a TableError naming the file and the
// defect's line; randomly damaged tables load to what a simple reference reader sees, or fail with a
// TableError naming the file (and a line inside it), never another error, a hang or a wrong table.
// HW7_FUZZ_RUNS=N runs more cases (default 100), HW7_FUZZ_SEED picks another sequence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitLines, stripBom } from '@hw7/tensor-utils/base';
import { integerFromEnv } from '@hw7/tensor-utils/dev';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCell, NB201_OPERATIONS, nb201CellSpace } from '../spaces/nb201-cell.js';
import { TableError } from './table-error.js';
import { type TableEntry, TabularBenchmark } from './tabular-benchmark.js';

const RUNS = integerFromEnv('HW7_FUZZ_RUNS', 100, 1);
const parameters = { numRuns: RUNS, seed: integerFromEnv('HW7_FUZZ_SEED', 20_260_601, 0) };
const TIMEOUT = Math.max(60_000, RUNS * 600);
const directory = mkdtempSync(join(tmpdir(), 'nas-table-fuzz-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const canonicalize = (arch: string) => nb201CellSpace.format(nb201CellSpace.parse(arch));
const COLUMNS = { archColumn: 'arch', metricColumn: 'acc', timeColumn: 'secs', canonicalize };

interface Row {
  arch: string;
  metric: number;
  time: number;
}

const cell = fc
  .array(fc.constantFrom(...NB201_OPERATIONS), { minLength: 6, maxLength: 6 })
  .map((edges) => formatCell({ edges }));
const rowsArbitrary = fc.uniqueArray(
  fc.record({
    arch: cell,
    metric: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => value + 0),
    time: fc.integer({ min: 0, max: 1e6 }),
  }),
  { minLength: 1, maxLength: 12, selector: (row) => row.arch },
);
const layout = fc.record({
  order: fc.constantFrom(['arch', 'acc', 'secs'], ['secs', 'arch', 'acc'], ['acc', 'note', 'arch', 'secs']),
  newline: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  quoteArch: fc.boolean(),
  blankLines: fc.boolean(),
  json: fc.constantFrom('none', 'rows', 'object'),
});
type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

/** The table as file text, and the line each row is on. */
function render(
  rows: Row[],
  { order, newline, bom, quoteArch, blankLines, json }: Layout,
): { text: string; lines: number[] } {
  if (json !== 'none') {
    const items = rows.map((row) =>
      json === 'rows'
        ? JSON.stringify({ arch: row.arch, acc: row.metric, secs: row.time })
        : `${JSON.stringify(row.arch)}: ${row.metric}`,
    );
    const [open, close] = json === 'rows' ? ['[', ']'] : ['{', '}'];
    return {
      text: `${bom ? '\ufeff' : ''}${open}\n${items.join(',\n')}\n${close}\n`,
      lines: rows.map((_, i) => i + 2),
    };
  }
  const field = (row: Row, column: string) =>
    column === 'arch'
      ? quoteArch
        ? `"${row.arch}"`
        : row.arch
      : column === 'acc'
        ? String(row.metric)
        : column === 'secs'
          ? String(row.time)
          : 'x';
  const out = [order.join(',')];
  const lines: number[] = [];
  for (const row of rows) {
    if (blankLines) out.push('');
    out.push(order.map((column) => field(row, column)).join(','));
    lines.push(out.length);
  }
  return { text: `${bom ? '\ufeff' : ''}${out.join(newline)}${newline}`, lines };
}

let files = 0;
/** Loads `text` as a file; the table or the error. */
async function load(
  text: string,
  extension: string,
): Promise<{ table?: TabularBenchmark; error?: unknown; path: string }> {
  const path = join(directory, `t${files++}.${extension}`);
  writeFileSync(path, text);
  try {
    return { table: await TabularBenchmark.load(path, COLUMNS), path };
  } catch (error) {
    return { error, path };
  } finally {
    rmSync(path, { force: true });
  }
}

const entriesOf = (rows: Row[], json: Layout['json']) =>
  new Map<string, TableEntry>(
    rows.map((row) => [
      row.arch,
      json === 'object' ? { metric: row.metric } : { metric: row.metric, trainTime: row.time },
    ]),
  );

function expectTableError(error: unknown, path: string, lineCount: number): TableError {
  expect(error).toBeInstanceOf(TableError);
  const tableError = error as TableError;
  expect(tableError.source).toBe(path);
  expect(tableError.message).toContain(path);
  if (tableError.line !== undefined) {
    expect(tableError.line).toBeGreaterThanOrEqual(1);
    expect(tableError.line).toBeLessThanOrEqual(lineCount);
  }
  expect(tableError.message.length).toBeLessThan(800);
  return tableError;
}

describe('table readers under fuzzing', () => {
  it('load random tables to exactly the rows written', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(rowsArbitrary, layout, async (rows, format) => {
        const { text } = render(rows, format);
        const { table, error } = await load(text, format.json === 'none' ? 'csv' : 'json');
        expect(error).toBeUndefined();
        expect(table?.entries).toEqual(entriesOf(rows, format.json));
      }),
      parameters,
    );
  });

  const defect = fc.constantFrom('duplicate', 'ragged', 'no-time', 'bad-metric');
  it('fail on one known defect with a TableError naming the file and its line', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(rowsArbitrary, layout, defect, fc.nat(), async (rows, format, kind, at) => {
        const csv = { ...format, json: 'none' as const };
        const target = at % rows.length;
        const damaged = rows.map((row) => ({ ...row }));
        if (kind === 'duplicate') damaged.splice(target + 1, 0, { ...rows[target], metric: 1 });
        const { text, lines } = render(damaged, csv);
        const textLines = text.split(csv.newline);
        const defectLine = kind === 'duplicate' ? lines[target + 1] : lines[target];
        const fields = textLines[defectLine - 1].split(',');
        const column = (name: string) => (csv.order as readonly string[]).indexOf(name);
        if (kind === 'ragged') fields.pop();
        if (kind === 'no-time') fields[column('secs')] = '';
        if (kind === 'bad-metric') fields[column('acc')] = 'n/a';
        textLines[defectLine - 1] = fields.join(',');
        const { error, path } = await load(textLines.join(csv.newline), 'csv');
        const tableError = expectTableError(error, path, textLines.length);
        expect(tableError.line).toBe(defectLine);
        if (kind === 'duplicate') expect(tableError.expected).toContain(`also on line ${lines[target]}`);
      }),
      parameters,
    );
  });

  /** What a CSV table without quotes holds, by a plain reading of its lines (the reference). */
  function referenceCsv(text: string): Map<string, TableEntry> | 'invalid' {
    const [header, ...rows] = splitLines(stripBom(text))
      .filter((line) => line !== '')
      .map((line) => line.split(','));
    const names = header?.map((name) => name.trim()) ?? [];
    const [arch, acc, secs] = ['arch', 'acc', 'secs'].map((name) => names.indexOf(name));
    if (rows.length === 0 || arch < 0 || acc < 0 || secs < 0) return 'invalid';
    const entries = new Map<string, TableEntry>();
    const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
    for (const fields of rows) {
      const [metric, time] = [fields[acc], fields[secs]].map((value) =>
        decimal.test(value?.trim() ?? '') ? Number(value) : NaN,
      );
      let key: string;
      try {
        key = canonicalize(fields[arch]);
      } catch {
        return 'invalid';
      }
      if (
        fields.length !== names.length ||
        !Number.isFinite(metric) ||
        !(time >= 0) ||
        !Number.isFinite(time) ||
        entries.has(key)
      )
        return 'invalid';
      entries.set(key, { metric, trainTime: time });
    }
    return entries;
  }

  const mutation = fc.record({
    at: fc.nat(),
    length: fc.integer({ min: 0, max: 8 }),
    insert: fc.string({
      maxLength: 8,
      unit: fc.constantFrom(',', '\n', '\r', '|', '~', '+', '0', '9', '.', 'e', '-', ' ', 'x', '\ufeff'),
    }),
  });
  it('read damaged CSV tables as the reference does, or fail with a TableError', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        rowsArbitrary,
        layout,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (rows, format, changes) => {
          let { text } = render(rows, { ...format, json: 'none', quoteArch: false });
          for (const { at, length, insert } of changes) {
            const from = at % (text.length + 1);
            text = text.slice(0, from) + insert + text.slice(from + length);
          }
          const expected = referenceCsv(text);
          const { table, error, path } = await load(text, 'csv');
          if (expected === 'invalid') expectTableError(error, path, Math.max(1, splitLines(text).length));
          else expect(table?.entries).toEqual(expected);
        },
      ),
      parameters,
    );
  });

  it('read damaged JSON tables to finite numbers, or fail with a TableError', { timeout: TIMEOUT }, async () => {
    const unit = fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\n', '1', 'e', '-', ' ', 'n', 'u', 'l');
    await fc.assert(
      fc.asyncProperty(
        rowsArbitrary,
        layout,
        fc.array(
          fc.record({
            at: fc.nat(),
            length: fc.integer({ min: 0, max: 6 }),
            insert: fc.string({ maxLength: 6, unit }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (rows, format, changes) => {
          let { text } = render(rows, { ...format, json: format.json === 'none' ? 'rows' : format.json });
          for (const { at, length, insert } of changes) {
            const from = at % (text.length + 1);
            text = text.slice(0, from) + insert + text.slice(from + length);
          }
          const { table, error, path } = await load(text, 'json');
          if (error !== undefined) expectTableError(error, path, Math.max(1, text.split('\n').length));
          else
            for (const [key, entry] of table?.entries ?? []) {
              expect(canonicalize(key)).toBe(key);
              expect(Number.isFinite(entry.metric)).toBe(true);
              if (entry.trainTime !== undefined) expect(entry.trainTime).toBeGreaterThanOrEqual(0);
            }
        },
      ),
      parameters,
    );
  });
});
