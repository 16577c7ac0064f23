// Weights the quick profile uses instead of training them in the run: the StyleGAN generators shipped
// with @hw7/stylegan-blocks, and the MNIST classifier shipped with @hw7/cgan. Each was made by a
// documented command (see the README); the report labels what it draws from them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Profile } from './question.js';

/**
 * The MNIST classifier q4 and q8 score with: the one shipped with @hw7/cgan (its recorded test
 * accuracy is used, since its files are checked against their SHA-256); for the smoke profile a tiny
 * one trained into `directory` in seconds, whose accuracy nobody should read.
 */
export async function scoringClassifier(profile: Profile, directory: string) {
  const { loadOrTrainClassifier } = await import('@hw7/cgan');
  if (profile !== 'smoke') return loadOrTrainClassifier({ source: 'shipped' });
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
