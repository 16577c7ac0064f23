import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  packageConfig(),
  // The command-line entry is ESM only and needs no declarations. Split, so that the command's
  // modules (TensorFlow.js among them) load only when it runs, not for --help or a bad argument.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
