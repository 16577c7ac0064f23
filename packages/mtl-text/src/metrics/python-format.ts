// Python's str.format for the few specs classification_report uses. Number#toFixed rounds exact
// ties (0.125 -> "0.13") away from zero while Python rounds them to even ("0.12"), so fixed-point
// formatting is done exactly on the binary value of the double with BigInt arithmetic.

/** Python's `format(value, f'.{digits}f')`: the exact binary value rounded half to even. */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const { mantissa, exponent } = decompose(Math.abs(value));
  const scale = 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const divisor = 1n << BigInt(-exponent);
    const numerator = mantissa * scale;
    scaled = numerator / divisor;
    const twiceRemainder = 2n * (numerator % divisor);
    if (twiceRemainder > divisor || (twiceRemainder === divisor && scaled % 2n === 1n)) scaled += 1n;
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  const integerPart = text.slice(0, text.length - digits);
  return digits === 0 ? `${sign}${integerPart}` : `${sign}${integerPart}.${text.slice(text.length - digits)}`;
}

/** Python's `format(text, '>{width}')`: right-aligned, padded by code points. */
export function alignRight(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - codePointLength(text))) + text;
}

/** String length as Python's len() counts it (code points, not UTF-16 units). */
export function codePointLength(text: string): number {
  return [...text].length;
}

/** A finite non-negative double as mantissa * 2^exponent with an integer mantissa. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biasedExponent === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biasedExponent - 1075 };
}
