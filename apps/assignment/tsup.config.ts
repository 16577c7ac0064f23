import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

// An application: one ESM command-line entry, no library build and no declarations. Split, so that the
// questions (TensorFlow.js among them) load only when a command runs, not for --help or a bad argument.
export default defineConfig(
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, splitting: true }),
);
