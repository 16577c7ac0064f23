import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  // One entry per concern (as Optuna's namespaces), sharing chunks so that a class from one entry is
  // the very class of another; /spaces and /tabular load no TensorFlow.js.
  packageConfig({
    entry: [
      'src/index.ts',
      'src/spaces.ts',
      'src/tabular.ts',
      'src/evaluation.ts',
      'src/cells.ts',
      'src/oneshot.ts',
      'src/darts.ts',
      'src/distributed.ts',
    ],
    splitting: true,
  }),
  // The command-line entry is ESM only and needs no declarations; split so that only the commands
  // that need TensorFlow.js load it.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
