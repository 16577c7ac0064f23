// One worker of a distributed black-box architecture search (what `hw7-nas worker` runs): an
// @hw7/hpo worker whose trials are architectures proposed by an ArchitectureSampler and scored
// by `evaluate`. Start several, on several machines, with the same storage, study, space,
// strategy, budget and seed: they search one space together, each asking the shared study for
// its population, and evaluate `budget` architectures in all.
import type { FrozenTrial, Objective } from '@hw7/hpo';
import { runWorker, type WorkerSummary } from '@hw7/hpo/parallel';
import type { SearchSpace } from '../spaces/search-space.js';
import { ArchitectureSampler, type ArchitectureSamplerOptions } from './architecture-sampler.js';

/** The study user attribute holding an evaluated architecture's canonical string. */
export const ARCHITECTURE_ATTR = 'architecture';

export interface DistributedSearchOptions<A> extends ArchitectureSamplerOptions {
  /** `postgresql://user@host:5432/db` (any machine) or `sqlite:///path.db` (this machine). */
  storage: string;
  studyName: string;
  space: SearchSpace<A>;
  /** The reward of an architecture (higher is better), e.g. its validation accuracy. */
  evaluate: (architecture: A, key: string) => number | Promise<number>;
  /** Seconds after which this worker starts no new evaluation. */
  timeout?: number;
  /** Dead-worker detection and retries, as for `runWorker` of @hw7/hpo. */
  heartbeatInterval?: number;
  gracePeriod?: number;
  maxRetries?: number;
  /** Called after each evaluation this worker finished. */
  onResult?: (result: { number: number; key: string; reward: number | undefined; state: string }) => void;
}

/** The hpo objective that reads an architecture from the trial's parameters and evaluates it. */
export function architectureObjective<A>(
  space: SearchSpace<A>,
  evaluate: DistributedSearchOptions<A>['evaluate'],
): Objective {
  return (trial) => {
    const tokens = space.decisions.map((decision) =>
      decision.choices.indexOf(trial.suggestCategorical(decision.name, decision.choices)),
    );
    const architecture = space.fromTokens(tokens);
    const key = space.format(architecture);
    trial.setUserAttr(ARCHITECTURE_ATTR, key);
    return evaluate(architecture, key);
  };
}

/** Runs this process's worker until the shared budget is spent (or the timeout passes). */
export function runDistributedSearch<A>(options: DistributedSearchOptions<A>): Promise<WorkerSummary> {
  const { space, onResult } = options;
  return runWorker({
    storage: options.storage,
    studyName: options.studyName,
    directions: ['maximize'],
    objective: architectureObjective(space, options.evaluate),
    sampler: new ArchitectureSampler(space, options),
    timeout: options.timeout,
    heartbeatInterval: options.heartbeatInterval,
    gracePeriod: options.gracePeriod,
    maxRetries: options.maxRetries,
    onTrial: (_study, trial: FrozenTrial) =>
      onResult?.({
        number: trial.number,
        key: trial.userAttrs[ARCHITECTURE_ATTR] as string,
        reward: trial.value,
        state: trial.state,
      }),
  });
}
