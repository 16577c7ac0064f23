// Where the data files are read from: an explicit directory, else $HW7_DATA_DIR, else the copy
// shipped inside this package (its `data/` folder, one level above both `src/` and `dist/`).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable pointing every loader (and every hw7 command) at another data directory. */
export const DATA_DIR_ENV_VAR = 'HW7_DATA_DIR';

/** The data directory inside the installed package. */
export const SHIPPED_DATA_DIRECTORY = fileURLToPath(new URL('../data', import.meta.url));

export interface DataDirectoryOptions {
  /**
   * A directory laid out like the shipped one (`wordsim353.tsv`, `mtl/huliu_product_reviews.tsv`,
   * `corpus/*.txt.gz`, optionally `checksums.json`); default `$HW7_DATA_DIR`, else the shipped data.
   */
  dataDirectory?: string;
}

const SHIPPED_ORIGIN = 'shipped with @hw7/datasets; reinstall the package to restore its files';

/** A resolved data directory and, for messages, where it came from. */
export interface DataDirectory {
  path: string;
  /** Where the directory came from, for messages: `HW7_DATA_DIR=...`, `dataDirectory "..."` or the package. */
  origin: string;
  shipped: boolean;
}

/** The directory the loaders read, checked to exist. */
export function resolveDataDirectory(options: DataDirectoryOptions = {}): DataDirectory {
  const fromEnv = process.env[DATA_DIR_ENV_VAR];
  const chosen =
    options.dataDirectory !== undefined
      ? { path: resolve(options.dataDirectory), origin: `dataDirectory "${options.dataDirectory}"`, shipped: false }
      : fromEnv
        ? { path: resolve(fromEnv), origin: `${DATA_DIR_ENV_VAR}=${fromEnv}`, shipped: false }
        : { path: SHIPPED_DATA_DIRECTORY, origin: SHIPPED_ORIGIN, shipped: true };
  if (!existsSync(chosen.path) || !statSync(chosen.path).isDirectory()) {
    throw new Error(`data directory ${chosen.path} does not exist (${chosen.origin})`);
  }
  return chosen;
}
