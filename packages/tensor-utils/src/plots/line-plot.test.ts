import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellFormedXml } from '../../test/well-formed-xml.js';
import { type LinePlotSpec, linePlotSvg, smoothSeries, writeLinePlot } from './line-plot.js';
import { niceTicks } from './svg-kit.js';

let directory: string;

beforeAll(async () => {
  directory = await fs.mkdtemp(join(tmpdir(), 'hw7-line-plot-'));
});

afterAll(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

function tickLabels(svg: string, axis: 'x' | 'y'): string[] {
  const group = svg.match(/<g class="tick-labels"[^>]*>([\s\S]*?)<\/g>/)?.[1] ?? '';
  const anchor = axis === 'x' ? 'middle' : 'end';
  return [...group.matchAll(new RegExp(`<text [^>]*text-anchor="${anchor}"[^>]*>([^<]*)</text>`, 'g'))].map(
    (match) => match[1],
  );
}

function paths(svg: string): string[] {
  return [...svg.matchAll(/<path d="([^"]*)"/g)].map((match) => match[1]);
}

describe('expectWellFormedXml', () => {
  it('rejects broken markup', () => {
    expect(() => expectWellFormedXml('<svg><g></svg>')).toThrow('closes');
    expect(() => expectWellFormedXml('<svg><text>a < b</text></svg>')).toThrow('malformed');
    expect(() => expectWellFormedXml('<svg><text>a & b</text></svg>')).toThrow('bare &');
    expect(() => expectWellFormedXml('<svg a="1"/><svg/>')).toThrow('one root');
    expect(() => expectWellFormedXml('<svg x="a"><g>')).toThrow('unclosed');
  });
});

describe('niceTicks', () => {
  it.each([
    [0, 1, 6, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 100, 6, [0, 20, 40, 60, 80, 100]],
    [0, 7, 6, [0, 2, 4, 6, 8]],
    [-0.37, 12.2, 6, [-5, 0, 5, 10, 15]],
    [0.3, 0.9, 7, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]],
    [0, 123456, 6, [0, 50000, 100000, 150000]],
    [0.0001, 0.00047, 6, [0.0001, 0.0002, 0.0003, 0.0004, 0.0005]],
    [-3, -1.2, 6, [-3, -2.5, -2, -1.5, -1]],
    [5, 5, 6, [4.5, 5, 5.5]],
    [0, 0, 6, [-1, -0.5, 0, 0.5, 1]],
  ])('covers [%d, %d] with at most %d ticks at 1/2/5 x 10^k steps', (min, max, count, expected) => {
    const axis = niceTicks(min, max, count);
    expect(axis.ticks).toEqual(expected);
    expect(axis.min).toBe(expected[0]);
    expect(axis.max).toBe(expected[expected.length - 1]);
    expect(axis.ticks.length).toBeLessThanOrEqual(count);
    const mantissa = axis.step / 10 ** Math.floor(Math.log10(axis.step));
    expect([1, 2, 5].map((m) => Math.abs(m - mantissa) < 1e-9)).toContain(true);
  });

  it('rejects unusable ranges', () => {
    expect(() => niceTicks(2, 1)).toThrow('niceTicks needs finite min <= max; got min = 2, max = 1');
    expect(() => niceTicks(0, Number.NaN)).toThrow('finite min <= max');
    expect(() => niceTicks(0, 1, 1)).toThrow('maxTicks must be an integer >= 2; got 1');
  });
});

describe('smoothSeries', () => {
  it('matches the debiased exponential moving average and skips non-finite values', () => {
    const smoothed = smoothSeries([1, 2, Number.NaN, 4], 0.5);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(smoothed[2]).toBeNaN();
    expect(smoothed[3]).toBeCloseTo((1.25 * 0.5 + 2) / 0.875, 12);
  });

  it('returns values unchanged for weight 0 and keeps constant series exact', () => {
    expect(smoothSeries(new Float32Array([3, 1, 2]), 0)).toEqual([3, 1, 2]);
    expect(smoothSeries([0.1, 0.1, 0.1, 0.1], 0.99)).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(smoothSeries([], 0.6)).toEqual([]);
  });

  it('rejects weights outside [0, 1)', () => {
    expect(() => smoothSeries([1], 1)).toThrow('weight must be in [0, 1); got 1');
    expect(() => smoothSeries([1], -0.1)).toThrow('weight must be in [0, 1); got -0.1');
  });
});

