// An embedding bag: the TF-IDF-weighted sum (or mean) of the rows of a table picked by a text's
// n-gram ids, [rows, width] ids and weights -> [rows, units]. With `units` = an embedding size it
// is the fastText encoder (Joulin et al. 2017: the mean of the n-grams' vectors); with `units` = a
// task's classes it is the wide, linear part of that task's head (a logistic regression on the
// TF-IDF features). One fused op instead of gather + broadcast multiply + sum: on the wasm backend
// the broadcast multiply and its gradient cost ten times the lookup itself, and only the nonzero
// (non-padding) entries are looked up.
import { tf } from '@hw7/tensor-utils';

/** The nonzero entries of a bag: their row, their id and their (averaged) weight. */
interface BagEntries {
  rows: Int32Array;
  ids: Int32Array;
  weights: Float32Array;
}

function bagEntries(ids: Int32Array, weights: Float32Array, width: number, average: boolean): BagEntries {
  let count = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] !== 0) count++;
  const entries = { rows: new Int32Array(count), ids: new Int32Array(count), weights: new Float32Array(count) };
  let e = 0;
  for (let r = 0; r < weights.length / width; r++) {
    let total = 0;
    for (let k = r * width; k < (r + 1) * width; k++) total += weights[k] as number;
    const scale = average && total !== 0 ? 1 / total : 1;
    for (let k = r * width; k < (r + 1) * width; k++) {
      const weight = weights[k] as number;
      if (weight === 0) continue;
      entries.rows[e] = r;
      entries.ids[e] = ids[k] as number;
      entries.weights[e] = weight * scale;
      e++;
    }
  }
  return entries;
}

/**
 * Adds weight * source row into out row for every entry: `out[entry row] += w * source[entry id or
 * entry index]` (forward), or with `transposed`, `out[entry id or entry index] += w * source[entry row]`
 * (the gradient).
 */
function accumulate(
  entries: BagEntries,
  source: Float32Array,
  out: Float32Array,
  units: number,
  { byId, transposed }: { byId: boolean; transposed: boolean },
): void {
  for (let entry = 0; entry < entries.weights.length; entry++) {
    const weight = entries.weights[entry] as number;
    const row = (entries.rows[entry] as number) * units;
    const table = (byId ? (entries.ids[entry] as number) : entry) * units;
    const [to, from] = transposed ? [table, row] : [row, table];
    for (let u = 0; u < units; u++) out[to + u] = (out[to + u] as number) + weight * (source[from + u] as number);
  }
}

/**
 * sum_k weights[r, k] * table[ids[r, k]] for each row r (divided by sum_k weights[r, k] with
 * `average`). Entries with weight 0 (padding) are skipped. Differentiable in `table` only.
 */
export function embeddingBag(table: tf.Tensor2D, ids: tf.Tensor2D, weights: tf.Tensor2D, average = false): tf.Tensor2D {
  if (ids.shape[0] !== weights.shape[0] || ids.shape[1] !== weights.shape[1]) {
    throw new RangeError(`embeddingBag: ids [${ids.shape}] and weights [${weights.shape}] must have one shape`);
  }
  const bag = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [tableArg, idsArg, weightsArg] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const [rows, width] = idsArg.shape as [number, number];
    const [vocabulary, units] = tableArg.shape as [number, number];
    const entries = bagEntries(idsArg.dataSync() as Int32Array, weightsArg.dataSync() as Float32Array, width, average);
    const count = entries.weights.length;
    // Reading the whole table once beats a gather kernel's row-by-row heap copies unless the
    // table is much larger than the rows looked up.
    const readWhole = count * 4 >= vocabulary;
    const lookupIds = tf.tensor1d(entries.ids, 'int32');
    save([lookupIds]);
    let source: Float32Array;
    if (readWhole) {
      source = tableArg.dataSync() as Float32Array;
    } else {
      const gatheredTensor = tf.gather(tableArg, lookupIds);
      source = gatheredTensor.dataSync() as Float32Array;
      gatheredTensor.dispose();
    }
    const out = new Float32Array(rows * units);
    accumulate(entries, source, out, units, { byId: readWhole, transposed: false });
    return {
      value: tf.tensor2d(out, [rows, units]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const upstream = dy.dataSync() as Float32Array;
        const zeros = [tf.zerosLike(idsArg), tf.zerosLike(weightsArg)];
        if (readWhole) {
          // The dense gradient built here and copied once, like the forward read.
          const gradient = new Float32Array(vocabulary * units);
          accumulate(entries, upstream, gradient, units, { byId: true, transposed: true });
          return [tf.tensor2d(gradient, [vocabulary, units]), ...zeros];
        }
        const perEntry = new Float32Array(count * units);
        accumulate(entries, upstream, perEntry, units, { byId: false, transposed: true });
        const gradient = tf.unsortedSegmentSum(
          tf.tensor2d(perEntry, [count, units]),
          saved[0] as tf.Tensor1D,
          vocabulary,
        );
        return [gradient, ...zeros];
      },
    };
  });
  return bag(table, ids, weights) as tf.Tensor2D;
}

export interface NgramBagArgs {
  /** Number of n-gram ids (the table's rows), including the padding id 0. */
  inputDim: number;
  /** Size of each row of the table and of the output. */
  units: number;
  /** Mean instead of sum of the weighted rows (default false). */
  average?: boolean;
  /** 'uniform' (default: U(-0.05, 0.05), for embeddings) or 'zeros' (for a linear part). */
  initializer?: 'uniform' | 'zeros';
  /** The table's weight name (default 'embeddings'). */
  weightName?: string;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/** A layer on [ids, weights] inputs ([rows, width] each) computing `embeddingBag` with its own table. */
export class NgramBag extends tf.layers.Layer {
  static className = 'NgramBag';
  readonly inputDim: number;
  readonly units: number;
  readonly average: boolean;
  readonly initializerName: 'uniform' | 'zeros';
  readonly weightName: string;
  readonly seed: number;
  private table: tf.LayerVariable | null = null;

  constructor(args: NgramBagArgs) {
    super(args);
    for (const [name, value] of [
      ['inputDim', args.inputDim],
      ['units', args.units],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`NgramBag: ${name} must be an integer >= 1; got ${value}`);
    }
    this.inputDim = args.inputDim;
    this.units = args.units;
    this.average = args.average ?? false;
    this.initializerName = args.initializer ?? 'uniform';
    this.weightName = args.weightName ?? 'embeddings';
    this.seed = args.seed ?? 0;
  }

  override build(): void {
    this.table = this.addWeight(
      this.weightName,
      [this.inputDim, this.units],
      'float32',
      this.initializerName === 'zeros'
        ? tf.initializers.zeros()
        : tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [ids] = inputShape as tf.Shape[];
    return [(ids as tf.Shape)[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2) throw new TypeError('NgramBag: expects [ids, weights] inputs');
    const [ids, weights] = inputs as [tf.Tensor2D, tf.Tensor2D];
    return embeddingBag((this.table as tf.LayerVariable).read() as tf.Tensor2D, ids, weights, this.average);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { inputDim, units, average, initializerName: initializer, weightName, seed } = this;
    return { ...super.getConfig(), inputDim, units, average, initializer, weightName, seed };
  }
}
tf.serialization.registerClass(NgramBag);
