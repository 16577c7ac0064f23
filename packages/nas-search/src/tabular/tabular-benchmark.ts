// A tabular NAS benchmark (in the manner of NAS-Bench-101/201): every architecture's metric and
// training time looked up in a table, so search strategies can be compared over hundreds of
// seeded runs in seconds. Architectures are keyed by the search space's canonical string.
import { readFile } from 'node:fs/promises';
import { parseCsv } from './csv.js';

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
  /** Optional column with the training time in seconds. */
  timeColumn?: string;
  /**
   * Turns a table's architecture string into the key strategies look up, e.g. the space's
   * parse-then-format; tables written with other spacing still match. Default: unchanged.
   */
  canonicalize?: (arch: string) => string;
}

export class TabularBenchmark {
  constructor(readonly entries: ReadonlyMap<string, TableEntry>) {
    if (entries.size === 0) throw new Error('TabularBenchmark: the table has no rows');
  }

  /** Reads a CSV file (header row first) or a JSON file (array of row objects, or {arch: metric}). */
  static async load(path: string, columns: TableColumns = {}): Promise<TabularBenchmark> {
    const text = await readFile(path, 'utf8');
    try {
      return path.toLowerCase().endsWith('.json')
        ? TabularBenchmark.fromJson(JSON.parse(text), columns)
        : TabularBenchmark.fromCsv(text, columns);
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`);
    }
  }

  static fromCsv(text: string, columns: TableColumns = {}): TabularBenchmark {
    const [header, ...rows] = parseCsv(text);
    if (!header) throw new Error('the CSV table is empty');
    const index = (name: string | undefined, option: string) => {
      if (name === undefined) return -1;
      const at = header.indexOf(name);
      if (at < 0) throw new Error(`${option} "${name}" is not a column; the columns are ${header.join(', ')}`);
      return at;
    };
    const arch = index(columns.archColumn ?? 'arch', 'arch column');
    const metric = index(columns.metricColumn ?? 'accuracy', 'metric column');
    const time = index(columns.timeColumn, 'time column');
    return TabularBenchmark.fromRows(
      rows.map((row) => ({ arch: row[arch], metric: row[metric], time: time < 0 ? undefined : row[time] })),
      columns,
    );
  }

  static fromJson(data: unknown, columns: TableColumns = {}): TabularBenchmark {
    if (Array.isArray(data)) {
      const { archColumn = 'arch', metricColumn = 'accuracy', timeColumn } = columns;
      return TabularBenchmark.fromRows(
        data.map((row: Record<string, unknown>) => ({
          arch: row?.[archColumn],
          metric: row?.[metricColumn],
          time: timeColumn === undefined ? undefined : row?.[timeColumn],
        })),
        columns,
      );
    }
    if (data !== null && typeof data === 'object') {
      return TabularBenchmark.fromRows(
        Object.entries(data).map(([arch, metric]) => ({ arch, metric, time: undefined })),
        columns,
      );
    }
    throw new Error('a JSON table must be an array of rows or an object mapping architecture strings to metrics');
  }

  private static fromRows(
    rows: { arch: unknown; metric: unknown; time: unknown }[],
    { canonicalize = (arch: string) => arch }: TableColumns,
  ): TabularBenchmark {
    const entries = new Map<string, TableEntry>();
    rows.forEach((row, i) => {
      const where = `row ${i + 1}`;
      if (typeof row.arch !== 'string' || row.arch === '') throw new Error(`${where}: the architecture is missing`);
      const metric = Number(row.metric);
      if (row.metric === '' || row.metric == null || !Number.isFinite(metric)) {
        throw new Error(`${where}: the metric must be a number; got "${String(row.metric)}"`);
      }
      const entry: TableEntry = { metric };
      if (row.time !== undefined) {
        const time = Number(row.time);
        if (row.time === '' || !Number.isFinite(time) || time < 0) {
          throw new Error(`${where}: the training time must be a number >= 0; got "${String(row.time)}"`);
        }
        entry.trainTime = time;
      }
      let key: string;
      try {
        key = canonicalize(row.arch);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
      entries.set(key, entry);
    });
    return new TabularBenchmark(entries);
  }

  /** The best metric in the table, the ceiling any search can reach. */
  best(): { arch: string; metric: number } {
    let best = { arch: '', metric: Number.NEGATIVE_INFINITY };
    for (const [arch, { metric }] of this.entries) if (metric > best.metric) best = { arch, metric };
    return best;
  }

  lookup(arch: string): TableEntry {
    const entry = this.entries.get(arch);
    if (!entry) throw new Error(`the table has no row for architecture "${arch}" (${this.entries.size} rows)`);
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
