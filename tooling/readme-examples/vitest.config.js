// Each test compiles a small package with the TypeScript compiler: seconds when the machine is busy,
// so the default 5 s timeout made them flaky under load.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.test.js'], testTimeout: 60_000 } });
