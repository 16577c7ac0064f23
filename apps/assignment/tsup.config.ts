import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

// An application: one ESM command-line entry, no library build and no declarations.
export default defineConfig(packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false }));
