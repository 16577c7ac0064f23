// Class-conditional sample grids (one row per digit, one column per fixed noise vector, so a
// column shows one "style" across classes) and loading a trained generator back from a checkpoint.
import { CheckpointManager, Rng, tf, writeImageGrid } from '@hw7/tensor-utils';
import { combineVectors, getOneHotLabels } from './blocks.js';
import { createGenerator } from './models.js';
import { checkpointDirectory } from './run-directory.js';
import { assertNonNegativeInteger, assertPositiveInteger } from './validation.js';

/** Columns of a sample grid; with 10 classes it is 10 x 10. */
export const GRID_COLUMNS = 10;
/** Pixel enlargement of the sample grids, so the digits can be seen without zooming. */
export const GRID_SCALE = 2;
/** Pixels between the images of a grid. */
export const GRID_PADDING = 2;

export interface ClassGridOptions {
  zDim: number;
  /** 10 for the conditional GAN (row r shows digit r); 0 for the unconditional DCGAN. */
  nClasses: number;
  /** Seeds the noise; the same seed always gives the same noise, whatever else was drawn before. */
  seed: number | string;
}

/**
 * The fixed noise behind a sample grid: `columns` vectors shared by every class row (conditional),
 * or one vector per cell (unconditional). Drawn from its own `Rng`, never from `Math.random`, so
 * drawing it changes nothing in training and it is identical after a resume.
 */
export function sampleGridNoise({ zDim, nClasses, seed }: ClassGridOptions): Float32Array {
  assertPositiveInteger(zDim, 'zDim', 'sampleGridNoise');
  assertNonNegativeInteger(nClasses, 'nClasses', 'sampleGridNoise');
  const vectors = nClasses > 0 ? GRID_COLUMNS : GRID_COLUMNS * GRID_COLUMNS;
  return new Rng(`cgan-sample-grid:${seed}`).normalArray(vectors * zDim);
}

/**
 * Generates the images of a sample grid, row-major: image r * 10 + c is class r with noise vector
 * c. The generator runs in inference mode (batch norm uses its running averages), so sampling
 * leaves the model untouched. Returns float32 [rows * 10, 28, 28, C] in [-1, 1]; the caller owns it.
 */
export function generateClassGrid(generator: tf.LayersModel, options: ClassGridOptions): tf.Tensor4D {
  const { zDim, nClasses } = options;
  const noise = sampleGridNoise(options);
  return tf.tidy(() => {
    if (nClasses === 0) {
      return generator.predict(tf.tensor2d(noise, [GRID_COLUMNS * GRID_COLUMNS, zDim])) as tf.Tensor4D;
    }
    const vectors = tf.tensor2d(noise, [GRID_COLUMNS, zDim]);
    // Row r repeats the 10 noise vectors with class r.
    const tiled = tf.tile(vectors, [nClasses, 1]);
    const labels = Array.from({ length: nClasses * GRID_COLUMNS }, (_, i) => Math.floor(i / GRID_COLUMNS));
    return generator.predict(combineVectors(tiled, getOneHotLabels(labels, nClasses))) as tf.Tensor4D;
  });
}

/** Writes the sample grid of `generator` to `path` as a PNG; returns `path`. */
export async function writeClassGrid(
  path: string,
  generator: tf.LayersModel,
  options: ClassGridOptions,
): Promise<string> {
  const images = generateClassGrid(generator, options);
  try {
    return await writeImageGrid(path, images, {
      columns: GRID_COLUMNS,
      range: [-1, 1],
      scale: GRID_SCALE,
      padding: GRID_PADDING,
    });
  } finally {
    images.dispose();
  }
}

/** The pixel size of a sample grid PNG with `rows` rows of 28 x 28 images. */
export function classGridSize(rows = GRID_COLUMNS): { width: number; height: number } {
  const cell = 28 * GRID_SCALE;
  return {
    width: GRID_COLUMNS * cell + (GRID_COLUMNS + 1) * GRID_PADDING,
    height: rows * cell + (rows + 1) * GRID_PADDING,
  };
}

/** The architecture a training run stores in its checkpoints, to rebuild the generator from them. */
export interface GeneratorArchitecture {
  zDim: number;
  hiddenDim: number;
  imageChannels: number;
  nClasses: number;
}

function architectureFrom(state: unknown, path: string): GeneratorArchitecture {
  // trainLoop wraps the caller's state as { user, ... }; trainCgan stores { config: {...} } there.
  const user = (state as { user?: { config?: Partial<GeneratorArchitecture> } } | null)?.user;
  const config = user?.config;
  const ok =
    config !== undefined &&
    [config.zDim, config.hiddenDim, config.imageChannels, config.nClasses].every(
      (value) => typeof value === 'number' && Number.isInteger(value),
    );
  if (!ok) throw new Error(`checkpoint ${path} was not written by trainCgan (no generator architecture in its state)`);
  const { zDim, hiddenDim, imageChannels, nClasses } = config as GeneratorArchitecture;
  return { zDim, hiddenDim, imageChannels, nClasses };
}

export interface LoadedGenerator {
  generator: tf.Sequential;
  architecture: GeneratorArchitecture;
  /** Training steps completed when the checkpoint was written. */
  step: number;
  /** The checkpoint directory it came from. */
  path: string;
}

/**
 * Rebuilds the generator of the latest checkpoint of a `trainCgan` run: `dir` is the run's output
 * directory or its `checkpoints` directory. The caller owns (and disposes) the generator.
 */
export async function loadGenerator(dir: string): Promise<LoadedGenerator> {
  if (typeof dir !== 'string' || dir === '') {
    throw new TypeError(`loadGenerator: dir must be a non-empty string; got ${String(dir)}`);
  }
  const manager = new CheckpointManager(checkpointDirectory(dir));
  // Restoring into no targets reads and verifies the checkpoint and returns its state.
  const header = await manager.restore({});
  if (header === null) throw new Error(`no checkpoint in ${manager.directory}; train first (hw7-cgan train)`);
  const architecture = architectureFrom(header.state, header.path);
  const generator = createGenerator(architecture);
  try {
    const restored = await manager.restore({ models: { generator } });
    if (restored === null) throw new Error(`the checkpoint in ${manager.directory} disappeared while loading`);
    return { generator, architecture, step: restored.step, path: restored.path };
  } catch (error) {
    generator.dispose();
    throw error;
  }
}
