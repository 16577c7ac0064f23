import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  // The experiment API and one entry per concern (data and metrics load no TensorFlow.js), sharing
  // chunks so that a class from one entry is the very class of another.
  packageConfig({
    entry: {
      index: 'src/index.ts',
      data: 'src/data/index.ts',
      model: 'src/model/index.ts',
      metrics: 'src/metrics/index.ts',
    },
    splitting: true,
  }),
  // The command-line entry is ESM only and needs no declarations. Split, so that the command's
  // modules (TensorFlow.js among them) load only when it runs, not for --help or a bad argument.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
