import { Rng } from '@hw7/tensor-utils/base';
import { describe, expect, it } from 'vitest';
import { defaultSynonymSource, synonymReplacement } from './augment.js';

describe('WordNet synonyms', () => {
  it('are the lemmas of the WordNet synsets of the word', () => {
    const wordnet = defaultSynonymSource();
    const good = wordnet.synonyms('good');
    for (const synonym of ['goodness', 'beneficial', 'adept', 'full', 'well']) expect(good).toContain(synonym);
    expect(good).not.toContain('good');
    // Inflected forms find their lemma (morphy), and stop words or punctuation have none worth using.
    expect(wordnet.synonyms('batteries')).toContain('electric battery');
    expect(wordnet.synonyms(',')).toEqual([]);
  });

  it('drive synonym replacement to a real synonym', () => {
    const result = synonymReplacement(['good'], 1, new Rng(6), defaultSynonymSource());
    expect(defaultSynonymSource().synonyms('good')).toContain(result.join(' '));
  });
});
