// Where the MNIST classifier's files are, without TensorFlow.js (the command line checks paths with
// these before it loads): the file names of a classifier directory, and the directory shipped in
// this package (`weights/mnist-classifier`, one level above both `src/` and `dist/`).
import { fileURLToPath } from 'node:url';

/** The files of a classifier directory: the tf.io layers model and what is known about it. */
export const CLASSIFIER_FILES = Object.freeze({
  model: 'model.json',
  weights: 'weights.bin',
  info: 'classifier.json',
});

/** The trained classifier shipped in `@hw7/cgan` (made by `pnpm --filter @hw7/cgan make-classifier`). */
export const SHIPPED_CLASSIFIER_DIRECTORY = fileURLToPath(new URL('../weights/mnist-classifier', import.meta.url));
