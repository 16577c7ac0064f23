import { describe, expect, it } from 'vitest';
import { NgramVocabulary, padNgramRows } from './ngrams.js';

const texts = ['the screen is great great', 'the battery is bad', 'great battery , great screen', 'the screen is bad'];

/** The weights of `text` by n-gram (prefix stripped), rounded like the fixture. */
function weightsOf(vocabulary: NgramVocabulary, text: string): Record<string, number> {
  const { ids, weights } = vocabulary.encode(text);
  return Object.fromEntries(
    Array.from(ids, (id, i) => [(vocabulary.ngrams[id] as string).slice(2), Number((weights[i] as number).toFixed(6))]),
  );
}

describe('NgramVocabulary', () => {
  it("gives word 1-2-grams the TF-IDF weights of scikit-learn's TfidfVectorizer (sublinear tf, min_df 2)", () => {
    // TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, token_pattern=r'\S+') on `texts`.
    const vocabulary = NgramVocabulary.build(texts, { charNgrams: null, minDocumentFrequency: 2 });
    expect(weightsOf(vocabulary, texts[0] as string)).toEqual({
      great: 0.647721,
      is: 0.309711,
      screen: 0.309711,
      'screen is': 0.382554,
      the: 0.309711,
      'the screen': 0.382554,
    });
    expect(weightsOf(vocabulary, texts[1] as string)).toEqual({
      bad: 0.481635,
      battery: 0.481635,
      is: 0.389925,
      'is bad': 0.481635,
      the: 0.389925,
    });
    expect(weightsOf(vocabulary, texts[2] as string)).toEqual({ battery: 0.470247, great: 0.796198, screen: 0.380706 });
  });

  it('adds the character 3-5-grams of each word with boundary marks, as a second unit-length block', () => {
    const vocabulary = NgramVocabulary.build(['good', 'good'], { wordNgrams: [1, 1], minDocumentFrequency: 1 });
    expect([...vocabulary.ngrams].slice(1).sort()).toEqual(
      ['w:good', 'c:<go', 'c:goo', 'c:ood', 'c:od>', 'c:<goo', 'c:good', 'c:ood>', 'c:<good', 'c:good>'].sort(),
    );
    const { ids, weights } = vocabulary.encode('good');
    const block = (prefix: string) =>
      Array.from(ids).reduce(
        (sum, id, i) => sum + ((vocabulary.ngrams[id] as string).startsWith(prefix) ? (weights[i] as number) ** 2 : 0),
        0,
      );
    expect(block('w:')).toBeCloseTo(1, 6);
    expect(block('c:')).toBeCloseTo(1, 6);
  });

  it('drops n-grams it never indexed, keeps the most frequent under maxFeatures, and round-trips through JSON', () => {
    const vocabulary = NgramVocabulary.build(texts, { charNgrams: null, minDocumentFrequency: 1, maxFeatures: 3 });
    expect(vocabulary.size).toBe(4);
    // Document frequencies: is, screen, the 3; ties in alphabetical order.
    expect(vocabulary.ngrams.slice(1)).toEqual(['w:is', 'w:screen', 'w:the']);
    expect(vocabulary.encode('unknown words only').ids).toHaveLength(0);
    const copy = NgramVocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary.toJSON())));
    expect(copy.encode(texts[0] as string)).toEqual(vocabulary.encode(texts[0] as string));
  });

  it('rejects bad options with the option named', () => {
    expect(() => NgramVocabulary.build(texts, { wordNgrams: [2, 1] })).toThrow(/wordNgrams/);
    expect(() => NgramVocabulary.build(texts, { minDocumentFrequency: 0 })).toThrow(/minDocumentFrequency/);
    expect(() => NgramVocabulary.build(texts, { tokenizer: 'chars' as 'words' })).toThrow(/tokenizer/);
  });
});

describe('padNgramRows', () => {
  it('pads the selected rows with id 0 and weight 0 to the longest of them', () => {
    const vocabulary = NgramVocabulary.build(texts, { charNgrams: null, minDocumentFrequency: 2 });
    const bags = vocabulary.encodeAll(texts);
    const { ids, weights, width } = padNgramRows(bags, [2, 0]);
    expect(width).toBe(6);
    expect(Array.from(ids.subarray(3, 6))).toEqual([0, 0, 0]);
    expect(Array.from(weights.subarray(3, 6))).toEqual([0, 0, 0]);
    expect(Array.from(ids.subarray(6, 12))).toEqual(Array.from(vocabulary.encode(texts[0] as string).ids));
  });
});