describe('linePlotSvg', () => {
  const spec: LinePlotSpec = {
    title: 'Loss <train & "val">',
    xLabel: 'step',
    yLabel: "generator's loss",
    series: [
      { name: 'train', points: { x: [0, 100, 200, 300], y: [2.3, 1.1, 0.7, 0.5] } },
      {
        name: 'val & test',
        points: [
          [0, 2.4],
          [150, 1.0],
          [300, 0.6],
        ],
      },
      { name: 'accuracy', points: { x: new Float64Array([0, 300]), y: new Float32Array([0.1, 0.9]) } },
    ],
  };

  it('is a standalone, well-formed SVG document with escaped text', () => {
    const svg = linePlotSvg(spec);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expectWellFormedXml(svg);
    expect(svg).toContain('>Loss &lt;train &amp; &quot;val&quot;&gt;</text>');
    expect(svg).toContain('>generator&apos;s loss</text>');
    expect(svg).toContain('>step</text>');
  });

  it('draws one path per series in distinct colours and lists every series in the legend', () => {
    const svg = linePlotSvg(spec);
    expect(paths(svg)).toHaveLength(3);
    const colours = [...svg.matchAll(/<path d="[^"]*" stroke="(#[0-9A-F]{6})"/g)].map((match) => match[1]);
    expect(new Set(colours).size).toBe(3);
    const legend = svg.match(/<g class="legend">([\s\S]*?)<\/g>/)?.[1] ?? '';
    expect([...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1])).toEqual([
      'train',
      'val &amp; test',
      'accuracy',
    ]);
  });

  it('labels the axes with nice, readable ticks', () => {
    const svg = linePlotSvg(spec);
    // About 90 px per x tick leaves room for four ticks here.
    expect(tickLabels(svg, 'x')).toEqual(['0', '100', '200', '300']);
    expect(tickLabels(svg, 'y')).toEqual(['0', '0.5', '1', '1.5', '2', '2.5']);
    const large = linePlotSvg({
      series: [
        {
          name: 'examples',
          points: [
            [0, 0],
            [150_000, 1.2e6],
          ],
        },
      ],
    });
    expect(tickLabels(large, 'x')).toEqual(['0', '50k', '100k', '150k']);
    expect(tickLabels(large, 'y')).toEqual(['0', '0.2M', '0.4M', '0.6M', '0.8M', '1M', '1.2M']);
    const tiny = linePlotSvg({
      series: [
        {
          name: 'lr',
          points: [
            [1, 2e-5],
            [2, 1e-4],
          ],
        },
      ],
    });
    expect(tickLabels(tiny, 'y')).toEqual(['2e-5', '3e-5', '4e-5', '5e-5', '6e-5', '7e-5', '8e-5', '9e-5', '1e-4']);
  });

  it('puts decades on a log axis, with 2 and 5 between them for short ranges', () => {
    const wide = linePlotSvg({
      yScale: 'log',
      series: [{ name: 'loss', points: { x: [0, 1, 2], y: [5, 0.3, 0.012] } }],
    });
    expect(tickLabels(wide, 'y')).toEqual(['0.01', '0.1', '1', '10']);
    const short = linePlotSvg({ yScale: 'log', series: [{ name: 'loss', points: { x: [0, 1], y: [0.8, 0.25] } }] });
    expect(tickLabels(short, 'y')).toEqual(['0.1', '0.2', '0.5', '1']);
    const huge = linePlotSvg({ yScale: 'log', series: [{ name: 'ratio', points: { x: [0, 1], y: [1e-9, 1e6] } }] });
    expect(tickLabels(huge, 'y')).toEqual(['1e-9', '1e-7', '1e-5', '0.001', '0.1', '10', '1000', '1e5', '1e7']);
  });

  it('leaves gaps at NaN, Infinity and, on a log axis, non-positive values', () => {
    const linear = linePlotSvg({
      series: [
        { name: 'loss', points: { x: [0, 1, 2, 3, 4, 5], y: [1, 2, Number.NaN, 3, Number.POSITIVE_INFINITY, 4] } },
      ],
    });
    const [path] = paths(linear);
    expect(path.match(/M/g)).toHaveLength(3);
    expect(path.match(/L/g)).toHaveLength(1);
    // The lone last point is drawn as a small circle so it stays visible.
    expect(path).toMatch(/M[\d.]+ [\d.]+a1\.5 1\.5 0 1 0 3 0a1\.5 1\.5 0 1 0 -3 0$/);
    expectWellFormedXml(linear);

    const log = linePlotSvg({
      yScale: 'log',
      series: [{ name: 'loss', points: { x: [0, 1, 2, 3, 4], y: [1, 0.5, 0, 0.2, 0.1] } }],
    });
    expect(paths(log)[0].match(/M/g)).toHaveLength(2);
  });

  it('shows an empty plot with a message when nothing is drawable', () => {
    const noSeries = linePlotSvg({ title: 'nothing yet', series: [] });
    expectWellFormedXml(noSeries);
    expect(noSeries).toContain('>No series to plot</text>');
    expect(paths(noSeries)).toEqual([]);

    const nonFinite = linePlotSvg({
      series: [
        { name: 'diverged', points: { x: [0, 1], y: [Number.NaN, Number.NEGATIVE_INFINITY] } },
        { name: 'empty', points: [] },
      ],
    });
    expectWellFormedXml(nonFinite);
    expect(nonFinite).toContain('>No finite data to plot</text>');
    expect(nonFinite).toContain('>diverged (no data)</text>');
    expect(paths(nonFinite)).toEqual([]);
    expect(tickLabels(nonFinite, 'y')).toEqual([]);

    const negativeOnLog = linePlotSvg({ yScale: 'log', series: [{ name: 'delta', points: [[0, -1]] }] });
    expect(negativeOnLog).toContain('>No positive finite data to plot</text>');
  });

  it('keeps a single point and a constant series plottable', () => {
    const svg = linePlotSvg({ series: [{ name: 'constant', points: { x: [5, 5], y: [0.5, 0.5] } }] });
    expectWellFormedXml(svg);
    expect(tickLabels(svg, 'x')).toEqual(['4.4', '4.6', '4.8', '5', '5.2', '5.4', '5.6']);
    expect(tickLabels(svg, 'y')).toEqual(['0.44', '0.46', '0.48', '0.5', '0.52', '0.54', '0.56']);
  });

  it('cycles the palette with dashes beyond seven series and makes text XML-safe', () => {
    const series = Array.from({ length: 9 }, (_, i) => ({
      name: `run ${i}\u0001\uD800`,
      points: { x: [0, 1], y: [i, i + 1] },
    }));
    const svg = linePlotSvg({ series });
    expectWellFormedXml(svg);
    expect(paths(svg)).toHaveLength(9);
    expect(svg.match(/<path [^>]*stroke-dasharray/g)).toHaveLength(2);
    expect(svg).toContain('>run 0\uFFFD\uFFFD</text>');
    expect(svg).not.toContain('\u0001');
    expect(svg).not.toContain('\uD800');
  });

  it('names the argument when the spec is invalid', () => {
    expect(() => linePlotSvg({ series: [{ name: 'a', points: { x: [1, 2], y: [1] } }] })).toThrow(
      'series[0].points.x and .y must have equal lengths; got 2 and 1',
    );
    expect(() => linePlotSvg({ series: [{ name: 3 as unknown as string, points: [] }] })).toThrow(
      'series[0].name must be a string',
    );
    expect(() => linePlotSvg({ series: [{ name: 'a', points: [[1, 2, 3] as unknown as [number, number]] }] })).toThrow(
      'series[0].points[0] must be [x, y]',
    );
    expect(() => linePlotSvg({ series: [], yScale: 'symlog' as 'log' })).toThrow(
      "spec.yScale must be 'linear' or 'log'; got symlog",
    );
    expect(() => linePlotSvg({ series: [], width: 50 })).toThrow('spec.width must be a number >= 200; got 50');
    expect(() => linePlotSvg({ series: [{ name: 'x'.repeat(40), points: [] }], width: 300 })).toThrow(
      'leaves no room for the plot',
    );
  });
});

describe('writeLinePlot', () => {
  it('writes the SVG atomically and leaves no temporary files', async () => {
    const target = join(directory, 'plots', 'loss.svg');
    const spec: LinePlotSpec = {
      title: 'loss',
      series: [
        {
          name: 'train',
          points: [
            [0, 1],
            [1, 0.5],
          ],
        },
      ],
    };
    await expect(writeLinePlot(target, spec)).resolves.toBe(target);
    expect(await fs.readFile(target, 'utf8')).toBe(linePlotSvg(spec));
    expect(await fs.readdir(join(directory, 'plots'))).toEqual(['loss.svg']);
  });

  it('writes nothing when the spec is invalid', async () => {
    const target = join(directory, 'invalid', 'loss.svg');
    await expect(writeLinePlot(target, { series: [], width: 10 })).rejects.toThrow('spec.width');
    await expect(fs.readdir(join(directory, 'invalid'))).rejects.toThrow('ENOENT');
  });
});

describe('accessibility', () => {
  it('names the picture with a <title>: the plot title, else the series names', () => {
    expect(linePlotSvg({ title: 'Loss & accuracy', series: [{ name: 'loss', points: [[0, 1]] }] })).toContain(
      '<title>Loss &amp; accuracy</title>',
    );
    expect(
      linePlotSvg({
        series: [
          { name: 'a', points: [[0, 1]] },
          { name: 'b', points: [[0, 2]] },
        ],
      }),
    ).toMatch(/^<svg[^>]*>\s*<title>a, b<\/title>/);
  });
});
