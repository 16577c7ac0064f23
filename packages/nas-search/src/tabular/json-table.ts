// JSON tables: an array of row objects, or an object mapping architecture strings to metrics. JSON.parse
// forgets where things were and keeps only the last of two equal keys, so a small scan of the text
// finds the line each row (or key) starts on, and every key, for the errors to point at.
import { parseJson } from '@hw7/tensor-utils/base';
import { TableError } from './table-error.js';

/** A row before its values are checked: raw values and the 1-based line it starts on. */
export interface RawRow {
  arch: unknown;
  metric: unknown;
  time: unknown;
  line: number | undefined;
  /** Where an absent field would have been read from, for messages. */
  columns: { arch: string; metric: string; time?: string };
}

interface TopLevelItem {
  line: number;
  /** The key, for items of a top-level object. */
  key?: string;
}

/** The items of the top-level array, or the keys of the top-level object, with their lines. */
function topLevelItems(text: string): TopLevelItem[] {
  const items: TopLevelItem[] = [];
  let line = 1;
  let depth = 0;
  let expectingItem = false;
  let object = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') line++;
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\ufeff') continue;
    const startsItem = depth === 1 && expectingItem && char !== ']' && char !== '}';
    expectingItem = false;
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (startsItem) items.push(object ? { line, key: JSON.parse(text.slice(i, end + 1)) } : { line });
      i = end;
      continue;
    }
    if (startsItem) items.push({ line });
    if (char === '[' || char === '{') {
      depth++;
      if (depth === 1) {
        object = char === '{';
        expectingItem = true;
      }
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectingItem = true;
  }
  return items;
}

const JSON_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Moves past the string starting at `start` (a quote); the offset after it, or -1 if it is invalid. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return -1;
    if (code === 0x5c) {
      const escaped = text[++i];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return -1;
        i += 4;
      } else if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) return -1;
    }
  }
  return -1;
}

type Expecting = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

/**
 * The offset of the first syntax error in `text`, found by a small iterative JSON check (run only
 * after JSON.parse failed, whose messages on this Node.js rarely say where); -1 if none is found.
 */
function syntaxErrorOffset(text: string): number {
  const open: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let expecting: Expecting = 'value';
  const close = () => {
    open.pop();
    i++;
    expecting = open.length > 0 ? 'comma-or-close' : 'end';
  };
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    if (i >= text.length) return expecting === 'end' ? -1 : i;
    const char = text[i];
    const closer = open.at(-1) === '{' ? '}' : ']';
    if (expecting === 'end') return i;
    if (expecting === 'colon') {
      if (char !== ':') return i;
      i++;
      expecting = 'value';
    } else if (expecting === 'comma-or-close') {
      if (char === closer) close();
      else if (char !== ',') return i;
      else {
        i++;
        expecting = closer === '}' ? 'key' : 'value';
      }
    } else if ((expecting === 'key-or-close' || expecting === 'value-or-close') && char === closer) {
      close();
    } else if (expecting === 'key' || expecting === 'key-or-close') {
      const end = char === '"' ? stringEnd(text, i) : -1;
      if (end < 0) return i;
      i = end;
      expecting = 'colon';
    } else if (char === '{' || char === '[') {
      open.push(char);
      i++;
      expecting = char === '{' ? 'key-or-close' : 'value-or-close';
    } else {
      JSON_LITERAL.lastIndex = i;
      const end = char === '"' ? stringEnd(text, i) : JSON_LITERAL.exec(text) ? JSON_LITERAL.lastIndex : -1;
      if (end < 0) return i;
      i = end;
      expecting = open.length > 0 ? 'comma-or-close' : 'end';
    }
  }
}

/** A JSON syntax error as a TableError with its line. */
function syntaxError(error: unknown, text: string, source: string): TableError {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.replace(/^[\s\S]*?invalid JSON(?: at line \d+, column \d+)?: /, '');
  const offset = syntaxErrorOffset(text);
  const line = offset < 0 ? undefined : text.slice(0, offset).split('\n').length;
  return new TableError(source, line, 'invalid JSON', detail);
}

export interface JsonColumns {
  archColumn: string;
  metricColumn: string;
  timeColumn?: string;
}

/** The raw rows of a JSON table; a value of the wrong shape is an error naming its line. */
export function jsonTableRows(text: string, source: string, columns: JsonColumns): RawRow[] {
  let data: unknown;
  try {
    data = parseJson(text, source);
  } catch (error) {
    throw syntaxError(error, text, source);
  }
  const expected =
    'an array of row objects, or an object mapping architecture strings to metrics ({"|nor_conv_3x3~0|+...": 93.1})';
  if (data === null || typeof data !== 'object') throw new TableError(source, 1, 'not a table', expected);
  const items = topLevelItems(text);
  const names = { arch: columns.archColumn, metric: columns.metricColumn, time: columns.timeColumn };
  if (!Array.isArray(data)) {
    return items.map(({ line, key }) => ({
      arch: key,
      metric: (data as Record<string, unknown>)[key as string],
      time: undefined,
      line,
      columns: { arch: 'key', metric: 'value' },
    }));
  }
  return data.map((row: unknown, index) => {
    const line = items[index]?.line;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new TableError(
        source,
        line,
        `row ${index + 1} is not an object`,
        `${expected}; rows like {"${names.arch}": "...", "${names.metric}": 93.1}`,
      );
    }
    const fields = row as Record<string, unknown>;
    const time = names.time === undefined ? undefined : fields[names.time];
    return { arch: fields[names.arch], metric: fields[names.metric], time, line, columns: names };
  });
}
