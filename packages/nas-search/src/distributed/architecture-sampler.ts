// Black-box architecture search as an @hw7/hpo sampler, so that any number of workers on any number
// of machines search one space together through a shared study (PostgreSQL or SQLite storage).
// An architecture is the trial's parameters, one categorical per decision of the space; the sampler
// proposes them all at once (relative sampling) when the trial starts:
// - random search: a uniform sample;
// - aging evolution, asynchronous as Real et al. ran it: the population is the study's P most
//   recently completed trials (whoever ran them), a tournament of S picks the parent and the trial
//   evaluates its mutation; the oldest member drops out as each new one completes.
// Each proposal draws from an Rng seeded by (seed, trial number): reproducible, and different in
// every worker. A budget is a claim on one of `budget` slots (as a grid point is), so the workers
// together evaluate exactly `budget` architectures, however many they are.
import { categoricalDistribution, type Distribution, type FrozenTrial, type Study } from '@hw7/hpo';
import type { SearchSpace as ParameterSpace, Sampler } from '@hw7/hpo/samplers';
import type { UniqueAttrClaim } from '@hw7/hpo/storages';
import { Rng } from '@hw7/tensor-utils/base';
import type { SearchSpace } from '../spaces/search-space.js';
import { checkPopulationSizes, type PopulationMember, tournamentWinner } from '../strategies/aging-evolution.js';

export const DISTRIBUTED_STRATEGIES = ['random', 'evolution'] as const;
export type DistributedStrategy = (typeof DISTRIBUTED_STRATEGIES)[number];

export interface ArchitectureSamplerOptions {
  strategy: DistributedStrategy;
  /** Architectures evaluated over all workers; unlimited when omitted. */
  budget?: number;
  /** Aging evolution's population size P (default 10, as AgingEvolution). */
  populationSize?: number;
  /** Aging evolution's tournament size S (default 3). */
  sampleSize?: number;
  seed?: number;
}

/** System attribute naming the architecture an evolved trial was mutated from. */
export const PARENT_KEY_ATTR = 'parentKey';
const BUDGET_SLOT_ATTR = 'budgetSlot';

export class ArchitectureSampler<A> implements Sampler {
  readonly strategy: DistributedStrategy;
  private readonly populationSize: number;
  private readonly sampleSize: number;
  private readonly seed: number;
  private readonly parameters: ParameterSpace;
  /** Present with a budget: the claim of a free budget slot. */
  readonly uniqueTrialAttr?: () => UniqueAttrClaim;

  constructor(
    readonly space: SearchSpace<A>,
    options: ArchitectureSamplerOptions,
  ) {
    const { strategy, budget, populationSize = 10, sampleSize = 3, seed = 0 } = options;
    if (!(DISTRIBUTED_STRATEGIES as readonly string[]).includes(strategy)) {
      throw new RangeError(`strategy must be one of ${DISTRIBUTED_STRATEGIES.join(', ')}; got "${strategy}"`);
    }
    if (budget !== undefined && !(Number.isInteger(budget) && budget >= 1)) {
      throw new RangeError(`budget must be an integer >= 1; got ${budget}`);
    }
    checkPopulationSizes(populationSize, sampleSize, '');
    this.strategy = strategy;
    this.populationSize = populationSize;
    this.sampleSize = sampleSize;
    this.seed = seed;
    if (budget !== undefined) {
      const claim = { key: BUDGET_SLOT_ATTR, candidates: Array.from({ length: budget }, (_, slot) => slot) };
      this.uniqueTrialAttr = () => claim;
    }
    this.parameters = architectureParameters(space);
  }

  inferRelativeSearchSpace(): ParameterSpace {
    return this.parameters;
  }

  sampleRelative(study: Study, trial: FrozenTrial): Record<string, number> {
    const rng = new Rng(`${this.seed}/${trial.number}`);
    const population =
      this.strategy === 'evolution' && trial.number >= this.populationSize ? this.population(study) : [];
    // Random search, and evolution's first P trials (or while none has completed yet).
    if (population.length === 0) return this.tokensAsParameters(this.space.sample(rng));
    const parent = tournamentWinner(population, this.sampleSize, rng);
    study.storage.setTrialSystemAttr(trial.trialId, PARENT_KEY_ATTR, this.space.format(parent));
    return this.tokensAsParameters(this.space.mutate(parent, rng));
  }

  sampleIndependent(_study: Study, trial: FrozenTrial, name: string, distribution: Distribution): number {
    throw new Error(
      `ArchitectureSampler: trial ${trial.number} suggested '${name}' (${distribution.type}), ` +
        `which is not a decision of the space ${this.space.name}`,
    );
  }

  /** The architecture a finished trial evaluated. */
  architectureOf(trial: FrozenTrial): A {
    return this.space.fromTokens(this.space.decisions.map((decision) => trial.internalParams[decision.name]));
  }

  /** The P most recently completed trials, oldest first. */
  private population(study: Study): PopulationMember<A>[] {
    const complete = [...study.getTrials(['COMPLETE'])].sort(
      (a, b) => (a.datetimeComplete?.getTime() ?? 0) - (b.datetimeComplete?.getTime() ?? 0) || a.number - b.number,
    );
    return complete
      .slice(-this.populationSize)
      .map((member) => ({ architecture: this.architectureOf(member), reward: member.value as number }));
  }

  private tokensAsParameters(architecture: A): Record<string, number> {
    const tokens = this.space.toTokens(architecture);
    return Object.fromEntries(this.space.decisions.map((decision, i) => [decision.name, tokens[i]]));
  }
}

/** The space's decisions as categorical parameters (a categorical's internal value is the token). */
export function architectureParameters<A>(space: SearchSpace<A>): ParameterSpace {
  return Object.fromEntries(
    space.decisions.map((decision) => [decision.name, categoricalDistribution(decision.choices)]),
  );
}
