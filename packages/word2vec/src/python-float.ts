// Numbers in the files gensim reads and writes (vectors, word-pair scores) are Python floats.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_VALUE = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * `text` as Python's float() reads it, inf and nan spellings included (gensim writes them);
 * undefined for anything else, the forms only JavaScript reads (hexadecimal, '') among them.
 * Surrounding whitespace is the caller's to strip.
 */
export function parsePythonFloat(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (DECIMAL.test(text)) return Number(text);
  const special = SPECIAL_VALUE.exec(text);
  if (!special) return undefined;
  if (special[2].toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}
