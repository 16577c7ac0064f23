import { describe, expect, it } from 'vitest';
import { PAD_ID, TextVocabulary, UNK_ID } from './vocabulary.js';

const texts = ['the sound is good .', 'the battery is bad .', 'The sound , the sound !'];

describe('TextVocabulary', () => {
  it('puts <pad>, <unk> first, then words by frequency with ties alphabetical', () => {
    const vocabulary = TextVocabulary.build(texts);
    expect(vocabulary.tokens.slice(0, 6)).toEqual(['<pad>', '<unk>', 'the', 'sound', '.', 'is']);
    expect(vocabulary.tokens.slice(6)).toEqual(['!', ',', 'bad', 'battery', 'good']);
    expect(vocabulary.size).toBe(11);
  });

  it('applies minCount and maxSize (which counts the two special tokens)', () => {
    expect(TextVocabulary.build(texts, { minCount: 2 }).tokens).toEqual(['<pad>', '<unk>', 'the', 'sound', '.', 'is']);
    expect(TextVocabulary.build(texts, { maxSize: 4 }).tokens).toEqual(['<pad>', '<unk>', 'the', 'sound']);
    expect(() => TextVocabulary.build(texts, { maxSize: 1 })).toThrow('maxSize must be an integer >= 2');
  });

  it('encodes lower-cased tokens, maps unknown words to <unk>, pads and keeps the first tokens', () => {
    const vocabulary = TextVocabulary.build(texts);
    const id = (word: string) => vocabulary.idOf(word);
    expect([...vocabulary.encode('The SOUND is awful', 6)]).toEqual([
      id('the'),
      id('sound'),
      id('is'),
      UNK_ID,
      PAD_ID,
      PAD_ID,
    ]);
    expect([...vocabulary.encode('the sound is good .', 2)]).toEqual([id('the'), id('sound')]);
    expect([...vocabulary.encodeAll(['good', 'bad'], 2)]).toEqual([id('good'), PAD_ID, id('bad'), PAD_ID]);
  });

  it("can use word2vec's letters-only tokenizer for raw text", () => {
    const vocabulary = TextVocabulary.build(["It's GREAT, isn't it?"], { tokenizer: 'words' });
    expect(vocabulary.tokens).toEqual(['<pad>', '<unk>', 'great', "isn't", 'it', "it's"]);
  });

  it('round-trips through JSON and rejects a malformed one', () => {
    const vocabulary = TextVocabulary.build(texts, { tokenizer: 'whitespace' });
    const restored = TextVocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary)));
    expect(restored.tokens).toEqual(vocabulary.tokens);
    expect(restored.encode('the good battery', 4)).toEqual(vocabulary.encode('the good battery', 4));
    expect(() => TextVocabulary.fromJSON({ tokenizer: 'whitespace', tokens: ['a', 'b'] })).toThrow(
      "tokens must be an array starting with '<pad>', '<unk>'",
    );
    expect(() => TextVocabulary.fromJSON({ tokenizer: 'bpe' as 'words', tokens: ['<pad>', '<unk>'] })).toThrow(
      'tokenizer must be one of whitespace, words',
    );
  });

  it('rejects a bad maxLength', () => {
    expect(() => TextVocabulary.build(texts).encode('the', 0)).toThrow('maxLength must be an integer >= 1; got 0');
  });
});
