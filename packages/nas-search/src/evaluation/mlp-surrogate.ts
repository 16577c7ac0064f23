// A surrogate predictor: a small MLP regressing an architecture's reward from the space's
// fixed-length encoding, refitted from scratch on every observation so far (as in the predictor
// baselines of White et al., "How Powerful are Performance Predictors in NAS?", 2021).
import { tf } from '@hw7/tensor-utils';

export interface MlpSurrogateOptions {
  /** Hidden units of each of the two hidden layers (default 32). */
  hiddenUnits?: number;
  /** Full-batch Adam steps per fit (default 200). */
  epochs?: number;
  /** Default 1e-2. */
  learningRate?: number;
  /** Seeds the initial weights. */
  seed?: number;
}

export class MlpSurrogate {
  private model: tf.Sequential | undefined;
  private mean = 0;
  private scale = 1;
  private readonly hiddenUnits: number;
  private readonly epochs: number;
  private readonly learningRate: number;
  private readonly seed: number;

  constructor(
    readonly inputLength: number,
    options: MlpSurrogateOptions = {},
  ) {
    if (!Number.isInteger(inputLength) || inputLength < 1) {
      throw new RangeError(`MlpSurrogate: inputLength must be an integer >= 1; got ${inputLength}`);
    }
    this.hiddenUnits = options.hiddenUnits ?? 32;
    this.epochs = options.epochs ?? 200;
    this.learningRate = options.learningRate ?? 1e-2;
    this.seed = options.seed ?? 0;
  }

  /** True once `fit` has been called. */
  get fitted(): boolean {
    return this.model !== undefined;
  }

  /**
   * Fits a fresh MLP to (encoding, reward) pairs, rewards standardised; synchronous (a plain Adam
   * loop, no tf.LayersModel.fit) so a strategy's `tell` can refit.
   */
  fit(encodings: number[][], rewards: number[]): void {
    if (encodings.length !== rewards.length || encodings.length < 2) {
      throw new RangeError(
        `MlpSurrogate.fit: needs as many encodings as rewards, at least 2; got ${encodings.length} and ${rewards.length}`,
      );
    }
    const wrong = encodings.find((encoding) => encoding.length !== this.inputLength);
    if (wrong)
      throw new RangeError(`MlpSurrogate.fit: encodings must have length ${this.inputLength}; got ${wrong.length}`);
    this.mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    this.scale = Math.sqrt(rewards.reduce((sum, r) => sum + (r - this.mean) ** 2, 0) / rewards.length) || 1;
    this.model?.dispose();
    const init = (offset: number) => tf.initializers.glorotUniform({ seed: this.seed + offset });
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [this.inputLength],
          units: this.hiddenUnits,
          activation: 'relu',
          kernelInitializer: init(0),
        }),
        tf.layers.dense({ units: this.hiddenUnits, activation: 'relu', kernelInitializer: init(1) }),
        tf.layers.dense({ units: 1, kernelInitializer: init(2) }),
      ],
    });
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const optimizer = tf.train.adam(this.learningRate);
    const x = tf.tensor2d(encodings);
    const y = tf.tensor2d(rewards.map((r) => [(r - this.mean) / this.scale]));
    for (let epoch = 0; epoch < this.epochs; epoch++) {
      optimizer.minimize(
        () => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar,
        false,
        variables,
      );
    }
    tf.dispose([x, y]);
    optimizer.dispose();
    this.model = model;
  }

  /** Predicted rewards, in the rewards' units. */
  predict(encodings: number[][]): number[] {
    const model = this.model;
    if (!model) throw new Error('MlpSurrogate.predict: call fit() first');
    return tf.tidy(() => {
      const output = model.predict(tf.tensor2d(encodings, [encodings.length, this.inputLength])) as tf.Tensor;
      return (output.arraySync() as number[][]).map(([value]) => value * this.scale + this.mean);
    });
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }
}
