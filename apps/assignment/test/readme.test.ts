// Issue #28 case 3: the README quoted q2 and q3 numbers of an earlier run after the code had changed.
// Its measured tables are now generated from the committed measurements (measured/<profile>/), and
// this test fails when the text and the measurements disagree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, withMeasuredTables } from '../scripts/readme-tables.js';

describe('the README’s measured numbers', () => {
  it('are those of the committed measurements in measured/ (run pnpm readme after measuring)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toContain('<!-- generated:quick -->');
    expect(readme).toContain('<!-- generated:full -->');
    expect(withMeasuredTables(readme)).toBe(readme);
  });
});
