// Tokenisation like NLTK's word_tokenize, which the homework used: words (case kept, inner
// apostrophes kept) and punctuation marks as tokens of their own, so sentence ends stay visible.

const TOKEN = /[\p{L}\p{N}_]+(?:'[\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;
const SENTENCE_END = /^[.!?]$/u;

/** `"I love deep learning. It is fascinating!"` -> `I love deep learning . It is fascinating !` */
export function wordTokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** True for a token that is punctuation rather than a word (`.`, `!`, `,`, ...). */
export function isPunctuation(token: string): boolean {
  return !/[\p{L}\p{N}]/u.test(token);
}

/** True for `.`, `!` and `?`, which end a sentence. */
export function isSentenceEnd(token: string): boolean {
  return SENTENCE_END.test(token);
}
