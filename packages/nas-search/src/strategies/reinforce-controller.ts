// The REINFORCE controller of Zoph & Le ("Neural Architecture Search with Reinforcement Learning",
// ICLR 2017): an LSTM emits the architecture token by token, each decision a softmax over its own
// choices, the previous token embedded as the next input. The loss of a batch is
//   -mean_b sum_t log P(a_t | a_<t) (R_b - baseline) - beta * mean_b sum_t entropy_t,
// the homework's gradient sum_t grad log P(a_t | a_<t) R with a moving-average baseline subtracted
// to cut variance and an entropy bonus against premature collapse.
import { Rng, tf } from '@hw7/tensor-utils';
import type { SearchSpace } from '../spaces/search-space.js';
import { assertReward, type Candidate, CandidateFactory, type SearchStrategy } from './strategy.js';

export interface ReinforceOptions {
  /** LSTM units and embedding size (default 32). */
  hiddenSize?: number;
  /** Architectures sampled per policy update (default 10). */
  batchSize?: number;
  /** Adam learning rate (default 0.05). */
  learningRate?: number;
  /** Moving-average decay of the baseline (default 0.9). */
  baselineDecay?: number;
  /** Weight beta of the entropy bonus (default 0.01). */
  entropyWeight?: number;
  seed?: number;
}

interface Sampled {
  tokens: number[];
  reward?: number;
}

export class ReinforceController<A> implements SearchStrategy<A> {
  readonly name = 'reinforce';
  private readonly rng: Rng;
  private readonly candidates: CandidateFactory<A>;
  private readonly hiddenSize: number;
  private readonly batchSize: number;
  private readonly baselineDecay: number;
  private readonly entropyWeight: number;
  private readonly optimizer: tf.Optimizer;
  /** Row 0 is the start token; decision t's choices follow at `offsets[t]`. */
  private readonly embedding: tf.Variable;
  private readonly lstmKernel: tf.Variable;
  private readonly lstmBias: tf.Variable;
  private readonly headKernels: tf.Variable[];
  private readonly headBiases: tf.Variable[];
  private readonly offsets: number[];
  private readonly sampled = new Map<number, Sampled>();
  private baseline: number | undefined;

