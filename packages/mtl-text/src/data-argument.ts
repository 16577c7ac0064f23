// `hw7-mtl train --data`: a table file, or the name of the labelled table shipped in @hw7/datasets.
import { existsSync } from 'node:fs';
import { type DataDirectoryOptions, datasetFiles, huliu } from '@hw7/datasets';

/** The shipped tables `--data` takes by name. */
const SHIPPED_TABLES: readonly string[] = [huliu.name];

/**
 * The file for `--data`: an existing path as it is, else `huliu` (the Hu & Liu product reviews,
 * verified first). Throws, naming the value and the known names, for anything else.
 */
export async function dataFile(value: string, options: DataDirectoryOptions = {}): Promise<string> {
  if (existsSync(value)) return value;
  if (!SHIPPED_TABLES.includes(value)) {
    throw new Error(`--data ${value}: no such file, nor a shipped data set (known: ${SHIPPED_TABLES.join(', ')})`);
  }
  const [file] = (await datasetFiles(value, options)) as [string];
  return file;
}
