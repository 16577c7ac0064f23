// NSGA-II (Deb et al., IEEE TEC 2002) as in Optuna's `NSGAIISampler`: trials form generations of
// `populationSize`; the parents of generation g+1 are the elite of generation g plus its parents,
// chosen by non-dominated rank and then crowding distance. A child takes each parameter from two
// tournament-selected parents by crossover (uniform by default, or SBX for numerical parameters),
// and with probability `mutationProb` the parameter is instead drawn uniformly at random.
import { Rng } from '@hw7/tensor-utils/base';
import type { Distribution, NumericalDistribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { Study } from '../study.js';
import { dominates, nondominatedFronts, type StudyDirection } from '../study-direction.js';
import { intersectionSearchSpace } from './intersection-search-space.js';
import { observedValue } from './observed-value.js';
import { sampleUniform } from './random-sampler.js';
import type { Sampler, SearchSpace } from './sampler.js';

export interface NSGAIISamplerOptions {
  seed?: number;
  /** Default 50. */
  populationSize?: number;
  /** Per-parameter probability of a random value instead of the crossover's; default 1 / (number of parameters). */
  mutationProb?: number;
  /** Probability of crossover (otherwise the child copies its first parent). Default 0.9. */
  crossoverProb?: number;
  /** Uniform crossover's probability of taking the second parent's value. Default 0.5. */
  swappingProb?: number;
  /** 'uniform' (default, as Optuna) or 'sbx': simulated binary crossover for numerical parameters. */
  crossover?: 'uniform' | 'sbx';
  /** SBX's distribution index: larger keeps children closer to their parents. Default 20. */
  sbxEta?: number;
}

const GENERATION_KEY = 'nsga2Generation';

/** Crowding distance within one front: the normalised perimeter of each point's neighbourhood. */
function crowdingDistances(front: readonly FrozenTrial[], nObjectives: number): number[] {
  const distances = new Array<number>(front.length).fill(0);
  for (let m = 0; m < nObjectives; m++) {
    const value = (i: number) => front[i].values?.[m] ?? 0;
    const order = [...front.keys()].sort((a, b) => value(a) - value(b));
    const span = value(order[order.length - 1]) - value(order[0]);
    distances[order[0]] = distances[order[order.length - 1]] = Number.POSITIVE_INFINITY;
    if (span === 0) continue;
    for (let i = 1; i < order.length - 1; i++) {
      distances[order[i]] += (value(order[i + 1]) - value(order[i - 1])) / span;
    }
  }
  return distances;
}

export class NSGAIISampler implements Sampler {
  private readonly rng: Rng;
  private readonly populationSize: number;
  private readonly mutationProb: number | undefined;
  private readonly crossoverProb: number;
  private readonly swappingProb: number;
  private readonly crossover: 'uniform' | 'sbx';
  private readonly sbxEta: number;
  /** Parent populations by study and generation; a generation is final once it is full. */
  private readonly parentCache = new Map<string, FrozenTrial[]>();

  constructor(options: NSGAIISamplerOptions = {}) {
    const {
      seed = Date.now(),
      populationSize = 50,
      mutationProb,
      crossoverProb = 0.9,
      swappingProb = 0.5,
      crossover = 'uniform',
      sbxEta = 20,
    } = options;
    if (!Number.isInteger(populationSize) || populationSize < 2) {
      throw new RangeError(`populationSize must be an integer >= 2; got ${populationSize}`);
    }
    for (const [name, p] of Object.entries({ mutationProb, crossoverProb, swappingProb })) {
      if (p !== undefined && !(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1]; got ${p}`);
    }
    if (crossover !== 'uniform' && crossover !== 'sbx')
      throw new RangeError(`crossover must be 'uniform' or 'sbx'; got ${crossover}`);
    this.rng = new Rng(seed);
    this.populationSize = populationSize;
    this.mutationProb = mutationProb;
    this.crossoverProb = crossoverProb;
    this.swappingProb = swappingProb;
    this.crossover = crossover;
    this.sbxEta = sbxEta;
  }

  beforeTrial(study: Study, trial: FrozenTrial): void {
    const [parentGeneration] = this.parentPopulation(study);
    study.storage.setTrialSystemAttr(trial.trialId, GENERATION_KEY, parentGeneration + 1);
  }

  inferRelativeSearchSpace(study: Study): SearchSpace {
    return intersectionSearchSpace(study.getTrials(['COMPLETE']));
  }

  sampleRelative(study: Study, _trial: FrozenTrial, searchSpace: SearchSpace): Record<string, number> {
    const [parentGeneration, parents] = this.parentPopulation(study);
    if (parentGeneration < 0) return {};
    const directions = study.directions;
    const first = this.tournament(parents, directions);
    const second = this.tournament(parents, directions);
    const crossing = this.rng.next() < this.crossoverProb;
    const names = Object.keys(searchSpace);
    const mutationProb = this.mutationProb ?? 1 / Math.max(1, names.length);
    const child: Record<string, number> = {};
    for (const name of names) {
      const distribution = searchSpace[name];
      const a = observedValue(first, name, distribution);
      const b = observedValue(second, name, distribution);
      // Mutation: leave the parameter to independent (uniform) sampling, as Optuna does.
      if (a === undefined || b === undefined || this.rng.next() < mutationProb) continue;
      child[name] = crossing ? this.cross(a, b, distribution) : a;
    }
    return child;
  }

  sampleIndependent(_study: Study, _trial: FrozenTrial, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }

  private cross(a: number, b: number, distribution: Distribution): number {
    if (this.crossover === 'uniform' || distribution.type === 'categorical') {
      return this.rng.next() < this.swappingProb ? b : a;
    }
    return this.simulatedBinaryCrossover(a, b, distribution);
  }

  /** SBX (Deb & Agrawal 1995) in the log space for log parameters, snapped back onto the grid. */
  private simulatedBinaryCrossover(a: number, b: number, distribution: NumericalDistribution): number {
    const forward = (x: number) => (distribution.log ? Math.log(x) : x);
    const u = this.rng.next();
    const exponent = 1 / (this.sbxEta + 1);
    const beta = u <= 0.5 ? (2 * u) ** exponent : (1 / (2 * (1 - u))) ** exponent;
    const sign = this.rng.next() < 0.5 ? 1 : -1;
    const t = 0.5 * (forward(a) + forward(b)) + sign * 0.5 * beta * (forward(b) - forward(a));
    const { low, high, step } = distribution;
    let value = distribution.log ? Math.exp(t) : t;
    if (step !== undefined) value = low + Math.round((value - low) / step) * step;
    if (distribution.type === 'int') value = Math.round(value);
    return Math.min(Math.max(value, low), high);
  }

  /** Binary tournament: of two random parents, the dominating one (or the first drawn). */
  private tournament(parents: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial {
    const i = this.rng.int(0, parents.length - 1);
    let j = this.rng.int(0, parents.length - 2);
    if (j >= i) j++;
    const a = parents[i];
    const b = parents[j];
    return dominates(b.values ?? [], a.values ?? [], directions) ? b : a;
  }

  /** The latest full generation and its selected parents (generation -1: none yet). */
  private parentPopulation(study: Study): [number, FrozenTrial[]] {
    const byGeneration = new Map<number, FrozenTrial[]>();
    for (const trial of study.getTrials(['COMPLETE'])) {
      const generation = trial.systemAttrs[GENERATION_KEY];
      if (typeof generation !== 'number') continue;
      byGeneration.set(generation, [...(byGeneration.get(generation) ?? []), trial]);
    }
    let generation = -1;
    let parents: FrozenTrial[] = [];
    for (;;) {
      const key = `${study.studyId}:${generation + 1}`;
      const cached = this.parentCache.get(key);
      if (!cached) {
        const population = byGeneration.get(generation + 1) ?? [];
        if (population.length < this.populationSize) return [generation, parents];
        this.parentCache.set(key, this.selectElite([...population, ...parents], study.directions));
      }
      parents = this.parentCache.get(key) as FrozenTrial[];
      generation++;
    }
  }

  private selectElite(population: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
    const elite: FrozenTrial[] = [];
    for (const front of nondominatedFronts(population, (trial) => trial.values ?? [], directions)) {
      if (elite.length + front.length <= this.populationSize) {
        elite.push(...front);
        continue;
      }
      // Shuffle first so that ties in crowding distance are broken at random.
      const shuffled = this.rng.shuffle([...front]);
      const distances = crowdingDistances(shuffled, directions.length);
      const order = [...shuffled.keys()].sort((a, b) =>
        distances[a] === distances[b] ? 0 : distances[a] > distances[b] ? -1 : 1,
      );
      elite.push(...order.slice(0, this.populationSize - elite.length).map((i) => shuffled[i]));
      break;
    }
    return elite;
  }
}
