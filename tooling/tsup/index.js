// The one build recipe every hw7 package uses, so that all of them ship the same shape:
// ESM (.js) + CJS (.cjs) + declarations for both, targeting the Node versions we support.
/** @param {import('tsup').Options} [overrides] */
export function packageConfig(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    // Lets sources use import.meta.url in the CJS build too.
    shims: true,
    treeshake: true,
    ...overrides,
  };
}
