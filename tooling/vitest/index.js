// Shared test settings. Tests run in forked processes because tfjs keeps global engine state
// (the active backend, registered kernels) that must not leak between files. The wasm backend runs
// single-threaded in tests unless HW7_WASM_THREADS says otherwise: test files already run in
// parallel, one per core.
import { defineConfig, mergeConfig } from 'vitest/config';

/** @param {import('vitest/config').UserConfig} [overrides] */
export function packageTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        pool: 'forks',
        testTimeout: 60_000,
        hookTimeout: 60_000,
        env: { HW7_WASM_THREADS: process.env.HW7_WASM_THREADS ?? '1' },
      },
    }),
    overrides,
  );
}
