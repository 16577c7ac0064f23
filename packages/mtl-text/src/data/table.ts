// Loads a delimited text file with one text column and one label column per task into the arrays
// a multi-task model trains on. A row may lack a label for some tasks (empty cell, or a value
// outside the task's given label set, e.g. sentiment 'none'): its class index is then -1 and that
// task's loss must ignore it.
import { extname } from 'node:path';
import { FileError, quoteValue, readTextFile, splitLines, stripBom } from '@hw7/tensor-utils/base';
import { type InfoRecord, parse } from 'csv-parse/sync';
import { assertClassNames, UNLABELLED } from './label-encoder.js';

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

/** One record of the file and the 1-based line it starts on. */
interface TableRecord {
  fields: string[];
  line: number;
}

function defaultDelimiter(path: string): string {
  const extension = extname(path).toLowerCase();
  return extension === '.tsv' || extension === '.tab' ? '\t' : ',';
}

/** The key of a row's group in `LabeledTable.groups`: the value, or all values when several columns group. */
export function groupKey(values: string | readonly string[]): string {
  if (typeof values === 'string') return values;
  return values.length === 1 ? (values[0] as string) : JSON.stringify(values);
}

/**
 * Reads `path` (UTF-8; a byte-order mark is dropped, UTF-16 refused) and returns its texts, group
 * keys and per-task labels. Every problem is a FileError naming the file and, for a row, its line.
 */
export async function loadLabeledTable(path: string, options: LoadLabeledTableOptions): Promise<LabeledTable> {
  const content = await readTextFile(path);
  return parseLabeledTable(content, { ...options, delimiter: options.delimiter ?? defaultDelimiter(path) }, path);
}

/** An error about `source`, at `line` when the problem lies in one row. */
function tableError(source: string, line: number | undefined, problem: string): FileError {
  return new FileError(source, `${source}: ${line === undefined ? '' : `line ${line}: `}${problem}`);
}

/** The line breaks inside a record's fields (quoted fields may hold them). */
function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) for (const char of field) if (char === '\n') count++;
  return count;
}

/** TSV: one record per line, fields split at tabs; quotes are ordinary characters. Empty lines are skipped. */
function tsvRecords(content: string): TableRecord[] {
  const records: TableRecord[] = [];
  splitLines(content).forEach((text, index) => {
    if (text !== '') records.push({ fields: text.split('\t'), line: index + 1 });
  });
  return records;
}

/** Plain words for csv-parse's errors (its own messages can quote a whole field). */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed (expected a closing " before the end of the file)',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field (a quote inside a quoted field is written "")',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and write the quote as "")',
};

/** RFC 4180 CSV (csv-parse), each record with the line it starts on. */
function csvRecords(content: string, delimiter: string, source: string): TableRecord[] {
  // One line ending, so that line numbers count \r\n, \n and \r alike (as splitLines does).
  const text = content.replace(/\r\n?/g, '\n');
  try {
    const parsed = parse(text, {
      delimiter,
      quote: '"',
      record_delimiter: '\n',
      skip_empty_lines: true,
      // Rows of another length are refused by readRecords, naming both lengths.
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: InfoRecord }[];
    // csv-parse counts the lines up to a record's end.
    return parsed.map(({ record, info }) => ({ fields: record, line: info.lines - lineBreaks(record) }));
  } catch (error) {
    const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
    const problem = (code !== undefined && CSV_PROBLEMS[code]) || quoteValue(String(message), 200);
    throw tableError(source, lines, problem);
  }
}

/** The table's records: TSV without quoting, or RFC 4180 CSV; a row must have as many fields as the header. */
function readRecords(content: string, delimiter: string, source: string): TableRecord[] {
  const text = stripBom(content);
  // A NUL is no part of a text table (csv-parse also took one after a closing quote into the field).
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = splitLines(text.slice(0, nul + 1)).length;
    throw tableError(source, line, 'holds a NUL character: a binary file, or text in another encoding than UTF-8?');
  }
  const records = delimiter === '\t' ? tsvRecords(text) : csvRecords(text, delimiter, source);
  const [header] = records;
  if (header === undefined) throw tableError(source, undefined, 'the file is empty (expected a header row)');
  for (const { fields, line } of records) {
    if (fields.length !== header.fields.length) {
      throw tableError(
        source,
        line,
        `has ${fields.length} fields; the header (line ${header.line}) has ${header.fields.length}`,
      );
    }
  }
  return records;
}

