// The error of a bad option value: what was wrong, which option (named as the function's options
// name it, e.g. `validationFraction`) and what was expected, in the format of every hw7 command
// line. `hw7-mtl` turns it into the same message about its flag (`--validation-fraction`).
import { CliError, QUOTED_VALUE_LIMIT, quoteValue } from '@hw7/tensor-utils/base';

export class OptionError extends CliError {
  override name = 'OptionError';

  /**
   * `option`: the option's name (`'imbalance.oversample'` for a nested one); `value`: its value as
   * given, shown after the name (long ones shortened), or undefined to show the name alone.
   */
  constructor(
    readonly option: string,
    readonly value: unknown,
    problem: string,
    expected: string,
  ) {
    super(problem, value === undefined ? option : `${option} ${shownValue(value)}`, expected);
  }
}

/** A value as a message shows it: strings quoted, other values as JSON, long ones shortened. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return quoteValue(value);
  const json = JSON.stringify(value) ?? String(value);
  if (json.length <= QUOTED_VALUE_LIMIT) return json;
  return `${json.slice(0, QUOTED_VALUE_LIMIT)}... (${json.length.toLocaleString('en-US')} characters)`;
}
