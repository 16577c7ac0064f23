import { describe, expect, it } from 'vitest';
import { busyWait } from '../../test/fixtures/busy-wait.js';
import { PlotCache, type PlotKind } from './study-plots.js';

const study = { studyId: 1, studyName: 's', directions: ['minimize'] as const };

describe('PlotCache', () => {
  it('redraws on a new version, but an expensive plot at most every 10x its cost, saying which version it shows', () => {
    let draws = 0;
    const slow: PlotKind = {
      name: 'slow',
      title: 'Slow',
      render: () => {
        draws++;
        busyWait(150);
        return `<svg>${draws}</svg>`;
      },
    };
    const cache = new PlotCache();
    expect(cache.svg(study, [], 'v1', slow)).toMatchObject({ version: 'v1', svg: '<svg>1</svg>' });
    expect(cache.svg(study, [], 'v1', slow).svg).toBe('<svg>1</svg>');
    // Drawn ~150 ms ago: within 10 x its cost, the old drawing stands, labelled with its version.
    expect(cache.svg(study, [], 'v2', slow)).toMatchObject({ version: 'v1', svg: '<svg>1</svg>' });
    expect(draws).toBe(1);
  });

  it('draws a plot that cannot be drawn yet as its reason, escaped', () => {
    const failing: PlotKind = {
      name: 'failing',
      title: 'Failing',
      render: () => {
        throw new Error('needs <b>complete</b> trials');
      },
    };
    const { svg } = new PlotCache().svg(study, [], 'v1', failing);
    expect(svg).toContain('needs &lt;b&gt;complete&lt;/b&gt; trials');
    expect(svg).not.toContain('<b>');
  });
});
