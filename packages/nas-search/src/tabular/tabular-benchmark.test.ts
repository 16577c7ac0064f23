import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { TabularBenchmark } from './tabular-benchmark.js';

const A = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';
const B = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';
const CSV = `name,valid_acc,seconds\n"${A}",91.5,2000\n${B},10,1000\n`;
const canonicalize = (arch: string) => nb201CellSpace.format(nb201CellSpace.parse(arch));

describe('TabularBenchmark', () => {
  it('loads CSV and JSON tables from files with the named columns', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'nas-table-'));
    try {
      await writeFile(join(directory, 't.csv'), CSV);
      await writeFile(join(directory, 't.json'), JSON.stringify({ [A]: 0.915, [B]: 0.1 }));
      const csv = await TabularBenchmark.load(join(directory, 't.csv'), {
        archColumn: 'name',
        metricColumn: 'valid_acc',
        timeColumn: 'seconds',
        canonicalize,
      });
      expect(csv.lookup(A)).toEqual({ metric: 91.5, trainTime: 2000 });
      expect(csv.best()).toEqual({ arch: A, metric: 91.5 });
      const json = await TabularBenchmark.load(join(directory, 't.json'));
      expect(json.lookup(B)).toEqual({ metric: 0.1 });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('charges every query against the budget and sums the simulated training time', () => {
    const table = TabularBenchmark.fromCsv(CSV, {
      archColumn: 'name',
      metricColumn: 'valid_acc',
      timeColumn: 'seconds',
    });
    const session = table.session(3);
    expect(session.query(B)).toBe(10);
    expect(session.query(A)).toBe(91.5);
    expect(session.query(A)).toBe(91.5);
    expect(session.trajectory()).toEqual([10, 91.5, 91.5]);
    expect(session.simulatedSeconds).toBe(5000);
    expect(session.exhausted).toBe(true);
    expect(() => session.query(A)).toThrow(/query budget of 3 is spent/);
  });

  it('says which column or row is wrong', () => {
    expect(() => TabularBenchmark.fromCsv(CSV, { archColumn: 'arch' })).toThrow(
      /arch column "arch" is not a column; the columns are name, valid_acc, seconds/,
    );
    expect(() => TabularBenchmark.fromCsv(`arch,accuracy\n${A},n/a\n`, { canonicalize })).toThrow(
      /row 1: the metric must be a number; got "n\/a"/,
    );
    expect(() => TabularBenchmark.fromCsv('arch,accuracy\n|bad|,1\n', { canonicalize })).toThrow(
      /row 1: NB201 cell string/,
    );
    const table = TabularBenchmark.fromJson({ [A]: 1 });
    expect(() => table.lookup(B)).toThrow(/the table has no row for architecture/);
  });
});
