// MetaQNN (Baker et al., "Designing Neural Network Architectures using Reinforcement Learning",
// ICLR 2017): tabular Q-learning over layer choices. States are (depth, last layer), actions the
// next layer or the end of the network; an epsilon-greedy schedule explores, and after each model
// experiences replayed from memory update Q(s, a) <- (1 - alpha) Q(s, a) + alpha (r + gamma max Q(s', a')),
// with r = 0 until the terminal step, whose reward is the model's accuracy.
import { Rng } from '@hw7/tensor-utils/base';
import type { SearchSpace } from '../spaces/search-space.js';
import { assertReward, type Candidate, CandidateFactory, type SearchStrategy } from './strategy.js';

/** Epsilon for the next `models` architectures; the last step's epsilon holds forever. */
export interface EpsilonStep {
  epsilon: number;
  models: number;
}

export interface QLearningOptions {
  /** alpha (default 0.01, as MetaQNN). */
  learningRate?: number;
  /** gamma (default 1, as MetaQNN). */
  discount?: number;
  /** Q of unvisited pairs (default 0.5, as MetaQNN; rewards are expected in [0, 1]). */
  initialQ?: number;
  /** Default: 1.0 for 20 models, then 0.9 down to 0.1 in steps of 0.1 every 10 models. */
  epsilonSchedule?: EpsilonStep[];
  /** Experiences replayed after each told model (default 20; MetaQNN replays 100). */
  replaySize?: number;
  seed?: number;
}

/** MetaQNN's shape (a long pure-exploration phase, then decreasing epsilon) scaled to small budgets. */
export const DEFAULT_EPSILON_SCHEDULE: readonly EpsilonStep[] = [
  { epsilon: 1, models: 20 },
  ...[0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1].map((epsilon) => ({ epsilon, models: 10 })),
];

interface Experience {
  path: string[];
  reward: number;
}

export class MetaQnn<A> implements SearchStrategy<A> {
  readonly name = 'qlearning';
  private readonly rng: Rng;
  private readonly candidates: CandidateFactory<A>;
  private readonly alpha: number;
  private readonly gamma: number;
  private readonly initialQ: number;
  private readonly schedule: readonly EpsilonStep[];
  private readonly replaySize: number;
  private readonly q = new Map<string, number>();
  private readonly paths = new Map<number, string[]>();
  private readonly memory: Experience[] = [];
  private proposed = 0;

  constructor(
    private readonly space: SearchSpace<A>,
    options: QLearningOptions = {},
  ) {
    this.alpha = options.learningRate ?? 0.01;
    this.gamma = options.discount ?? 1;
    this.initialQ = options.initialQ ?? 0.5;
    this.schedule = options.epsilonSchedule ?? DEFAULT_EPSILON_SCHEDULE;
    this.replaySize = options.replaySize ?? 20;
    if (!(this.alpha > 0 && this.alpha <= 1))
      throw new RangeError(`MetaQnn: learningRate must be in (0, 1]; got ${this.alpha}`);
    if (!(this.gamma >= 0 && this.gamma <= 1))
      throw new RangeError(`MetaQnn: discount must be in [0, 1]; got ${this.gamma}`);
    if (this.schedule.length === 0 || this.schedule.some((step) => !(step.epsilon >= 0 && step.epsilon <= 1))) {
      throw new RangeError('MetaQnn: epsilonSchedule must be a non-empty list of steps with epsilon in [0, 1]');
    }
    if (!Number.isInteger(this.replaySize) || this.replaySize < 1) {
      throw new RangeError(`MetaQnn: replaySize must be an integer >= 1; got ${this.replaySize}`);
    }
    this.rng = new Rng(options.seed ?? 0);
    this.candidates = new CandidateFactory((architecture) => space.format(architecture));
  }

  /** The exploration rate for the next proposal. */
  epsilon(): number {
    let remaining = this.proposed;
    for (const step of this.schedule) {
      if (remaining < step.models) return step.epsilon;
      remaining -= step.models;
    }
    return (this.schedule.at(-1) as EpsilonStep).epsilon;
  }

  ask(): Candidate<A>[] {
    const epsilon = this.epsilon();
    this.proposed++;
    const { process } = this.space;
    const path: string[] = [];
    for (let actions = process.actions(path); actions.length > 0; actions = process.actions(path)) {
      path.push(this.rng.next() < epsilon ? this.rng.choice(actions) : this.greedy(process.state(path), actions));
    }
    const candidate = this.candidates.create(process.build(path));
    this.paths.set(candidate.id, path);
    return [candidate];
  }

  tell(candidate: Candidate<A>, reward: number): void {
    assertReward(candidate, reward);
    const path = this.paths.get(candidate.id);
    if (!path) throw new Error(`MetaQnn.tell: candidate ${candidate.id} was not proposed by ask() or was already told`);
    this.paths.delete(candidate.id);
    this.memory.push({ path, reward });
    for (let i = 0; i < this.replaySize; i++) this.replay(this.rng.choice(this.memory));
  }

  /** Q(state, action), the initial value when never updated. */
  value(state: string, action: string): number {
    return this.q.get(`${state}\u0000${action}`) ?? this.initialQ;
  }

  /** Updates along the trajectory from its end, so the terminal reward flows back in one pass. */
  private replay({ path, reward }: Experience): void {
    const { process } = this.space;
    for (let i = path.length - 1; i >= 0; i--) {
      const prefix = path.slice(0, i);
      const next = path.slice(0, i + 1);
      const terminal = i === path.length - 1;
      const target = terminal
        ? reward
        : this.gamma * Math.max(...process.actions(next).map((action) => this.value(process.state(next), action)));
      const key = `${process.state(prefix)}\u0000${path[i]}`;
      this.q.set(key, (1 - this.alpha) * this.value(process.state(prefix), path[i]) + this.alpha * target);
    }
  }

  /** The action with the highest Q, ties broken at random. */
  private greedy(state: string, actions: readonly string[]): string {
    let best = Number.NEGATIVE_INFINITY;
    let ties: string[] = [];
    for (const action of actions) {
      const value = this.value(state, action);
      if (value > best) {
        best = value;
        ties = [action];
      } else if (value === best) ties.push(action);
    }
    return this.rng.choice(ties);
  }
}
