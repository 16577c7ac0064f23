// Shared test settings. Tests run in forked processes because tfjs keeps global engine state
// (the active backend, registered kernels) that must not leak between files.
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
      },
    }),
    overrides,
  );
}
