// WordSimilarity-353 (Finkelstein et al. 2002): 353 English word pairs with mean human similarity
// scores (0-10), the usual first check of word vectors.

import type { DataDirectoryOptions } from '../data-directory.js';
import { type Dataset, shippedFiles, verifiedFiles } from '../dataset.js';
import { readTsv } from '../tsv.js';

const PATH = 'wordsim353.tsv';

/** `wordsim353`: the pairs in gensim's test-data format (`word1 TAB word2 TAB score`, '#' comments). */
export const wordsim353: Dataset<'wordsim353', { pairs: number }> = {
  name: 'wordsim353',
  title: 'WordSim-353',
  summary: '353 English word pairs with their mean human similarity score (0-10)',
  path: PATH,
  kind: 'file',
  manifest: 'MANIFEST.md',
  ...shippedFiles(PATH, 'file'),
  source:
    'piskvorky/gensim@37f90ec121eb:gensim/test/test_data/wordsim353.tsv (byte-identical copy); original: WordSimilarity-353 Test Collection (maintainer E. Gabrilovich)',
  licence:
    "no explicit licence found on the original page (distributed freely for research); the copy ships in gensim's test data (gensim repository is LGPL-2.1). Cite Finkelstein et al. 2002.",
  citation:
    'Lev Finkelstein, Evgeniy Gabrilovich, Yossi Matias, Ehud Rivlin, Zach Solan, Gadi Wolfman and Eytan Ruppin. ' +
    'Placing Search in Context: The Concept Revisited. ACM Transactions on Information Systems 20(1):116-131, 2002.',
  counts: { pairs: 353 },
};

export interface WordPair {
  word1: string;
  word2: string;
  /** Mean human similarity, 0 (unrelated) to 10 (identical). */
  score: number;
}

/** The word pairs, from the verified file of the data directory in use. */
export async function loadWordSim353(options: DataDirectoryOptions = {}): Promise<WordPair[]> {
  const [path] = (await verifiedFiles(wordsim353, options)) as [string];
  return (await readTsv(path, ['word1', 'word2', 'score'], { header: false })).map((row, index) => {
    const score = Number(row.score);
    if (row.score.trim() === '' || !Number.isFinite(score)) {
      throw new Error(`${path}: pair ${index + 1}: the score "${row.score}" is not a number`);
    }
    return { word1: row.word1, word2: row.word2, score };
  });
}
