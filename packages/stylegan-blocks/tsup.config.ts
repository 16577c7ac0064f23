import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  packageConfig(),
  // The demo's command-line entry is ESM only and needs no declarations.
  packageConfig({ entry: { 'demo-cli': 'src/demo-cli.ts' }, format: ['esm'], dts: false, clean: false }),
]);
