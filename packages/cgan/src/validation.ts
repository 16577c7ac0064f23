// Argument checks shared by the package: each error names the function, the argument and what was
// expected, so a wrong call fails at once with a message that says how to fix it.

export function assertPositiveInteger(value: unknown, name: string, context: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${context}: ${name} must be an integer >= 1; got ${String(value)}`);
  }
}

export function assertNonNegativeInteger(value: unknown, name: string, context: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${context}: ${name} must be an integer >= 0; got ${String(value)}`);
  }
}

export function assertBoolean(value: unknown, name: string, context: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${context}: ${name} must be a boolean; got ${String(value)}`);
}

/** A number in [min, max) (or [min, max] when `inclusiveMax`). */
export function assertNumberInRange(
  value: unknown,
  name: string,
  context: string,
  [min, max]: [number, number],
  inclusiveMax = false,
): asserts value is number {
  const ok = typeof value === 'number' && value >= min && (inclusiveMax ? value <= max : value < max);
  if (!ok) {
    throw new RangeError(
      `${context}: ${name} must be a number in [${min}, ${max}${inclusiveMax ? ']' : ')'}; got ${String(value)}`,
    );
  }
}

/** `[B, 28, 28, 1]` with `null` (the batch axis of symbolic shapes) shown as B. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((size) => (size === null ? 'B' : size)).join(', ')}]`;
}
