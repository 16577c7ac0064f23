// `hw7-mtl train --data`: a table file, or the name of the labelled table shipped in @hw7/datasets.
import { existsSync } from 'node:fs';
import { type DataDirectoryOptions, datasetFiles, huliu } from '@hw7/datasets';
import { CliError, checkInputPath, quoteValue } from '@hw7/tensor-utils/base';

/** The shipped tables `--data` takes by name. */
export const SHIPPED_TABLES: readonly string[] = [huliu.name];

/**
 * Checks `--data` before any work: an existing, readable file, or the name of a shipped table.
 * Throws a CliError naming the value and the known names otherwise.
 */
export function checkDataArgument(value: string): void {
  const subject = `--data ${quoteValue(value)}`;
  if (existsSync(value)) {
    checkInputPath(value, 'file', subject);
    return;
  }
  if (!SHIPPED_TABLES.includes(value)) {
    throw new CliError(
      'no such file, nor a shipped data set',
      subject,
      `a .tsv or .csv file, or a shipped table: ${SHIPPED_TABLES.join(', ')}`,
    );
  }
}

/**
 * The file for `--data`: an existing path as it is, else `huliu` (the Hu & Liu product reviews,
 * verified first). Throws, naming the value and the known names, for anything else.
 */
export async function dataFile(value: string, options: DataDirectoryOptions = {}): Promise<string> {
  if (existsSync(value)) return value;
  checkDataArgument(value);
  const [file] = (await datasetFiles(value, options)) as [string];
  return file;
}
