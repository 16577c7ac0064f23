// The Hu & Liu product reviews (Hu & Liu 2004; Ding, Liu & Yu 2008), one row per review sentence
// with its product, topic category and aspect-sentiment label: the homework's multi-task text data.

import type { DataDirectoryOptions } from '../data-directory.js';
import { type Dataset, shippedFiles, verifiedFiles } from '../dataset.js';
import { readTsv } from '../tsv.js';

const PATH = 'mtl/huliu_product_reviews.tsv';

/** The TSV's columns, in order. */
export const HULIU_COLUMNS = ['set', 'product', 'category', 'review_id', 'sentiment', 'score_sum', 'sentence'] as const;

// A type alias (not an interface), so it fits Dataset's Record<string, number> counts.
export type HuLiuCounts = {
  /** Sentence rows. */
  rows: number;
  products: number;
  /** Topic categories (the `category` column). */
  categories: number;
  /** Rows by `sentiment`: the sum of the sentence's aspect scores > 0, < 0, no aspect, or 0. */
  pos: number;
  neg: number;
  none: number;
  mixed: number;
};

/** `huliu`: 8,194 sentences of 14 products' reviews (`mtl/huliu_product_reviews.tsv`). */
export const huliu: Dataset<'huliu', HuLiuCounts> = {
  name: 'huliu',
  title: 'Hu & Liu product reviews',
  summary:
    'review sentences of 14 products (7 topic categories) with their aspect-sentiment label (pos, neg, none, mixed), lower-cased and pre-tokenised',
  path: PATH,
  kind: 'file',
  manifest: 'mtl/MANIFEST.md',
  ...shippedFiles(PATH, 'file'),
  source:
    "nltk_data's corpora/product_reviews_1.zip (5 products, Hu & Liu 2004) and product_reviews_2.zip (9 products, Ding, Liu & Yu 2008): Amazon/web reviews",
  licence:
    'CC-BY-4.0 per nltk_data\'s product_reviews_1.xml / product_reviews_2.xml ("Copyright (C) 2004/2007 Bing Liu")',
  citation:
    'Minqing Hu and Bing Liu. Mining and Summarizing Customer Reviews. KDD 2004. ' +
    'Xiaowen Ding, Bing Liu and Philip S. Yu. A Holistic Lexicon-Based Approach to Opinion Mining. WSDM 2008.',
  counts: { rows: 8194, products: 14, categories: 7, pos: 2415, neg: 1371, none: 4388, mixed: 20 },
};

export type HuLiuSentiment = 'pos' | 'neg' | 'none' | 'mixed';
const SENTIMENTS: readonly string[] = ['pos', 'neg', 'none', 'mixed'] satisfies HuLiuSentiment[];

/** One review sentence. */
export interface HuLiuSentence {
  /** 'set1' (product_reviews_1) or 'set2' (product_reviews_2). */
  set: string;
  product: string;
  /** The topic category, e.g. 'camera', 'mp3_player'. */
  category: string;
  /** The review's index within its product: sentences with the same product and reviewId are one review. */
  reviewId: number;
  sentiment: HuLiuSentiment;
  /** The sum of the sentence's annotated aspect scores (e.g. +2 and -1 give 1). */
  scoreSum: number;
  /** Lower-cased, tokens separated by spaces. */
  sentence: string;
}

/** The review sentences, from the verified file of the data directory in use. */
export async function loadHuLiuReviews(options: DataDirectoryOptions = {}): Promise<HuLiuSentence[]> {
  const [path] = (await verifiedFiles(huliu, options)) as [string];
  return (await readTsv(path, HULIU_COLUMNS, { header: true })).map((row, index) => {
    const reviewId = Number(row.review_id);
    const scoreSum = Number(row.score_sum);
    if (!Number.isInteger(reviewId) || !Number.isInteger(scoreSum) || !SENTIMENTS.includes(row.sentiment)) {
      throw new Error(
        `${path}: row ${index + 1}: expected an integer review_id and score_sum and a sentiment in ${SENTIMENTS.join(', ')}`,
      );
    }
    return {
      set: row.set,
      product: row.product,
      category: row.category,
      reviewId,
      sentiment: row.sentiment as HuLiuSentiment,
      scoreSum,
      sentence: row.sentence,
    };
  });
}
