import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  packageConfig(),
  // The demo's command-line entry is ESM only and needs no declarations. Split, so that TensorFlow.js
  // and the demo load only once the arguments are checked.
  packageConfig({
    entry: { 'demo-cli': 'src/demo-cli.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    splitting: true,
  }),
]);
