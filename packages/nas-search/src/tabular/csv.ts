// A small RFC 4180 CSV reader (quoted fields, doubled quotes, quoted line breaks, CRLF) that keeps
// the line each row starts on, so table errors can point at it; enough for benchmark tables without
// pulling in a dependency.
import { quoteValue } from '@hw7/tensor-utils/base';
import { TableError } from './table-error.js';

/** One row of fields and the 1-based line it starts on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** Parses CSV text into rows of fields; blank lines are skipped. `source` names the text in errors. */
export function parseCsv(text: string, source = 'CSV text'): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  /** Where the open quoted field started, or 0 outside one. */
  let quotedFrom = 0;
  let closedQuote = false;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || closedQuote) rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
    closedQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quotedFrom > 0) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quotedFrom = 0;
        closedQuote = true;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line++;
        field += char;
      }
    } else if (char === ',') {
      fields.push(field);
      field = '';
      closedQuote = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (closedQuote) {
      throw new TableError(
        source,
        line,
        'text after a closing quote',
        `a quoted field ends at a comma or the end of the line; got ${quoteValue(char)} after it (a quote inside a quoted field is written "")`,
      );
    } else if (char === '"' && field === '') {
      quotedFrom = line;
    } else field += char;
  }
  if (quotedFrom > 0) {
    throw new TableError(source, quotedFrom, 'a quoted field is not closed', 'a closing " before the end of the text');
  }
  if (field !== '' || fields.length > 0 || closedQuote) endRow();
  return rows;
}

/** Quotes a field when it contains a comma, quote or line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
