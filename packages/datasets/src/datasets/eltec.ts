// ELTeC-eng (the English part of the European Literary Text Collection, ed. Lou Burnard): 99 novels
// of 1840-1920 as plain text, one gzipped file per novel, one paragraph per line: the word2vec corpus.
import { basename } from 'node:path';
import { type DataDirectoryOptions, resolveDataDirectory } from '../data-directory.js';
import { type Dataset, shippedFiles, verifiedFiles } from '../dataset.js';
import { readTsv } from '../tsv.js';
import { verifyDataFiles } from '../verify.js';

const PATH = 'corpus';
const MANIFEST = 'corpus/MANIFEST.tsv';

/** `eltec`: the novels (`corpus/*.txt.gz`); their authors, titles and years are in corpus/MANIFEST.tsv. */
export const eltec: Dataset<'eltec', { novels: number; words: number }> = {
  name: 'eltec',
  title: 'ELTeC English novels',
  summary:
    '99 English novels (1840-1920) as UTF-8 plain text, one gzipped file per novel, one paragraph per line (extracted from the TEI <text>: p/head/l blocks; notes and page breaks dropped)',
  path: PATH,
  kind: 'corpus',
  manifest: MANIFEST,
  ...shippedFiles(PATH, 'corpus'),
  source: 'COST-ELTeC/ELTeC-eng@3db3b6738a83: level1/*.xml',
  licence:
    'text public domain; TEI markup CC-BY-4.0 (markup stripped; attribute ELTeC-eng, ed. Lou Burnard, doi:10.5281/zenodo.4662490)',
  citation:
    'Lou Burnard (ed.). ELTeC-eng: English novels of the European Literary Text Collection (ELTeC). doi:10.5281/zenodo.4662490.',
  counts: { novels: 99, words: 11_424_420 },
};

const COLUMNS = ['file', 'words', 'author', 'title', 'year', 'source', 'licence'] as const;

/** One novel of the corpus and its row of corpus/MANIFEST.tsv. */
export interface EltecNovel {
  /** The verified file (absolute path; gzipped text, one paragraph per line). */
  path: string;
  /** Whitespace-separated words in the text. */
  words: number;
  author: string;
  title: string;
  /** Year of first publication; null where the collection gives none. */
  year: number | null;
  /** The TEI file it was extracted from. */
  source: string;
  licence: string;
}

/** The novels with their metadata, sorted by file name, every file verified. */
export async function loadEltecNovels(options: DataDirectoryOptions = {}): Promise<EltecNovel[]> {
  const files = await verifiedFiles(eltec, options);
  const [manifest] = (await verifyDataFiles(resolveDataDirectory(options), [MANIFEST])) as [string];
  const rows = new Map((await readTsv(manifest, COLUMNS, { header: true })).map((row) => [row.file, row]));
  const novels = files.map((path) => {
    const row = rows.get(basename(path));
    if (row === undefined) throw new Error(`${manifest} has no row for ${basename(path)}`);
    rows.delete(basename(path));
    const year = row.year === 'NA' ? null : Number(row.year);
    const words = Number(row.words);
    if (!Number.isInteger(words) || (year !== null && !Number.isInteger(year))) {
      throw new Error(`${manifest}: the row of ${row.file} needs integer words and year (or NA)`);
    }
    return { path, words, author: row.author, title: row.title, year, source: row.source, licence: row.licence };
  });
  const [extra] = rows.keys();
  if (extra !== undefined) throw new Error(`${manifest} lists ${extra}, which is not among the corpus files`);
  return novels;
}
