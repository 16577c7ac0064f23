// Perturbation-based architecture selection (DARTS-PT, Wang et al., ICLR 2021, "Rethinking
// Architecture Selection in Differentiable NAS"). The magnitude of alpha says little about how much
// the trained supernet relies on an operation: parameter-free operations gain alpha early (they help
// before the convolutions are trained) although removing them later costs almost nothing. So each
// edge instead takes the operation whose removal from the mixture hurts the supernet's validation
// accuracy most. Edges are decided one at a time in a seeded random order (as DARTS-PT); a decided
// edge runs only its chosen operation, and the weights are fine-tuned for a few steps with that
// projection before the next edge is decided, so the supernet recovers from each discretisation.
import { Rng, tf } from '@hw7/tensor-utils';
import { BatchStream } from '../cell/batch-stream.js';
import { crossEntropy } from '../cell/classification.js';
import type { EdgeMixture } from '../cell/edge-mixture.js';
import { disposeLabeled, firstExamples, type LabeledTensors } from '../cell/labeled-tensors.js';
import { CONNECTING_OPERATIONS } from '../cell/random-genotype.js';
import { type CellGenotype, NB201_EDGES, type Nb201Operation } from '../spaces/nb201-cell.js';
import { softmaxMixture } from './architecture-parameters.js';
import { updateWeights } from './darts-step.js';
import type { DartsSupernet, MixtureOf } from './darts-supernet.js';

export interface PerturbationSelectionOptions {
  /** Weight-only steps (alpha fixed) after each decided edge; default 20. */
  tuneSteps?: number;
  /** Training batch size of the fine-tuning; default 64. */
  batchSize?: number;
  /** Momentum-SGD (0.9) learning rate of the fine-tuning; default 0.05, as the search. */
  weightLearningRate?: number;
  /** Validation examples each perturbation is scored on, in one batch; default 1000. */
  evaluationExamples?: number;
  /** Seeds the edge order and the fine-tuning batches; default 0. */
  seed?: number;
}

/** The supernet on the validation examples with one mixture. */
export interface SupernetScore {
  accuracy: number;
  loss: number;
}

export interface EdgeDecision {
  /** Index into `NB201_EDGES`. */
  edge: number;
  /** The supernet with this edge still mixed (the edges decided before it projected). */
  intact: SupernetScore;
  /** The supernet with each candidate operation removed from this edge's mixture. */
  without: Array<{ operation: Nb201Operation } & SupernetScore>;
  chosen: Nb201Operation;
}

export interface PerturbationSelectionResult {
  genotype: CellGenotype;
  /** In decision order. */
  decisions: EdgeDecision[];
  /** The supernet with every edge projected onto its chosen operation, after the last fine-tuning. */
  projected: SupernetScore;
  seconds: number;
}

/**
 * softmax(alpha) on the undecided edges, the chosen operation alone (weight 1) on the decided ones,
 * and optionally one operation left out of one edge. The left-out operation's weight is not given
 * to the others (as DARTS-PT): the perturbation is "this operation's output is gone".
 */
export function projectedMixture(
  alpha: tf.Tensor,
  decided: ReadonlyMap<number, Nb201Operation>,
  removed?: { edge: number; operation: Nb201Operation },
): EdgeMixture {
  return softmaxMixture(alpha).map((weighted, edge) => {
    const chosen = decided.get(edge);
    if (chosen !== undefined) return [{ operation: chosen }];
    if (removed?.edge === edge) return weighted.filter(({ operation }) => operation !== removed.operation);
    return weighted;
  });
}

/**
 * The least accurate perturbation wins (its operation mattered most); ties, common on small
 * validation sets, go to the higher loss.
 */
export function mostImportantOperation(without: EdgeDecision['without']): Nb201Operation {
  if (without.length === 0) throw new RangeError('without must score at least one operation; got []');
  const worst = without.reduce((best, candidate) =>
    candidate.accuracy < best.accuracy || (candidate.accuracy === best.accuracy && candidate.loss > best.loss)
      ? candidate
      : best,
  );
  return worst.operation;
}

function scoreSupernet(model: DartsSupernet, mixtureOf: MixtureOf, data: LabeledTensors): SupernetScore {
  return tf.tidy(() => {
    const logits = model.logits(data.x, mixtureOf);
    const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), data.y), 'float32'));
    return { accuracy: correct.arraySync() as number, loss: crossEntropy(logits, data.y).arraySync() as number };
  });
}

/**
 * Decides every edge of a trained DARTS supernet by perturbation (never 'none', as `deriveGenotype`:
 * NAS-Bench-201 cells keep all six edges). Alpha stays fixed; the weights are fine-tuned in place.
 */
export function selectByPerturbation(
  model: DartsSupernet,
  data: { train: LabeledTensors; validation: LabeledTensors },
  options: PerturbationSelectionOptions = {},
): PerturbationSelectionResult {
  const { tuneSteps = 20, batchSize = 64, weightLearningRate = 0.05, evaluationExamples = 1000, seed = 0 } = options;
  if (!Number.isInteger(tuneSteps) || tuneSteps < 0) {
    throw new RangeError(`options.tuneSteps must be an integer >= 0; got ${tuneSteps}`);
  }
  if (!Number.isInteger(evaluationExamples) || evaluationExamples < 1) {
    throw new RangeError(`options.evaluationExamples must be an integer >= 1; got ${evaluationExamples}`);
  }
  const started = performance.now();
  const edgeOrder = Array.from(new Rng(`darts-pt-order:${seed}`).permutation(NB201_EDGES.length));
  const trainBatches = new BatchStream(data.train, batchSize, `darts-pt-tune:${seed}`);
  const optimizer = tf.train.momentum(weightLearningRate, 0.9);
  const evaluationSet = firstExamples(data.validation, evaluationExamples);
  const decided = new Map<number, Nb201Operation>();
  const decisions: EdgeDecision[] = [];
  try {
    for (const edge of edgeOrder) {
      const intact = scoreSupernet(model, (alpha) => projectedMixture(alpha, decided), evaluationSet);
      const without = CONNECTING_OPERATIONS.map((operation) => ({
        operation,
        ...scoreSupernet(model, (alpha) => projectedMixture(alpha, decided, { edge, operation }), evaluationSet),
      }));
      const chosen = mostImportantOperation(without);
      decided.set(edge, chosen);
      decisions.push({ edge, intact, without, chosen });
      for (let step = 0; step < tuneSteps; step++) {
        const batch = trainBatches.next();
        updateWeights(model, optimizer, batch, (alpha) => projectedMixture(alpha, decided));
        disposeLabeled(batch);
      }
    }
    const genotype: CellGenotype = { edges: NB201_EDGES.map((_, edge) => decided.get(edge) as Nb201Operation) };
    return {
      genotype,
      decisions,
      projected: scoreSupernet(model, (alpha) => projectedMixture(alpha, decided), evaluationSet),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    disposeLabeled(evaluationSet);
    optimizer.dispose();
  }
}
