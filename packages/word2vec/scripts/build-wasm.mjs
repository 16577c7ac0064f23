// Compiles assembly/trainer.ts (AssemblyScript, SIMD) into the WebAssembly module the trainer's
// workers instantiate over one shared memory, embedded in src/trainer/kernels.wasm.ts. Run after
// editing the AssemblyScript source: pnpm --filter @hw7/word2vec build:wasm
// With --check it only verifies that the committed file matches the source (exit code 1 if not).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEmbedCommand } from '@hw7/wasm-embed';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

await runEmbedCommand({
  packageDir,
  source: join(packageDir, 'assembly', 'trainer.ts'),
  generatedFile: join(packageDir, 'src', 'trainer', 'kernels.wasm.ts'),
  // The memory is created by JavaScript, shared between worker threads, with a maximum of 4 GiB
  // (65536 pages) that the import must declare too.
  variants: {
    TRAINER_WASM: [
      ...['-O3', '--enable', 'simd,threads', '--runtime', 'stub', '--importMemory', '--sharedMemory'],
      ...['--maximumMemory', '65536', '--noExportMemory', '--noAssert'],
    ],
  },
  rebuildCommand: 'pnpm --filter @hw7/word2vec build:wasm',
  script: 'scripts/build-wasm.mjs',
});
