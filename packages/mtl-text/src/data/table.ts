// Loads a delimited text file with one text column and one label column per task into the arrays
// a multi-task model trains on. A row may lack a label for some tasks (empty cell, or a value
// outside the task's given label set, e.g. sentiment 'none'): its class index is then -1 and that
// task's loss must ignore it.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type InfoRecord, parse } from 'csv-parse/sync';
import { assertClassNames, encodeLabels, UNLABELLED } from './label-encoder.js';

/** A task's label column, optionally with its class names (in that order) and unknown-value policy. */
export type TaskColumn =
  | string
  | {
      column: string;
      /** The classes, in class-index order; default: the distinct non-empty values, sorted. */
      labels?: readonly string[];
      /** A non-empty value outside `labels`: -1 ('unlabelled', the default) or an error ('error'). */
      onUnknown?: 'unlabelled' | 'error';
    };

export interface LoadLabeledTableOptions {
  /** The column holding the (pre-tokenised) text. */
  text: string;
  /** Task name -> its label column. */
  tasks: Record<string, TaskColumn>;
  /** Column(s) whose values together identify a group (e.g. a review) for `groupedSplit`; default: one group per row. */
  group?: string | readonly string[];
  /** Keep only rows whose value in each listed column is one of the listed values. */
  filter?: Record<string, readonly string[]>;
  /** Field separator; default TAB for .tsv/.tab files and ',' otherwise. */
  delimiter?: string;
}

export interface TaskLabels {
  name: string;
  column: string;
  /** Class names; class index i is labels[i]. */
  labels: string[];
  /** Class index per row, or -1 where the row has no label for this task. */
  y: Int32Array;
}

export interface LabeledTable {
  texts: string[];
  /** Group key per row (the group column's value; a JSON array of values for several columns). */
  groups: string[];
  tasks: TaskLabels[];
}

// What csv-parse returns per row with `info: true` (its declared return type omits the option).
interface ParsedRecord {
  record: string[];
  info: InfoRecord;
}

function defaultDelimiter(path: string): string {
  const extension = extname(path).toLowerCase();
  return extension === '.tsv' || extension === '.tab' ? '\t' : ',';
}

/** Reads `path` (UTF-8, header row first) and returns its texts, group keys and per-task labels. */
/** The key of a row's group in `LabeledTable.groups`: the value, or all values when several columns group. */
export function groupKey(values: string | readonly string[]): string {
  if (typeof values === 'string') return values;
  return values.length === 1 ? (values[0] as string) : JSON.stringify(values);
}

export async function loadLabeledTable(path: string, options: LoadLabeledTableOptions): Promise<LabeledTable> {
  const content = await readFile(path, 'utf8');
  return parseLabeledTable(content, { ...options, delimiter: options.delimiter ?? defaultDelimiter(path) }, path);
}

/**
 * `loadLabeledTable` on a string. With delimiter TAB, quotes are ordinary characters (TSV has no
 * quoting, and pre-tokenised text contains lone `"` tokens); otherwise fields follow RFC 4180
 * (double quotes around fields with delimiters, quotes or line breaks; `""` for a quote).
 */
export function parseLabeledTable(content: string, options: LoadLabeledTableOptions, source = 'table'): LabeledTable {
  const delimiter = options.delimiter ?? ',';
  let rows: ParsedRecord[];
  try {
    rows = parse(content, {
      delimiter,
      quote: delimiter === '\t' ? false : '"',
      bom: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`, { cause: error });
  }
  if (rows.length === 0) throw new Error(`${source}: the file is empty (expected a header row)`);
  const header = rows[0].record.map((name) => name.trim());
  const columnIndex = (column: string, role: string): number => {
    const index = header.indexOf(column);
    if (index < 0) throw new Error(`${source}: no column '${column}' (${role}); the header has: ${header.join(', ')}`);
    return index;
  };

  const textColumn = columnIndex(options.text, 'text');
  const groupColumns = (typeof options.group === 'string' ? [options.group] : (options.group ?? [])).map((column) =>
    columnIndex(column, 'group'),
  );
  const filters = Object.entries(options.filter ?? {}).map(([column, values]) => ({
    index: columnIndex(column, 'filter'),
    values: new Set(values),
  }));
  const taskEntries = Object.entries(options.tasks);
  if (taskEntries.length === 0) throw new Error(`${source}: options.tasks must name at least one task`);
  const taskColumns = taskEntries.map(([name, spec]) => {
    const { column, labels, onUnknown = 'unlabelled' } = typeof spec === 'string' ? { column: spec } : spec;
    return { name, column, index: columnIndex(column, `task '${name}'`), labels, onUnknown };
  });

  const kept = rows
    .slice(1)
    .filter(({ record }) => filters.every(({ index, values }) => values.has(record[index].trim())));
  if (kept.length === 0) throw new Error(`${source}: no data rows${filters.length > 0 ? ' pass the filter' : ''}`);

  const texts = kept.map(({ record, info }) => {
    const text = record[textColumn].trim();
    if (text === '') throw new Error(`${source}: empty text in column '${options.text}' at line ${info.lines}`);
    return text;
  });
  const groups = kept.map(({ record }, row) =>
    groupColumns.length === 0 ? String(row) : groupKey(groupColumns.map((index) => record[index].trim())),
  );
  const tasks = taskColumns.map(({ name, column, index, labels, onUnknown }): TaskLabels => {
    const values = kept.map(({ record }) => record[index].trim());
    const classNames = labels ? [...labels] : [...new Set(values.filter((value) => value !== ''))].sort();
    if (labels) assertClassNames(labels, name);
    const y =
      onUnknown === 'error'
        ? encodeLabels(values, classNames, name)
        : Int32Array.from(values, (value) => classNames.indexOf(value));
    if (y.every((label) => label === UNLABELLED)) {
      throw new Error(
        `${source}: task '${name}' has no labelled rows (column '${column}', labels: ${classNames.join(', ')})`,
      );
    }
    return { name, column, labels: classNames, y };
  });
  return { texts, groups, tasks };
}
