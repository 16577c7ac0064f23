// What the plots read from a study: its directions and trials, the value to plot (an objective or a
// `target` of the caller's), and an axis per parameter that respects its distribution (log scale for
// log parameters, one slot per choice for categorical ones).

import { type Axis, categoricalAxis, formatNumber, integerAxis, linearAxis, logAxis } from '@hw7/tensor-utils/plots';
import type { Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyDirection } from '../study-direction.js';

/** A `Study`, or any object with its directions and trials (e.g. trials read back from `study.toJson()`). */
export interface StudyLike {
  readonly directions: readonly StudyDirection[];
  readonly trials: readonly FrozenTrial[];
}

export interface TargetOptions {
  /**
   * The value to plot per trial. Required for multi-objective studies (as in Optuna); default: the
   * objective value of single-objective studies.
   */
  target?: (trial: FrozenTrial) => number;
  /** Axis and colour-bar label for the target; default 'Objective Value' (or 'Target' with `target`). */
  targetName?: string;
}

export interface PlotTarget {
  valueOf(trial: FrozenTrial): number;
  name: string;
  /** Whether larger values are better; undefined for a custom target on a multi-objective study. */
  direction: StudyDirection | undefined;
}

export function checkStudy(study: StudyLike, plot: string): void {
  if (!study || !Array.isArray(study.directions) || !Array.isArray(study.trials)) {
    throw new TypeError(`${plot}: study must be a Study or { directions, trials }`);
  }
}

export function resolveTarget(study: StudyLike, options: TargetOptions, plot: string): PlotTarget {
  if (options.target !== undefined && typeof options.target !== 'function') {
    throw new TypeError(`${plot}: options.target must be a function (trial) => number`);
  }
  if (options.target) {
    const direction = study.directions.length === 1 ? study.directions[0] : undefined;
    return { valueOf: options.target, name: options.targetName ?? 'Target', direction };
  }
  if (study.directions.length !== 1) {
    throw new Error(
      `${plot}: the study has ${study.directions.length} objectives; pass options.target, e.g. (trial) => trial.values[0]`,
    );
  }
  return {
    valueOf: (trial) => trial.values?.[0] ?? Number.NaN,
    name: options.targetName ?? 'Objective Value',
    direction: study.directions[0],
  };
}

/** COMPLETE trials with a finite target value, in trial-number order. */
export function completedTrials(study: StudyLike, target: PlotTarget): FrozenTrial[] {
  return study.trials
    .filter((trial) => trial.state === 'COMPLETE' && Number.isFinite(target.valueOf(trial)))
    .sort((a, b) => a.number - b.number);
}

export function requireTrials(trials: readonly FrozenTrial[], plot: string, minimum = 1): void {
  if (trials.length < minimum) {
    throw new Error(
      `${plot}: needs at least ${minimum} COMPLETE trial(s) with a finite value; the study has ${trials.length}`,
    );
  }
}

/** Every parameter name any of the trials has, sorted. */
export function parameterNames(trials: readonly FrozenTrial[]): string[] {
  return [...new Set(trials.flatMap((trial) => Object.keys(trial.params)))].sort();
}

/** `requested` checked against the names the trials have (all of them, sorted, when omitted). */
export function selectParameters(
  trials: readonly FrozenTrial[],
  requested: readonly string[] | undefined,
  plot: string,
): string[] {
  const available = parameterNames(trials);
  if (requested === undefined) return available;
  if (!Array.isArray(requested)) throw new TypeError(`${plot}: options.params must be an array of parameter names`);
  for (const name of requested) {
    if (!available.includes(name)) {
      throw new RangeError(
        `${plot}: unknown parameter "${name}" in options.params; the trials have ${available.map((n) => `"${n}"`).join(', ') || 'no parameters'}`,
      );
    }
  }
  return [...requested];
}

/** A parameter's axis, and where each trial's value lands on it. */
export interface ParameterAxis {
  name: string;
  axis: Axis;
  /** The value on the axis' scale (the choice's index for categorical parameters), or undefined. */
  position(trial: FrozenTrial): number | undefined;
  /** Spans [0, 1] over the axis: log-scaled for log parameters, slots for categorical ones. */
  unit(trial: FrozenTrial): number | undefined;
}

/** The most recent trial's distribution of `name`: the current definition of the parameter. */
function latestDistribution(trials: readonly FrozenTrial[], name: string): Distribution {
  for (let i = trials.length - 1; i >= 0; i--) {
    const distribution = trials[i].distributions[name];
    if (distribution) return distribution;
  }
  throw new RangeError(`no trial has the parameter "${name}"`);
}

function choiceLabel(choice: unknown): string {
  return typeof choice === 'string' ? choice : JSON.stringify(choice);
}

/**
 * Numerical parameters span their search space (integers on their grid, log parameters in decades);
 * categorical ones list the choices of every trial, so changed choices still get a slot.
 */
export function parameterAxis(trials: readonly FrozenTrial[], name: string): ParameterAxis {
  const distribution = latestDistribution(trials, name);
  const withParameter = trials.filter((trial) => name in trial.params);
  if (distribution.type === 'categorical') {
    const choices: unknown[] = [...distribution.choices];
    for (const trial of withParameter) {
      const value = trial.params[name];
      if (!choices.some((choice) => Object.is(choice, value))) choices.push(value);
    }
    const axis = categoricalAxis(choices.map(choiceLabel));
    const position = (trial: FrozenTrial) =>
      name in trial.params ? choices.findIndex((choice) => Object.is(choice, trial.params[name])) : undefined;
    return { name, axis, position, unit: (trial) => optionalMap(position(trial), axis.toUnit) };
  }
  // The search space, widened to any trial that used a wider definition of the parameter.
  const values = withParameter.map((trial) => trial.params[name] as number);
  let [min, max] = [Math.min(distribution.low, ...values), Math.max(distribution.high, ...values)];
  let axis: Axis;
  if (distribution.type === 'int' && !distribution.log) {
    axis = integerAxis(min, max, distribution.step);
  } else if (distribution.log && min > 0) {
    axis = logAxis(min, max);
  } else {
    if (min === max) [min, max] = [min - (Math.abs(min) || 1) * 0.1, max + (Math.abs(max) || 1) * 0.1];
    axis = linearAxis(min, max, 6);
  }
  const position = (trial: FrozenTrial) => (name in trial.params ? (trial.params[name] as number) : undefined);
  return { name, axis, position, unit: (trial) => optionalMap(position(trial), axis.toUnit) };
}

function optionalMap(value: number | undefined, map: (value: number) => number): number | undefined {
  return value === undefined ? undefined : map(value);
}

/** A tooltip: trial number, value and parameters, one per line. */
export function trialTooltip(trial: FrozenTrial, valueName: string, value: number): string {
  const params = Object.entries(trial.params).map(
    ([name, param]) => `${name}: ${typeof param === 'number' ? formatNumber(param) : String(param)}`,
  );
  return [`Trial ${trial.number}`, `${valueName}: ${formatNumber(value)}`, ...params].join('\n');
}
