// The homework's Vocabulary: a two-way map over the unique tokens. The homework built it from
// `list(set(words))`, whose order changes from run to run; here the order is first appearance, so
// word ids (and therefore seeded runs) are reproducible.

export class Vocabulary {
  /** Word -> id. */
  readonly stoi: ReadonlyMap<string, number>;
  /** Id -> word. */
  readonly itos: readonly string[];

  constructor(words: Iterable<string>) {
    const stoi = new Map<string, number>();
    for (const word of words) {
      if (typeof word !== 'string') throw new TypeError(`Vocabulary: words must be strings, got ${typeof word}`);
      if (!stoi.has(word)) stoi.set(word, stoi.size);
    }
    this.stoi = stoi;
    this.itos = [...stoi.keys()];
  }

  /** The number of distinct words (the homework's `len(vocab)`). */
  get size(): number {
    return this.itos.length;
  }

  /** The id of `word`; throws a clear error for a word the vocabulary does not have. */
  id(word: string): number {
    const id = this.stoi.get(word);
    if (id === undefined) throw new RangeError(`word '${word}' is not in the vocabulary (${this.size} words)`);
    return id;
  }
}
