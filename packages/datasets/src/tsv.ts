// The data sets' TAB-separated files: no quoting (a quote is an ordinary character), '#' lines are
// comments, every row has the same columns.
import { readFile } from 'node:fs/promises';

/**
 * The rows of a TSV file as records of `columns`. With `header`, the first non-comment row must
 * name exactly these columns. Throws, naming the file and line, on a row with another field count.
 */
export async function readTsv<Column extends string>(
  path: string,
  columns: readonly Column[],
  { header }: { header: boolean },
): Promise<Record<Column, string>[]> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  const rows: Record<Column, string>[] = [];
  let headerSeen = !header;
  lines.forEach((line, index) => {
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split('\t');
    if (!headerSeen) {
      if (fields.join('\t') !== columns.join('\t')) {
        throw new Error(
          `${path}:${index + 1}: expected the header ${columns.join(' TAB ')}; got ${fields.join(' TAB ')}`,
        );
      }
      headerSeen = true;
      return;
    }
    if (fields.length !== columns.length) {
      throw new Error(`${path}:${index + 1}: expected ${columns.length} TAB-separated fields, got ${fields.length}`);
    }
    rows.push(Object.fromEntries(columns.map((column, i) => [column, fields[i]])) as Record<Column, string>);
  });
  if (!headerSeen) throw new Error(`${path}: no header row (${columns.join(' TAB ')})`);
  return rows;
}
