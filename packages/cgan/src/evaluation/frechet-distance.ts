// Fréchet distance between two sets of feature vectors, each summarised by a Gaussian (mean and
// unbiased covariance, like pytorch-fid and scipy): ||muA - muB||^2 + Tr(SA + SB - 2 (SA SB)^(1/2)).
// The square-root term is computed as Tr(sqrt(sqrt(SA) SB sqrt(SA))), whose matrix is symmetric
// positive semi-definite, so two symmetric eigendecompositions suffice (no complex sqrtm, no
// imaginary parts to discard). Everything is float64.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** n feature vectors of d values each, row-major: vector i is `data[i * cols .. (i + 1) * cols)`. */
export interface FeatureMatrix {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** A FeatureMatrix, or one array per vector (`number[][]`, `Float32Array[]`, ...). */
export type FeaturesInput = FeatureMatrix | readonly ArrayLike<number>[];

/** The Gaussian summary of a feature set. */
export interface FeatureStatistics {
  /** Number of vectors summarised (>= 2). */
  count: number;
  /** Feature dimension d. */
  dim: number;
  /** float64 [d]. */
  mean: Float64Array;
  /** float64 [d, d] row-major, unbiased (divided by count - 1). */
  covariance: Float64Array;
}

function isFeatureMatrix(input: FeaturesInput): input is FeatureMatrix {
  return !Array.isArray(input) && typeof (input as FeatureMatrix).rows === 'number';
}

/** Normalises either input form to a FeatureMatrix, checking shapes and values. */
export function toFeatureMatrix(input: FeaturesInput, name = 'features'): FeatureMatrix {
  if (isFeatureMatrix(input)) {
    const { data, rows, cols } = input;
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
      throw new RangeError(`${name}: rows must be an integer >= 0 and cols >= 1; got rows=${rows}, cols=${cols}`);
    }
    if (data?.length !== rows * cols) {
      throw new RangeError(`${name}: data has ${data?.length} values, expected rows * cols = ${rows * cols}`);
    }
    return input;
  }
  if (!Array.isArray(input)) {
    throw new TypeError(`${name} must be a FeatureMatrix { data, rows, cols } or an array of vectors`);
  }
  const rows = input.length;
  if (rows === 0) return { data: new Float64Array(0), rows: 0, cols: 1 };
  const cols = input[0]?.length;
  if (!Number.isInteger(cols) || cols < 1) throw new RangeError(`${name}[0] must be a non-empty vector`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = input[i];
    if (row?.length !== cols) {
      throw new RangeError(
        `${name}: every vector must have ${cols} values like ${name}[0]; ${name}[${i}] has ${row?.length}`,
      );
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  }
  return { data, rows, cols };
}

/** Mean and unbiased covariance of a feature set (float64, centred before accumulating). */
export function featureStatistics(input: FeaturesInput, name = 'features'): FeatureStatistics {
  const { data, rows: n, cols: d } = toFeatureMatrix(input, name);
  if (n < 2) throw new RangeError(`${name}: need at least 2 vectors for a covariance; got ${n}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const offset = i * d;
    for (let j = 0; j < d; j++) {
      const value = data[offset + j];
      if (!Number.isFinite(value)) {
        throw new RangeError(`${name}: value ${value} at vector ${i}, dimension ${j} is not finite`);
      }
      mean[j] += value;
    }
  }
  for (let j = 0; j < d; j++) mean[j] /= n;

  // Lower triangle of sum((x - mean)(x - mean)^T), then mirrored.
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const offset = i * d;
    for (let j = 0; j < d; j++) centred[j] = data[offset + j] - mean[j];
    for (let r = 0; r < d; r++) {
      const value = centred[r];
      if (value === 0) continue;
      const rowOffset = r * d;
      for (let c = 0; c <= r; c++) covariance[rowOffset + c] += value * centred[c];
    }
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c <= r; c++) {
      const value = covariance[r * d + c] / (n - 1);
      covariance[r * d + c] = value;
      covariance[c * d + r] = value;
    }
  }
  return { count: n, dim: d, mean, covariance };
}

function symmetricMatrix(values: Float64Array, d: number): Matrix {
  const matrix = new Matrix(d, d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) matrix.set(r, c, 0.5 * (values[r * d + c] + values[c * d + r]));
  }
  return matrix;
}

/** Eigenvalues of a symmetric matrix, tiny negative ones (rounding) clamped to 0. */
function symmetricEigen(matrix: Matrix): { values: number[]; vectors: Matrix } {
  const decomposition = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  return {
    values: decomposition.realEigenvalues.map((value) => Math.max(0, value)),
    vectors: decomposition.eigenvectorMatrix,
  };
}

/** The principal square root V diag(sqrt(lambda)) V^T of a symmetric positive semi-definite matrix. */
function symmetricSqrt(matrix: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(matrix);
  const scaled = vectors.clone();
  for (let c = 0; c < values.length; c++) {
    const root = Math.sqrt(values[c]);
    for (let r = 0; r < scaled.rows; r++) scaled.set(r, c, scaled.get(r, c) * root);
  }
  return scaled.mmul(vectors.transpose());
}

function trace(values: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += values[i * d + i];
  return sum;
}

/**
 * Fréchet distance between two Gaussian summaries. Rounding can make the exact value of identical
 * summaries come out a hair below 0; the result is clamped at 0 (it is a squared distance).
 */
export function frechetDistanceFromStatistics(a: FeatureStatistics, b: FeatureStatistics): number {
  if (a.dim !== b.dim) {
    throw new RangeError(`frechetDistance: feature dimensions differ: ${a.dim} vs ${b.dim}`);
  }
  const d = a.dim;
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (a.mean[j] - b.mean[j]) ** 2;

  const sqrtA = symmetricSqrt(symmetricMatrix(a.covariance, d));
  const product = sqrtA.mmul(symmetricMatrix(b.covariance, d)).mmul(sqrtA);
  const middle = new Matrix(d, d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) middle.set(r, c, 0.5 * (product.get(r, c) + product.get(c, r)));
  }
  const { values } = symmetricEigen(middle);
  let traceSqrt = 0;
  for (const value of values) traceSqrt += Math.sqrt(value);

  const distance = meanTerm + trace(a.covariance, d) + trace(b.covariance, d) - 2 * traceSqrt;
  return Math.max(0, distance);
}

/**
 * Fréchet distance between two feature sets [nA, d] and [nB, d] (n >= 2 each), e.g. a classifier's
 * penultimate features of generated and of real images.
 */
export function frechetDistance(featuresA: FeaturesInput, featuresB: FeaturesInput): number {
  const a = toFeatureMatrix(featuresA, 'featuresA');
  const b = toFeatureMatrix(featuresB, 'featuresB');
  if (a.rows > 0 && b.rows > 0 && a.cols !== b.cols) {
    throw new RangeError(
      `frechetDistance: feature dimensions differ: featuresA has ${a.cols}, featuresB has ${b.cols}`,
    );
  }
  return frechetDistanceFromStatistics(featureStatistics(a, 'featuresA'), featureStatistics(b, 'featuresB'));
}
