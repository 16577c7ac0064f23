// The Sobol low-discrepancy sequence (Sobol 1967) with Joe & Kuo's direction numbers
// (new-joe-kuo-6.21201, first dimensions), in Gray-code order like SciPy's `qmc.Sobol`, so point n
// can be computed directly from n: what a storage-driven sampler needs.

/** Degree s, polynomial coefficients a and initial direction numbers m_1..m_s for dimensions 2.. */
const JOE_KUO: readonly [number, number, readonly number[]][] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
  [6, 19, [1, 1, 1, 15, 7, 5]],
  [6, 22, [1, 3, 1, 15, 13, 25]],
  [6, 25, [1, 1, 5, 5, 19, 61]],
  [7, 1, [1, 3, 7, 11, 23, 15, 103]],
  [7, 4, [1, 3, 7, 13, 13, 15, 69]],
];

const BITS = 32;

export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS + 1);
  if (dimension === 0) {
    for (let k = 1; k <= BITS; k++) v[k] = 2 ** (BITS - k);
    return v;
  }
  const [s, a, m] = JOE_KUO[dimension - 1];
  for (let k = 1; k <= Math.min(s, BITS); k++) v[k] = m[k - 1] * 2 ** (BITS - k);
  for (let k = s + 1; k <= BITS; k++) {
    let value = v[k - s] ^ (v[k - s] >>> s);
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) value ^= v[k - i];
    v[k] = value >>> 0;
  }
  return v;
}

export class SobolSequence {
  private readonly directions: Uint32Array[];

  constructor(readonly dimensions: number) {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
      throw new RangeError(`Sobol dimensions must be an integer in [1, ${SOBOL_MAX_DIMENSIONS}]; got ${dimensions}`);
    }
    this.directions = Array.from({ length: dimensions }, (_, d) => directionNumbers(d));
  }

  /** Point `index` (0-based) in [0, 1)^d; `shift` XORs each coordinate's bits (a random digital shift). */
  point(index: number, shift?: readonly number[]): number[] {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS)
      throw new RangeError(`Sobol index out of range: ${index}`);
    const gray = index ^ Math.floor(index / 2);
    return this.directions.map((v, d) => {
      let x = shift?.[d] ?? 0;
      for (let k = 1, bits = gray; bits > 0; k++, bits = Math.floor(bits / 2)) if (bits % 2) x ^= v[k];
      return (x >>> 0) / 2 ** BITS;
    });
  }
}