  constructor(
    private readonly space: SearchSpace<A>,
    options: ReinforceOptions = {},
  ) {
    this.hiddenSize = positiveInteger(options.hiddenSize ?? 32, 'hiddenSize');
    this.batchSize = positiveInteger(options.batchSize ?? 10, 'batchSize');
    this.baselineDecay = options.baselineDecay ?? 0.9;
    if (!(this.baselineDecay >= 0 && this.baselineDecay < 1)) {
      throw new RangeError(`ReinforceController: baselineDecay must be in [0, 1); got ${this.baselineDecay}`);
    }
    this.entropyWeight = options.entropyWeight ?? 0.01;
    this.rng = new Rng(options.seed ?? 0);
    this.candidates = new CandidateFactory((architecture) => space.format(architecture));
    this.optimizer = tf.train.adam(options.learningRate ?? 0.05);

    const hidden = this.hiddenSize;
    this.offsets = [];
    let rows = 1;
    for (const decision of space.decisions) {
      this.offsets.push(rows);
      rows += decision.choices.length;
    }
    // Uniform(-0.1, 0.1) as in ENAS's controller, drawn from the seeded Rng for reproducibility.
    const init = (shape: number[]) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return tf.variable(
        tf.tensor(
          Float32Array.from({ length: size }, () => this.rng.uniform(-0.1, 0.1)),
          shape,
        ),
      );
    };
    this.embedding = init([rows, hidden]);
    this.lstmKernel = init([2 * hidden, 4 * hidden]);
    this.lstmBias = tf.variable(tf.zeros([4 * hidden]));
    this.headKernels = space.decisions.map((decision) => init([hidden, decision.choices.length]));
    this.headBiases = space.decisions.map((decision) => tf.variable(tf.zeros([decision.choices.length])));
  }

  ask(): Candidate<A>[] {
    const batch: number[][] = Array.from({ length: this.batchSize }, () => []);
    tf.tidy(() => {
      this.unroll(this.batchSize, (_step, logProbs) => {
        const rows = tf.exp(logProbs).arraySync() as number[][];
        return rows.map((probabilities, b) => {
          const token = this.sampleIndex(probabilities);
          batch[b].push(token);
          return token;
        });
      });
    });
    return batch.map((tokens) => {
      const candidate = this.candidates.create(this.space.fromTokens(tokens));
      this.sampled.set(candidate.id, { tokens });
      return candidate;
    });
  }

  tell(candidate: Candidate<A>, reward: number): void {
    assertReward(candidate, reward);
    const entry = this.sampled.get(candidate.id);
    if (!entry || entry.reward !== undefined)
      throw new Error(
        `ReinforceController.tell: candidate ${candidate.id} was not proposed by ask() or was already told`,
      );
    entry.reward = reward;
    const done = [...this.sampled.entries()].filter(([, sample]) => sample.reward !== undefined);
    if (done.length < this.batchSize) return;
    for (const [id] of done) this.sampled.delete(id);
    this.update(done.map(([, sample]) => sample as Required<Sampled>));
  }

  dispose(): void {
    for (const variable of [this.embedding, this.lstmKernel, this.lstmBias, ...this.headKernels, ...this.headBiases]) {
      variable.dispose();
    }
    this.optimizer.dispose();
  }

  /** The policy's probabilities of every choice of every decision after `tokens`' prefix, for inspection. */
  probabilities(tokens: readonly number[]): number[][] {
    const result: number[][] = [];
    tf.tidy(() => {
      this.unroll(1, (t, logProbs) => {
        result.push((tf.exp(logProbs).arraySync() as number[][])[0]);
        return [tokens[t] ?? 0];
      });
    });
    return result;
  }

  private update(samples: Required<Sampled>[]): void {
    const rewards = samples.map((sample) => sample.reward);
    const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    const baseline = this.baseline ?? mean;
    const advantages = tf.tensor1d(rewards.map((reward) => reward - baseline));
    this.optimizer.minimize(() => {
      const { logProbSum, entropySum } = this.unroll(samples.length, (t) => samples.map((sample) => sample.tokens[t]));
      const policyLoss = tf.neg(tf.mean(tf.mul(logProbSum, advantages)));
      return tf.sub(policyLoss, tf.mul(this.entropyWeight, tf.mean(entropySum))) as tf.Scalar;
    });
    advantages.dispose();
    this.baseline = this.baselineDecay * baseline + (1 - this.baselineDecay) * mean;
  }

  /**
   * Runs the LSTM over all decisions for `batch` sequences; `choose(t, logProbs)` returns the
   * tokens taken at step t, one per sequence (sampled or replayed). Returns per sequence the
   * summed log-probability of the chosen tokens and the summed entropy.
   */
  private unroll(
    batch: number,
    choose: (t: number, logProbs: tf.Tensor2D) => number[],
  ): { logProbSum: tf.Tensor1D; entropySum: tf.Tensor1D } {
    let c = tf.zeros([batch, this.hiddenSize]) as tf.Tensor2D;
    let h = tf.zeros([batch, this.hiddenSize]) as tf.Tensor2D;
    let input = tf.gather(this.embedding, tf.zeros([batch], 'int32')) as tf.Tensor2D;
    let logProbSum = tf.zeros([batch]) as tf.Tensor1D;
    let entropySum = tf.zeros([batch]) as tf.Tensor1D;
    this.space.decisions.forEach((decision, t) => {
      [c, h] = tf.basicLSTMCell(1, this.lstmKernel as tf.Tensor2D, this.lstmBias as tf.Tensor1D, input, c, h);
      const logits = tf.add(tf.matMul(h, this.headKernels[t]), this.headBiases[t]);
      const logProbs = tf.logSoftmax(logits) as tf.Tensor2D;
      const tokens = choose(t, logProbs);
      const chosen = tf.oneHot(tf.tensor1d(tokens, 'int32'), decision.choices.length);
      logProbSum = tf.add(logProbSum, tf.sum(tf.mul(logProbs, chosen), 1));
      entropySum = tf.sub(entropySum, tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1));
      const rows = tf.tensor1d(
        tokens.map((token) => this.offsets[t] + token),
        'int32',
      );
      input = tf.gather(this.embedding, rows) as tf.Tensor2D;
    });
    return { logProbSum, entropySum };
  }

  private sampleIndex(probabilities: number[]): number {
    let u = this.rng.next();
    for (let i = 0; i < probabilities.length - 1; i++) {
      u -= probabilities[i];
      if (u < 0) return i;
    }
    return probabilities.length - 1;
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`ReinforceController: ${name} must be an integer >= 1; got ${value}`);
  }
  return value;
}
