// Makes the MNIST classifier that q4 and q8 score generated digits with, in weights/mnist-classifier
// (committed, about 1 MB), so a fresh clone does not spend minutes training it: the cgan package's
// classifier (two epochs on the 60,000 training images, seed 0; at least 98.5% test accuracy).
// Run from apps/assignment: `pnpm ship:classifier` (refuses to overwrite; delete the folder first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrTrainClassifier } from '@hw7/cgan';
import { initBackend } from '@hw7/tensor-utils';
import { SHIPPED_CLASSIFIER } from '../src/questions/shipped-weights.js';

if (existsSync(SHIPPED_CLASSIFIER)) {
  console.error(`${SHIPPED_CLASSIFIER} exists; delete it to make it again`);
  process.exit(1);
}
await initBackend({ quiet: true });
const classifier = await loadOrTrainClassifier({ cacheDir: SHIPPED_CLASSIFIER });
console.log(JSON.stringify({ directory: join(SHIPPED_CLASSIFIER), testAccuracy: classifier.testAccuracy }));
classifier.model.dispose();
