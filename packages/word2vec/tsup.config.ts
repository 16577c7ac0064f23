import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig([
  // The main entry and the homework's, sharing chunks so that a class from one is the very class of
  // the other (a Vocabulary made by the homework's trainer is a Vocabulary to the main entry).
  packageConfig({ entry: ['src/index.ts', 'src/homework.ts'], splitting: true }),
  // The training thread: one ESM module that the ESM and the CommonJS bundles alike start with
  // new Worker(new URL('./training-worker.js', import.meta.url)).
  packageConfig({
    entry: { 'training-worker': 'src/trainer/training-worker.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
  }),
  // The command-line entry is ESM only and needs no declarations. Split, so that TensorFlow.js
  // (the homework command's) loads only when that command runs.
  packageConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, clean: false, splitting: true }),
]);
