// Surrogate pre-screening: wraps any strategy so that, once a predictor has seen enough real
// evaluations, proposals it predicts to be below the running top fraction are told their predicted
// reward instead of being trained, and only promising ones reach the (expensive) evaluation.
import type { SearchSpace } from '../spaces/search-space.js';
import type { Candidate, SearchStrategy } from '../strategies/strategy.js';
import { assertReward } from '../strategies/strategy.js';
import type { MlpSurrogate } from './mlp-surrogate.js';

export interface SurrogateScreenOptions {
  /** Real evaluations before screening starts (default 10). */
  minObservations?: number;
  /** A proposal passes when its prediction reaches the top `keepFraction` of real rewards so far (default 0.5). */
  keepFraction?: number;
  /** Refit the surrogate after this many new real evaluations (default 5). */
  refitEvery?: number;
  /** Proposals screened out per `ask` at most; then the best-predicted one is evaluated anyway (default 50). */
  maxScreenedPerAsk?: number;
}

export class SurrogateScreen<A> implements SearchStrategy<A> {
  readonly name: string;
  private readonly encodings: number[][] = [];
  private readonly rewards: number[] = [];
  private fittedOn = 0;
  private screenedOut = 0;
  private readonly minObservations: number;
  private readonly keepFraction: number;
  private readonly refitEvery: number;
  private readonly maxScreenedPerAsk: number;

  constructor(
    private readonly inner: SearchStrategy<A>,
    private readonly space: SearchSpace<A>,
    private readonly surrogate: MlpSurrogate,
    options: SurrogateScreenOptions = {},
  ) {
    this.name = `${inner.name}+surrogate`;
    this.minObservations = Math.max(2, options.minObservations ?? 10);
    this.keepFraction = options.keepFraction ?? 0.5;
    if (!(this.keepFraction > 0 && this.keepFraction <= 1)) {
      throw new RangeError(`SurrogateScreen: keepFraction must be in (0, 1]; got ${this.keepFraction}`);
    }
    this.refitEvery = options.refitEvery ?? 5;
    this.maxScreenedPerAsk = options.maxScreenedPerAsk ?? 50;
  }

  /** Proposals told their predicted reward instead of being evaluated, so far. */
  get screened(): number {
    return this.screenedOut;
  }

  ask(): Candidate<A>[] {
    if (!this.surrogate.fitted) return this.inner.ask();
    const sorted = [...this.rewards].sort((a, b) => b - a);
    const threshold = sorted[Math.max(0, Math.ceil(sorted.length * this.keepFraction) - 1)];
    let screenedNow = 0;
    for (;;) {
      const batch = this.inner.ask();
      const predictions = this.surrogate.predict(batch.map((candidate) => this.space.encode(candidate.architecture)));
      const passing = batch.filter((_, i) => predictions[i] >= threshold);
      const giveUp = passing.length === 0 && screenedNow + batch.length >= this.maxScreenedPerAsk;
      const kept = giveUp ? [batch[predictions.indexOf(Math.max(...predictions))]] : passing;
      batch.forEach((candidate, i) => {
        if (kept.includes(candidate)) return;
        this.inner.tell(candidate, predictions[i]);
        screenedNow++;
        this.screenedOut++;
      });
      if (kept.length > 0) return kept;
    }
  }

  tell(candidate: Candidate<A>, reward: number): void {
    assertReward(candidate, reward);
    this.inner.tell(candidate, reward);
    this.encodings.push(this.space.encode(candidate.architecture));
    this.rewards.push(reward);
    const enough = this.rewards.length >= this.minObservations;
    if (enough && this.rewards.length - this.fittedOn >= this.refitEvery) {
      this.surrogate.fit(this.encodings, this.rewards);
      this.fittedOn = this.rewards.length;
    }
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
