// The handle an objective receives (Optuna's `Trial`): define-by-run parameter suggestions,
// intermediate reports for pruning, and user attributes. Every value goes straight to storage.
import {
  type CategoricalChoice,
  categoricalDistribution,
  contains,
  type Distribution,
  describeDistribution,
  floatDistribution,
  intDistribution,
  isSingle,
  type NumericalOptions,
  type ParamValue,
  sameDistribution,
  singleValue,
  toExternal,
  toInternal,
} from './distributions.js';
import type { FrozenTrial, JsonValue } from './frozen-trial.js';
import type { SearchSpace } from './samplers/sampler.js';
import type { Study } from './study.js';

/** System attribute holding the parameters fixed by `study.enqueueTrial`. */
export const FIXED_PARAMS_KEY = 'fixedParams';

export class Trial {
  constructor(
    private readonly study: Study,
    readonly trialId: number,
    readonly number: number,
    private readonly relativeSearchSpace: SearchSpace = {},
    private readonly relativeParams: Record<string, number> = {},
  ) {}

  /**
   * A float in [low, high]. With `step`, values lie on `low + k * step` and `high` is lowered to
   * the last grid point when `step` does not divide the range (as Optuna does); with `log`, the
   * value is drawn on a log scale (low must be > 0).
   */
  suggestFloat(name: string, low: number, high: number, options: NumericalOptions = {}): number {
    const distribution = floatDistribution(low, high, options, `suggestFloat('${name}')`);
    return this.suggest(name, distribution) as number;
  }

  /** An integer in [low, high] (both inclusive), optionally on a `step` grid or a log scale. */
  suggestInt(name: string, low: number, high: number, options: NumericalOptions = {}): number {
    const distribution = intDistribution(low, high, options, `suggestInt('${name}')`);
    return this.suggest(name, distribution) as number;
  }

  /** One of `choices`. The choices may differ from trial to trial (see the README). */
  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    const distribution = categoricalDistribution(choices, `suggestCategorical('${name}')`);
    return this.suggest(name, distribution) as T;
  }

  /** Reports an intermediate objective value at `step` (e.g. the validation loss after an epoch). */
  report(value: number, step: number): void {
    if (this.study.directions.length > 1) throw new Error('trial.report is not supported in multi-objective studies');
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`report: step must be an integer >= 0; got ${step}`);
    if (typeof value !== 'number') throw new TypeError(`report: value must be a number; got ${typeof value}`);
    // Optuna keeps the first value reported for a step and ignores repeats.
    if (this.frozen().intermediateValues.has(step)) return;
    this.study.storage.setTrialIntermediateValue(this.trialId, step, value);
  }

  /** Asks the study's pruner whether this trial should stop; throw `TrialPruned` if so. */
  shouldPrune(): boolean {
    if (this.study.directions.length > 1)
      throw new Error('trial.shouldPrune is not supported in multi-objective studies');
    return this.study.pruner.prune(this.study, this.frozen());
  }

  setUserAttr(key: string, value: JsonValue): void {
    this.study.storage.setTrialUserAttr(this.trialId, key, value);
  }

  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.frozen().userAttrs;
  }

  /** The parameters suggested so far. */
  get params(): Readonly<Record<string, ParamValue>> {
    return this.frozen().params;
  }

  get distributions(): Readonly<Record<string, Distribution>> {
    return this.frozen().distributions;
  }

  private frozen(): FrozenTrial {
    return this.study.storage.getTrial(this.trialId);
  }

  private suggest(name: string, distribution: Distribution): ParamValue {
    const trial = this.frozen();
    const previous = trial.distributions[name];
    if (previous) {
      if (!sameDistribution(previous, distribution)) {
        throw new Error(
          `parameter '${name}' was already suggested in trial ${this.number} as ${describeDistribution(previous)}; ` +
            `it cannot be redefined as ${describeDistribution(distribution)}`,
        );
      }
      return trial.params[name];
    }
    const internal = this.pick(trial, name, distribution);
    this.study.storage.setTrialParam(this.trialId, name, internal, distribution);
    return toExternal(distribution, internal);
  }

  private pick(trial: FrozenTrial, name: string, distribution: Distribution): number {
    const fixed = trial.systemAttrs[FIXED_PARAMS_KEY] as Record<string, ParamValue> | undefined;
    if (fixed && name in fixed) {
      const internal = toInternal(distribution, fixed[name]);
      if (!contains(distribution, internal)) {
        // Optuna also keeps an enqueued value outside the suggested range, with a warning.
        process.emitWarning(
          `enqueued value ${fixed[name]} of '${name}' is outside ${describeDistribution(distribution)}`,
        );
      }
      return internal;
    }
    if (isSingle(distribution)) return singleValue(distribution);
    const relative = this.relativeSearchSpace[name];
    if (relative && name in this.relativeParams && sameDistribution(relative, distribution)) {
      return this.relativeParams[name];
    }
    return this.study.sampler.sampleIndependent(this.study, trial, name, distribution);
  }
}
