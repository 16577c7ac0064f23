// Regression tests for "our losses drift from PyTorch's": every zoo model, built at fixture size
// from PyTorch's initial weights (fixtures/, written by bench/torch/zoo.py), trains 20 steps on the
// same inputs; each step's losses must match PyTorch's to float32 tolerance (fixture.ts explains
// the tolerance: 1e-5 relative, or 10x what float32 rounding does to PyTorch's own run).
import { initBackend } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossAgreement } from './fixture.js';
import { ZOO } from './registry.js';

/** Models whose agreement is known to fail, and why (see the README). None at present. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('20 training steps from the same weights and inputs give PyTorch losses (wasm backend)', () => {
  for (const model of ZOO) {
    const known = KNOWN_DIFFERENCES[model.name];
    (known ? it.fails : it)(`${model.name}${known ? ` (known: ${known})` : ''}`, () => {
      const agreement = lossAgreement(model);
      expect(agreement.ours).toHaveLength(20);
      expect(
        agreement.toleranceUsed,
        JSON.stringify({ ours: agreement.ours, torch: agreement.torch }),
      ).toBeLessThanOrEqual(1);
    });
  }
});
