import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  // The optimiser and the CNN example (which loads TensorFlow.js) as two entries sharing chunks.
  packageConfig({ entry: ['src/index.ts', 'src/cnn.ts'], splitting: true }),
  // The command-line entry is ESM only and needs no declarations; split so that `cnn` alone loads TensorFlow.js.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
