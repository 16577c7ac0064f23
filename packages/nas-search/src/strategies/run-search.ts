// The ask/tell loop: evaluate each proposed architecture until the budget is spent.
import type { Candidate, SearchStrategy } from './strategy.js';

export interface SearchRecord<A> {
  candidate: Candidate<A>;
  reward: number;
}

export interface RunSearchOptions<A> {
  /** Number of evaluations. */
  budget: number;
  /** Called after each evaluation, e.g. for progress and plots. */
  onResult?: (record: SearchRecord<A>, index: number) => void;
}

/** Runs `strategy` for `budget` evaluations and returns them in order. */
export async function runSearch<A>(
  strategy: SearchStrategy<A>,
  evaluate: (candidate: Candidate<A>) => number | Promise<number>,
  { budget, onResult }: RunSearchOptions<A>,
): Promise<SearchRecord<A>[]> {
  if (!Number.isInteger(budget) || budget < 1)
    throw new RangeError(`runSearch: budget must be an integer >= 1; got ${budget}`);
  const records: SearchRecord<A>[] = [];
  while (records.length < budget) {
    for (const candidate of strategy.ask()) {
      if (records.length >= budget) break;
      const reward = await evaluate(candidate);
      strategy.tell(candidate, reward);
      records.push({ candidate, reward });
      onResult?.(records.at(-1) as SearchRecord<A>, records.length - 1);
    }
  }
  return records;
}
