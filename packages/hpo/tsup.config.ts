import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  // The study API, one entry per namespace (as Optuna's) and the CNN example (the one that loads
  // TensorFlow.js), sharing chunks so that a class from one entry is the very class of another.
  packageConfig({
    entry: [
      'src/index.ts',
      'src/samplers.ts',
      'src/pruners.ts',
      'src/storages.ts',
      'src/visualization.ts',
      'src/importance.ts',
      'src/parallel.ts',
      'src/cnn.ts',
      'src/dashboard.ts',
    ],
    splitting: true,
  }),
  // The command-line entry is ESM only and needs no declarations; split so that `cnn` alone loads TensorFlow.js.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