/** Names for a message: at most 20, each shortened. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((name) => (name.length > 60 ? `${name.slice(0, 60)}...` : name));
  return names.length > 20 ? `${shown.join(', ')}, ... (${names.length} in all)` : shown.join(', ');
}

/** The column index of each named column: text, groups, filters and tasks. */
function findColumns(header: readonly string[], options: LoadLabeledTableOptions, source: string) {
  const columnIndex = (column: string, role: string): number => {
    const index = header.indexOf(column);
    if (index < 0) {
      throw tableError(
        source,
        undefined,
        `no column ${quoteValue(column)} (${role}); the header has: ${listNames(header)}`,
      );
    }
    return index;
  };
  const taskEntries = Object.entries(options.tasks);
  if (taskEntries.length === 0) throw tableError(source, undefined, 'options.tasks must name at least one task');
  return {
    text: columnIndex(options.text, 'text'),
    groups: (typeof options.group === 'string' ? [options.group] : (options.group ?? [])).map((column) =>
      columnIndex(column, 'group'),
    ),
    filters: Object.entries(options.filter ?? {}).map(([column, values]) => ({
      index: columnIndex(column, 'filter'),
      values: new Set(values),
    })),
    tasks: taskEntries.map(([name, spec]) => {
      const { column, labels, onUnknown = 'unlabelled' } = typeof spec === 'string' ? { column: spec } : spec;
      return { name, column, index: columnIndex(column, `task ${quoteValue(name)}`), labels, onUnknown };
    }),
  };
}

type TaskColumnIndex = ReturnType<typeof findColumns>['tasks'][number];

/** A task's class names and the class of every kept row. */
function taskLabels(task: TaskColumnIndex, rows: readonly TableRecord[], source: string): TaskLabels {
  const { name, column, index, labels, onUnknown } = task;
  const values = rows.map(({ fields }) => (fields[index] as string).trim());
  if (labels) assertClassNames(labels, name);
  const classNames = labels ? [...labels] : [...new Set(values.filter((value) => value !== ''))].sort();
  const y = Int32Array.from(values, (value, row) => {
    const label = classNames.indexOf(value);
    if (label < 0 && value !== '' && onUnknown === 'error') {
      throw tableError(
        source,
        rows[row]?.line,
        `unknown label ${quoteValue(value)} for task ${quoteValue(name)} (known: ${listNames(classNames)})`,
      );
    }
    return label < 0 ? UNLABELLED : label;
  });
  if (y.every((label) => label === UNLABELLED)) {
    const known = listNames(classNames);
    throw tableError(
      source,
      undefined,
      `task ${quoteValue(name)} has no labelled rows (column ${quoteValue(column)}, labels: ${known})`,
    );
  }
  return { name, column, labels: classNames, y };
}

/**
 * `loadLabeledTable` on a string; `source` names it in errors. With delimiter TAB, quotes are
 * ordinary characters (TSV has no quoting, and pre-tokenised text contains lone `"` tokens);
 * otherwise fields follow RFC 4180 (double quotes around fields with delimiters, quotes or line
 * breaks; `""` for a quote). Lines end at `\n`, `\r\n` or `\r`; empty lines are skipped.
 */
export function parseLabeledTable(content: string, options: LoadLabeledTableOptions, source = 'table'): LabeledTable {
  const [header, ...rows] = readRecords(content, options.delimiter ?? ',', source) as [TableRecord, ...TableRecord[]];
  const columns = findColumns(
    header.fields.map((name) => name.trim()),
    options,
    source,
  );
  const kept = rows.filter(({ fields }) =>
    columns.filters.every(({ index, values }) => values.has((fields[index] as string).trim())),
  );
  if (kept.length === 0) {
    throw tableError(source, undefined, `no data rows${columns.filters.length > 0 ? ' pass the filter' : ''}`);
  }
  const texts = kept.map(({ fields, line }) => {
    const text = (fields[columns.text] as string).trim();
    if (text === '') throw tableError(source, line, `empty text in column ${quoteValue(options.text)}`);
    return text;
  });
  const groups = kept.map(({ fields }, row) =>
    columns.groups.length === 0
      ? String(row)
      : groupKey(columns.groups.map((index) => (fields[index] as string).trim())),
  );
  return { texts, groups, tasks: columns.tasks.map((task) => taskLabels(task, kept, source)) };
}
