// Blocks run one after another (a README's blocks build on each other; two training commands at once
// would only slow each other down on a small machine).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.test.js'], fileParallelism: false, testTimeout: 60_000 } });
