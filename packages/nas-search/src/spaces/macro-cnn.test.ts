import { Rng } from '@hw7/tensor-utils';
import { describe, expect, it } from 'vitest';
import { createMacroSpace } from './macro-cnn.js';

const space = createMacroSpace();

describe('macro CNN space', () => {
  it('round-trips sampled architectures through its string, tokens and decision process', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 50; i++) {
      const architecture = space.sample(rng);
      expect(space.parse(space.format(architecture))).toEqual(architecture);
      expect(space.fromTokens(space.toTokens(architecture))).toEqual(architecture);
      expect(space.encode(architecture)).toHaveLength(space.encodingLength);
    }
    expect(space.format(space.parse('input=24|conv=32x3,64x5|dense='))).toBe('input=24|conv=32x3,64x5|dense=');
  });

  it('mutates and crosses over into valid, different architectures', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 100; i++) {
      const parent = space.sample(rng);
      const child = space.mutate(parent, rng);
      expect(space.format(child)).not.toBe(space.format(parent));
      expect(() => space.format(space.crossover(parent, child, rng))).not.toThrow();
    }
  });

  it('lets Q-learning end the convolutions and the network, within the depth limits', () => {
    const { process } = space;
    expect(process.actions([])).toEqual(['input16', 'input20', 'input24', 'input28', 'input32']);
    expect(process.actions(['input16'])).not.toContain('flatten');
    expect(process.actions(['input16', 'conv8x3'])).toContain('flatten');
    const path = ['input16', 'conv8x3', 'conv64x5', 'flatten', 'dense32', 'end'];
    expect(process.actions(path)).toEqual([]);
    expect(space.format(process.build(path))).toBe('input=16|conv=8x3,64x5|dense=32');
  });

  it('names the bad part of an architecture or option', () => {
    expect(() => space.parse('input=24|conv=|dense=')).toThrow(/must look like "input=24\|conv=32x3,64x5\|dense=128"/);
    expect(() => space.parse('input=25|conv=32x3|dense=')).toThrow(/inputSize must be one of 16,20,24,28,32/);
    expect(() => space.parse('input=24|conv=8x3,8x3,8x3,8x3,8x3|dense=')).toThrow(/needs 1 to 4 conv layers/);
    expect(() => createMacroSpace({ convLayers: [0, 2] })).toThrow(
      /convLayers must be \[low, high\] with integers 1 <= low/,
    );
    expect(() => space.fromTokens([0])).toThrow(/tokens must have 13 entries/);
  });
});
