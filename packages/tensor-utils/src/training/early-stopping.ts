// Early stopping: watch a validation metric and say when it has stopped improving, so a run ends
// instead of overfitting. Its state is plain JSON so that a resumed run keeps counting patience
// where the interrupted one left off.

export type EarlyStoppingMode = 'min' | 'max';

export interface EarlyStoppingOptions {
  /** How many consecutive updates without improvement are tolerated; the next one stops. */
  patience: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Whether lower ('min', the default, e.g. a loss) or higher ('max', e.g. accuracy) is better. */
  mode?: EarlyStoppingMode;
}

/** What `EarlyStopping.update` reports. */
export interface EarlyStoppingUpdate {
  improved: boolean;
  shouldStop: boolean;
}

/** Serialisable state, for checkpoints (a type alias so it fits JSON-typed state objects). */
export type EarlyStoppingState = {
  best: number | null;
  bestStep: number | null;
  updates: number;
  updatesWithoutImprovement: number;
  stopped: boolean;
};

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: EarlyStoppingMode;
  private bestValue: number | null = null;
  private bestValueStep: number | null = null;
  private updates = 0;
  private updatesWithoutImprovement = 0;
  private stopped = false;

  constructor({ patience, minDelta = 0, mode = 'min' }: EarlyStoppingOptions) {
    if (!isNonNegativeInteger(patience)) {
      throw new RangeError(`EarlyStopping: patience must be an integer >= 0; got ${String(patience)}`);
    }
    if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0) {
      throw new RangeError(`EarlyStopping: minDelta must be a finite number >= 0; got ${String(minDelta)}`);
    }
    if (mode !== 'min' && mode !== 'max') {
      throw new RangeError(`EarlyStopping: mode must be 'min' or 'max'; got ${String(mode)}`);
    }
    this.patience = patience;
    this.minDelta = minDelta;
    this.mode = mode;
  }

  /** The best value seen so far, or null before the first update. */
  get best(): number | null {
    return this.bestValue;
  }

  /** The step at which `best` was seen, or null before the first update. */
  get bestStep(): number | null {
    return this.bestValueStep;
  }

  /** True once patience has run out; it stays true (a stopped run does not un-stop). */
  get shouldStop(): boolean {
    return this.stopped;
  }

  /**
   * Records a new value of the monitored metric. `step` defaults to the number of earlier updates.
   * A NaN or infinite value never counts as an improvement (it would also not survive JSON).
   */
  update(value: number, step: number = this.updates): EarlyStoppingUpdate {
    if (typeof value !== 'number') {
      throw new TypeError(`EarlyStopping.update: value must be a number; got ${typeof value}`);
    }
    if (!isNonNegativeInteger(step)) {
      throw new RangeError(`EarlyStopping.update: step must be an integer >= 0; got ${String(step)}`);
    }
    this.updates += 1;
    const improved = this.isImprovement(value);
    if (improved) {
      this.bestValue = value;
      this.bestValueStep = step;
      this.updatesWithoutImprovement = 0;
    } else {
      this.updatesWithoutImprovement += 1;
      if (this.updatesWithoutImprovement > this.patience) this.stopped = true;
    }
    return { improved, shouldStop: this.stopped };
  }

  state(): EarlyStoppingState {
    return {
      best: this.bestValue,
      bestStep: this.bestValueStep,
      updates: this.updates,
      updatesWithoutImprovement: this.updatesWithoutImprovement,
      stopped: this.stopped,
    };
  }

  restore(state: EarlyStoppingState): void {
    const valid =
      typeof state === 'object' &&
      state !== null &&
      (state.best === null || (typeof state.best === 'number' && Number.isFinite(state.best))) &&
      (state.bestStep === null || isNonNegativeInteger(state.bestStep)) &&
      isNonNegativeInteger(state.updates) &&
      isNonNegativeInteger(state.updatesWithoutImprovement) &&
      typeof state.stopped === 'boolean';
    if (!valid) {
      throw new TypeError(`EarlyStopping.restore: not an EarlyStopping state: ${JSON.stringify(state)}`);
    }
    this.bestValue = state.best;
    this.bestValueStep = state.bestStep;
    this.updates = state.updates;
    this.updatesWithoutImprovement = state.updatesWithoutImprovement;
    this.stopped = state.stopped;
  }

  private isImprovement(value: number): boolean {
    if (!Number.isFinite(value)) return false;
    if (this.bestValue === null) return true;
    return this.mode === 'min' ? value < this.bestValue - this.minDelta : value > this.bestValue + this.minDelta;
  }
}
