// A tabular NAS benchmark (in the manner of NAS-Bench-101/201): every architecture's metric and
// training time looked up in a table, so search strategies can be compared over hundreds of
// seeded runs in seconds. Architectures are keyed by the search space's canonical string.
import { quoteValue, readTextFile, stripBom } from '@hw7/tensor-utils/base';
import { parseCsv } from './csv.js';
import { jsonTableRows, type RawRow } from './json-table.js';
import { TableError } from './table-error.js';

export interface TableEntry {
  /** The metric to maximise, e.g. validation accuracy. */
  metric: number;
  /** Training time in seconds when the table has it; it is the simulated cost of a query. */
  trainTime?: number;
}

export interface TableColumns {
  /** Column with the architecture string (default 'arch'). */
  archColumn?: string;
  /** Column with the metric to maximise (default 'accuracy'). */
  metricColumn?: string;
  /** Optional column with the training time in seconds; every row must then have one. */
  timeColumn?: string;
  /**
   * Turns a table's architecture string into the key strategies look up, e.g. the space's
   * parse-then-format; tables written with other spacing still match. Default: unchanged.
   */
  canonicalize?: (arch: string) => string;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, or a string holding one in decimal notation; undefined otherwise. */
function numberOf(value: unknown): number | undefined {
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A raw value as a message shows it: strings quoted and shortened, other JSON values as JSON. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  return quoteValue(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Reads rows into entries keyed by canonical string; every problem names the source and line. */
function entriesOf(rows: RawRow[], source: string, canonicalize: (arch: string) => string): Map<string, TableEntry> {
  const entries = new Map<string, TableEntry>();
  const lines = new Map<string, { line: number | undefined; arch: string }>();
  const fail = (line: number | undefined, problem: string, expected: string): never => {
    throw new TableError(source, line, problem, expected);
  };
  for (const { arch, metric, time, line, columns } of rows) {
    if (typeof arch !== 'string' || arch.trim() === '') {
      fail(line, `no architecture in ${columns.arch}`, `an architecture string; got ${shown(arch)}`);
    }
    const value = numberOf(metric);
    if (value === undefined)
      fail(line, `the metric (${columns.metric}) is not a number`, `a number; got ${shown(metric)}`);
    const entry: TableEntry = { metric: value as number };
    if (columns.time !== undefined) {
      const seconds = numberOf(time);
      if (seconds === undefined || seconds < 0) {
        fail(
          line,
          `the training time (${columns.time}) is not a number >= 0`,
          `seconds >= 0 in every row; got ${shown(time)}`,
        );
      }
      entry.trainTime = seconds;
    }
    let key = '';
    try {
      key = canonicalize(arch as string);
    } catch (error) {
      fail(line, `an invalid architecture in ${columns.arch}`, (error as Error).message);
    }
    const earlier = lines.get(key);
    if (earlier) {
      const spelled = earlier.arch === arch ? '' : ` (spelled ${quoteValue(earlier.arch)} there)`;
      fail(
        line,
        'a duplicate architecture',
        `each architecture once; ${quoteValue(key)} is also on line ${earlier.line ?? '?'}${spelled}, and a lookup could take either`,
      );
    }
    lines.set(key, { line, arch: arch as string });
    entries.set(key, entry);
  }
  if (entries.size === 0) fail(undefined, 'the table has no rows', 'one row per architecture');
  return entries;
}

/** The raw rows of a CSV table, after checking its header and that every row has a field per column. */
function csvRows(text: string, source: string, columns: TableColumns): RawRow[] {
  const [header, ...rows] = parseCsv(stripBom(text), source);
  if (!header)
    throw new TableError(source, undefined, 'the table is empty', 'a header row, then one row per architecture');
  const names = header.fields.map((name) => name.trim());
  const index = (name: string | undefined, what: string) => {
    if (name === undefined) return -1;
    const at = names.indexOf(name);
    if (at < 0) {
      const listed = names.map((column) => quoteValue(column, 40)).join(', ');
      throw new TableError(
        source,
        header.line,
        `no ${what} column ${quoteValue(name)}`,
        `one of the header's columns: ${listed}`,
      );
    }
    return at;
  };
  const arch = index(columns.archColumn ?? 'arch', 'architecture');
  const metric = index(columns.metricColumn ?? 'accuracy', 'metric');
  const time = index(columns.timeColumn, 'training-time');
  const labels = {
    arch: `column "${names[arch]}"`,
    metric: `column "${names[metric]}"`,
    time: time < 0 ? undefined : `column "${names[time]}"`,
  };
  return rows.map(({ fields, line }) => {
    if (fields.length !== names.length) {
      throw new TableError(
        source,
        line,
        `${fields.length} fields`,
        `one per column of the header (line ${header.line}): ${names.length}`,
      );
    }
    return {
      arch: fields[arch],
      metric: fields[metric],
      time: time < 0 ? undefined : fields[time],
      line,
      columns: labels,
    };
  });
}

export class TabularBenchmark {
  constructor(readonly entries: ReadonlyMap<string, TableEntry>) {
    if (entries.size === 0) throw new RangeError('TabularBenchmark: the table has no rows');
  }

  /**
   * Reads a CSV file (header row first) or a JSON file (array of row objects, or {arch: metric}),
   * UTF-8 with or without a byte-order mark. A malformed table throws a `TableError` naming the file
   * and line: a ragged row, a missing or non-numeric value, a duplicate architecture.
   */
  static async load(path: string, columns: TableColumns = {}): Promise<TabularBenchmark> {
    const text = await readTextFile(path);
    return path.toLowerCase().endsWith('.json')
      ? TabularBenchmark.fromJson(text, columns, path)
      : TabularBenchmark.fromCsv(text, columns, path);
  }

  /** A table from CSV text; `source` names it in errors. */
  static fromCsv(text: string, columns: TableColumns = {}, source = 'CSV text'): TabularBenchmark {
    return new TabularBenchmark(entriesOf(csvRows(text, source, columns), source, columns.canonicalize ?? ((a) => a)));
  }

  /** A table from JSON text; `source` names it in errors. */
  static fromJson(text: string, columns: TableColumns = {}, source = 'JSON text'): TabularBenchmark {
    const { archColumn = 'arch', metricColumn = 'accuracy', timeColumn, canonicalize = (a: string) => a } = columns;
    return new TabularBenchmark(
      entriesOf(jsonTableRows(text, source, { archColumn, metricColumn, timeColumn }), source, canonicalize),
    );
  }

  /** The number of architectures in the table. */
  get size(): number {
    return this.entries.size;
  }

  /** The best metric in the table, the ceiling any search can reach. */
  best(): { arch: string; metric: number } {
    let best = { arch: '', metric: Number.NEGATIVE_INFINITY };
    for (const [arch, { metric }] of this.entries) if (metric > best.metric) best = { arch, metric };
    return best;
  }

  lookup(arch: string): TableEntry {
    const entry = this.entries.get(arch);
    if (!entry)
      throw new RangeError(`the table has no row for architecture ${quoteValue(arch)} (${this.entries.size} rows)`);
    return entry;
  }

  /** A fresh query budget on this table for one search run. */
  session(budget: number): BenchmarkSession {
    return new BenchmarkSession(this, budget);
  }
}

/** One search run's queries: each costs one unit of the budget and its training time. */
export class BenchmarkSession {
  private readonly bestSoFar: number[] = [];
  private seconds = 0;

  constructor(
    private readonly table: TabularBenchmark,
    readonly budget: number,
  ) {
    if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`budget must be an integer >= 1; got ${budget}`);
  }

  /** Looks the architecture up; throws once the budget is spent. Every query counts, repeats too. */
  query(arch: string): number {
    if (this.exhausted) throw new Error(`the query budget of ${this.budget} is spent`);
    const { metric, trainTime = 0 } = this.table.lookup(arch);
    this.seconds += trainTime;
    this.bestSoFar.push(Math.max(metric, this.bestSoFar.at(-1) ?? Number.NEGATIVE_INFINITY));
    return metric;
  }

  get queries(): number {
    return this.bestSoFar.length;
  }

  get exhausted(): boolean {
    return this.bestSoFar.length >= this.budget;
  }

  /** Simulated wall-clock: the sum of the queried architectures' training times. */
  get simulatedSeconds(): number {
    return this.seconds;
  }

  /** The best metric after each query (index k: after k + 1 queries). */
  trajectory(): readonly number[] {
    return this.bestSoFar;
  }
}
