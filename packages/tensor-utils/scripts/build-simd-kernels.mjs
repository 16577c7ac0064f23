// Compiles assembly/simd-kernels.ts (AssemblyScript) into the two WebAssembly modules the wasm
// training kernels load, one importing an ordinary memory (the default wasm backend) and one a
// shared memory (the multi-threaded backend), embedded in src/wasm-training/simd-kernels.wasm.ts.
// Run after editing the AssemblyScript source: pnpm --filter @hw7/tensor-utils build:simd
// With --check it only verifies that the committed file matches the source (exit code 1 if not).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEmbedCommand } from '@hw7/wasm-embed';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMON = ['-O3', '--enable', 'simd', '--runtime', 'stub', '--importMemory', '--noExportMemory', '--noAssert'];

await runEmbedCommand({
  packageDir,
  source: join(packageDir, 'assembly', 'simd-kernels.ts'),
  generatedFile: join(packageDir, 'src', 'wasm-training', 'simd-kernels.wasm.ts'),
  variants: {
    SIMD_KERNELS_WASM: COMMON,
    // The threaded backend's memory is shared with a 4 GiB maximum; an import must match both.
    SIMD_KERNELS_SHARED_WASM: [...COMMON, '--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'],
  },
  rebuildCommand: 'pnpm --filter @hw7/tensor-utils build:simd',
  script: 'scripts/build-simd-kernels.mjs',
});
