import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  // Entries sharing their modules through chunks, so `Rng` from `./base` is the very class the
  // main entry exports (instanceof checks hold across them).
  packageConfig({ entry: ['src/index.ts', 'src/base.ts', 'src/plots.ts', 'src/dev.ts'], splitting: true }),
  // The command-line entry is ESM only and needs no declarations. Split, so that each command's
  // modules (TensorFlow.js among them) load only when the command runs.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
