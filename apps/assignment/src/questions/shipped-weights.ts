// Weights the quick profile uses instead of training them in the run: the StyleGAN generators shipped
// with @hw7/stylegan-blocks, and the MNIST classifier of @hw7/cgan shipped with this app. Each was made
// by a documented command (see the README); the report labels what it draws from them.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from './question.js';

/** The app's folder: the first one up from this module (in src/ or bundled in dist/) with a package.json. */
function appDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory)
    directory = dirname(directory);
  return directory;
}

const APP_WEIGHTS = join(appDirectory(), 'weights');

/** The classifier q4 and q8 score digits with (made by `pnpm ship:classifier`). */
export const SHIPPED_CLASSIFIER = join(APP_WEIGHTS, 'mnist-classifier');

/** The shipped classifier's folder when it exists; undefined: the cgan package's cache (trained once). */
export function classifierDirectory(): string | undefined {
  return existsSync(join(SHIPPED_CLASSIFIER, 'model.json')) ? SHIPPED_CLASSIFIER : undefined;
}

/**
 * The MNIST classifier q4 and q8 score with: the shipped one (or cgan's cache); for the smoke
 * profile a tiny one trained into `directory` in seconds, whose accuracy nobody should read.
 */
export async function scoringClassifier(profile: Profile, directory: string) {
  const { loadOrTrainClassifier } = await import('@hw7/cgan');
  // The accuracy measured when the classifier was made is stored beside it; measuring it again on the
  // 10,000 test images would cost each question seconds for nothing.
  if (profile !== 'smoke') return loadOrTrainClassifier({ cacheDir: classifierDirectory(), verify: false });
  return loadOrTrainClassifier({
    cacheDir: join(directory, 'tiny-classifier'),
    train: { limit: 256, epochs: 1, progress: false },
    testData: undefined,
    minAccuracy: 0,
    progress: false,
  });
}

export type GeneratorKind = 'style' | 'classic';

/** How the shipped generators were made, in packages/stylegan-blocks. */
export const SHIPPED_GENERATOR_COMMAND: Record<GeneratorKind, string> = {
  style: 'node dist/demo-cli.js --steps 2400 --save-generator --out weights/mnist-style',
  classic: 'node dist/demo-cli.js --steps 2400 --generator classic --save-generator --out weights/mnist-classic',
};

/** The folder of a generator shipped with @hw7/stylegan-blocks. */
export function shippedGenerator(kind: GeneratorKind): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@hw7/stylegan-blocks/package.json')), 'weights', `mnist-${kind}`, 'generator');
}
