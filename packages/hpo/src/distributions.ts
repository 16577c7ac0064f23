// Parameter distributions, as in Optuna's `optuna.distributions`: plain JSON-serialisable objects.
// Storage keeps every parameter in its internal representation (a float; categoricals store the
// index of the choice) next to its distribution, so values survive any serialisation.

export type CategoricalChoice = string | number | boolean | null;

export interface FloatDistribution {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Grid spacing; `high` is adjusted down so that it lies on the grid. Not combinable with `log`. */
  readonly step?: number;
  readonly log: boolean;
}

export interface IntDistribution {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly step: number;
  readonly log: boolean;
}

export interface CategoricalDistribution {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

export type NumericalDistribution = FloatDistribution | IntDistribution;
export type Distribution = NumericalDistribution | CategoricalDistribution;

/** A parameter value as the objective sees it. */
export type ParamValue = number | CategoricalChoice;

export interface NumericalOptions {
  step?: number;
  log?: boolean;
}

function fail(context: string, message: string): never {
  throw new RangeError(`${context}: ${message}`);
}

function checkBounds(context: string, low: number, high: number, options: NumericalOptions): void {
  if (!Number.isFinite(low)) fail(context, `low must be a finite number; got ${low}`);
  if (!Number.isFinite(high)) fail(context, `high must be a finite number; got ${high}`);
  if (low > high) fail(context, `low (${low}) must be <= high (${high})`);
  if (options.log && low <= 0) fail(context, `low must be > 0 when log is true; got low=${low}`);
  if (options.log && options.step !== undefined) fail(context, 'step and log cannot be used together');
  if (options.step !== undefined && !(Number.isFinite(options.step) && options.step > 0)) {
    fail(context, `step must be a positive finite number; got ${options.step}`);
  }
}

/**
 * Optuna's rule when `step` does not divide `high - low`: `high` is lowered to the last grid point
 * (`low + floor((high - low) / step) * step`). The tolerance absorbs float noise such as 0.1 steps.
 */
function highOnGrid(low: number, high: number, step: number): number {
  const intervals = Math.floor((high - low) / step + 1e-9);
  const adjusted = low + intervals * step;
  return Math.abs(adjusted - high) <= 1e-9 * Math.max(1, Math.abs(high)) ? high : adjusted;
}

export function floatDistribution(
  low: number,
  high: number,
  options: NumericalOptions = {},
  context = 'floatDistribution',
): FloatDistribution {
  checkBounds(context, low, high, options);
  const { step, log = false } = options;
  if (step === undefined) return { type: 'float', low, high, log };
  return { type: 'float', low, high: highOnGrid(low, high, step), step, log };
}

export function intDistribution(
  low: number,
  high: number,
  options: NumericalOptions = {},
  context = 'intDistribution',
): IntDistribution {
  if (!Number.isInteger(low)) fail(context, `low must be an integer; got ${low}`);
  if (!Number.isInteger(high)) fail(context, `high must be an integer; got ${high}`);
  const { step = 1, log = false } = options;
  if (!Number.isInteger(step)) fail(context, `step must be an integer; got ${step}`);
  checkBounds(context, low, high, { step: log && step === 1 ? undefined : step, log });
  return { type: 'int', low, high: highOnGrid(low, high, step), step, log };
}

export function categoricalDistribution(
  choices: readonly CategoricalChoice[],
  context = 'categoricalDistribution',
): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0) fail(context, 'choices must be a non-empty array');
  for (const choice of choices) {
    const ok = choice === null || ['string', 'number', 'boolean'].includes(typeof choice);
    if (!ok) fail(context, `choices may only hold strings, numbers, booleans or null; got ${String(choice)}`);
  }
  if (new Set(choices).size !== choices.length) fail(context, 'choices must not repeat a value');
  return { type: 'categorical', choices: [...choices] };
}

/** The index of `value` among `choices` (NaN-safe), or -1. */
export function choiceIndex(choices: readonly CategoricalChoice[], value: unknown): number {
  return choices.findIndex((choice) => Object.is(choice, value) || choice === value);
}

export function toInternal(distribution: Distribution, value: ParamValue): number {
  if (distribution.type === 'categorical') {
    const index = choiceIndex(distribution.choices, value);
    if (index < 0)
      throw new RangeError(`${JSON.stringify(value)} is not one of ${JSON.stringify(distribution.choices)}`);
    return index;
  }
  if (typeof value !== 'number') throw new TypeError(`expected a number for a ${distribution.type} parameter`);
  return value;
}

export function toExternal(distribution: Distribution, internal: number): ParamValue {
  return distribution.type === 'categorical' ? distribution.choices[internal] : internal;
}

/** True when the distribution has a single possible value (nothing to sample). */
export function isSingle(distribution: Distribution): boolean {
  return distribution.type === 'categorical'
    ? distribution.choices.length === 1
    : distribution.low === distribution.high;
}

/** Whether an internal value is a legal point of the distribution. */
export function contains(distribution: Distribution, internal: number): boolean {
  if (distribution.type === 'categorical') {
    return Number.isInteger(internal) && internal >= 0 && internal < distribution.choices.length;
  }
  if (!(internal >= distribution.low && internal <= distribution.high)) return false;
  if (distribution.type === 'int' && !Number.isInteger(internal)) return false;
  if (distribution.step === undefined) return true;
  const k = (internal - distribution.low) / distribution.step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.type === 'categorical' || b.type === 'categorical') {
    if (a.type !== 'categorical' || b.type !== 'categorical') return false;
    return a.choices.length === b.choices.length && a.choices.every((choice, i) => Object.is(choice, b.choices[i]));
  }
  return a.type === b.type && a.low === b.low && a.high === b.high && a.step === b.step && a.log === b.log;
}

export function describeDistribution(distribution: Distribution): string {
  if (distribution.type === 'categorical') return `categorical ${JSON.stringify(distribution.choices)}`;
  const step = distribution.step !== undefined ? `, step=${distribution.step}` : '';
  return `${distribution.type} [${distribution.low}, ${distribution.high}]${step}${distribution.log ? ', log' : ''}`;
}

/** The value a single-valued distribution must take. */
export function singleValue(distribution: Distribution): number {
  return distribution.type === 'categorical' ? 0 : distribution.low;
}
