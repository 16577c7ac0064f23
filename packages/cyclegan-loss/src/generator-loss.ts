// CycleGAN's full generator objective (official backward_G): adv(G) + adv(F) + lambdaCycle * cycle
// + lambdaIdentity * lambdaCycle * identity, returned with each part for logging.
import { tf } from '@hw7/tensor-utils';
import { type GanMode, generatorAdversarialLoss } from './adversarial-loss.js';
import { cycleConsistencyLossParts } from './cycle-consistency-loss.js';
import { identityLossParts } from './identity-loss.js';
import { assertNonNegativeNumber, assertObject, assertPrediction } from './validation.js';

/** G: A -> B, F: B -> A, D_A judges domain A, D_B judges domain B. */
export interface GeneratorLossInputs {
  /** D_B(G(realA)): the B discriminator's scores on translated A images. */
  predictionOnFakeB: tf.Tensor;
  /** D_A(F(realB)): the A discriminator's scores on translated B images. */
  predictionOnFakeA: tf.Tensor;
  realA: tf.Tensor4D;
  /** F(G(realA)) */
  recoveredA: tf.Tensor4D;
  realB: tf.Tensor4D;
  /** G(F(realB)) */
  recoveredB: tf.Tensor4D;
  /** F(realA); required unless lambdaIdentity is 0. */
  identityA?: tf.Tensor4D;
  /** G(realB); required unless lambdaIdentity is 0. */
  identityB?: tf.Tensor4D;
  /** Weight of the cycle loss (official lambda_A = lambda_B = 10). Default 10. */
  lambdaCycle?: number;
  /** Identity weight relative to lambdaCycle (official lambda_identity = 0.5). Default 0.5. */
  lambdaIdentity?: number;
  /** Default 'lsgan'. */
  mode?: GanMode;
}

export type GeneratorLoss = {
  /** What the generators minimise. */
  total: tf.Scalar;
  /** adv loss of G: D_B(G(a)) pushed towards real. */
  adversarialG: tf.Scalar;
  /** adv loss of F: D_A(F(b)) pushed towards real. */
  adversarialF: tf.Scalar;
  cycleA: tf.Scalar;
  cycleB: tf.Scalar;
  /** cycleA + cycleB, unweighted. */
  cycle: tf.Scalar;
  identityA: tf.Scalar;
  identityB: tf.Scalar;
  /** identityA + identityB, unweighted (0 when lambdaIdentity is 0 and no identity images are given). */
  identity: tf.Scalar;
};

export function generatorLoss(inputs: GeneratorLossInputs): GeneratorLoss {
  const context = 'generatorLoss';
  assertObject(inputs, 'inputs', context);
  const { lambdaCycle = 10, lambdaIdentity = 0.5, mode = 'lsgan' } = inputs;
  assertNonNegativeNumber(lambdaCycle, 'lambdaCycle', context);
  assertNonNegativeNumber(lambdaIdentity, 'lambdaIdentity', context);
  assertPrediction(inputs.predictionOnFakeB, 'predictionOnFakeB', context);
  assertPrediction(inputs.predictionOnFakeA, 'predictionOnFakeA', context);
  const needIdentity = lambdaIdentity > 0;
  if (needIdentity && (inputs.identityA === undefined || inputs.identityB === undefined)) {
    throw new TypeError(
      `${context}: identityA (F(realA)) and identityB (G(realB)) are required when lambdaIdentity > 0; ` +
        `got lambdaIdentity=${lambdaIdentity} (pass lambdaIdentity: 0 to skip the identity loss)`,
    );
  }
  return tf.tidy(() => {
    const adversarialG = generatorAdversarialLoss(inputs.predictionOnFakeB, { mode });
    const adversarialF = generatorAdversarialLoss(inputs.predictionOnFakeA, { mode });
    const { cycleA, cycleB, cycle } = cycleConsistencyLossParts(inputs);
    const hasIdentity = inputs.identityA !== undefined || inputs.identityB !== undefined;
    const { identityA, identityB, identity } = hasIdentity
      ? identityLossParts(inputs as Required<GeneratorLossInputs>)
      : { identityA: tf.scalar(0), identityB: tf.scalar(0), identity: tf.scalar(0) };
    const total = tf.addN([
      adversarialG,
      adversarialF,
      tf.mul(cycle, lambdaCycle),
      tf.mul(identity, lambdaIdentity * lambdaCycle),
    ]) as tf.Scalar;
    return { total, adversarialG, adversarialF, cycleA, cycleB, cycle, identityA, identityB, identity };
  });
}
