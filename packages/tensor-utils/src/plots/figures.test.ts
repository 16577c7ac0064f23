import { describe, expect, it } from 'vitest';
import { expectWellFormedXml } from '../../test/well-formed-xml.js';
import { barChartSvg } from './bar-chart.js';
import { heatmapSvg } from './heatmap.js';
import { linePlotSvg } from './line-plot.js';
import { categoricalAxis, integerAxis, linearAxis, logAxis, textColourOn, viridisRgb } from './svg-kit.js';

const texts = (svg: string, className: string) =>
  [...svg.matchAll(new RegExp(`<text class="${className}"[^>]*>([^<]*)</text>`, 'g'))].map((match) => match[1]);
const tickLabelTexts = (svg: string) =>
  [...(svg.match(/<g class="tick-labels"[^>]*>([\s\S]*?)<\/g>/)?.[1] ?? '').matchAll(/>([^<]*)<\/text>/g)].map(
    (match) => match[1],
  );

describe('axes of the plot kit', () => {
  it('linear axes round out to nice ticks with one number format', () => {
    const axis = linearAxis(0.13, 0.87);
    expect(axis.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(axis.tickLabels).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(axis.toUnit(0.5)).toBeCloseTo(0.5, 12);
    expect(linearAxis(0, 150_000).tickLabels).toEqual(['0', '50k', '100k', '150k']);
  });

  it('log axes put 1, 2, 5 in short ranges, and span the data or whole decades', () => {
    const tight = logAxis(1e-3, 1e-2);
    expect(tight.ticks).toEqual([0.001, 0.002, 0.005, 0.01]);
    expect(tight.toUnit(1e-3)).toBeCloseTo(0.03 / 1.06, 12);
    const decades = logAxis(0.012, 5, { extent: 'decades' });
    expect(decades.tickLabels).toEqual(['0.01', '0.1', '1', '10']);
    expect([decades.toUnit(0.01), decades.toUnit(10)]).toEqual([0, 1]);
    expect(() => logAxis(0, 1)).toThrow('a log axis needs finite 0 < min <= max; got min=0, max=1');
  });

  it('integer axes tick every grid value up to nine, categorical axes centre each slot', () => {
    const layers = integerAxis(1, 3, 1);
    expect(layers.ticks).toEqual([1, 2, 3]);
    expect([layers.toUnit(0.5), layers.toUnit(3.5)]).toEqual([0, 1]);
    expect(integerAxis(0, 100, 1).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    const choices = categoricalAxis(['adam', 'a very long optimiser name']);
    expect(choices.tickLabels).toEqual(['adam', 'a very long o…']);
    expect([choices.toUnit(0), choices.toUnit(1)]).toEqual([0.25, 0.75]);
  });

  it('picks text that reads on the viridis colour below it', () => {
    expect(textColourOn(viridisRgb(0))).toBe('#ffffff');
    expect(textColourOn(viridisRgb(1))).toBe('#222222');
  });
});

describe('heatmapSvg', () => {
  const confusion = [
    [50, 2, 0],
    [5, 40, 5],
    [0, 10, 40],
  ];

  it('draws a confusion matrix: one annotated cell per entry, coloured by its share of the row', () => {
    const svg = heatmapSvg({
      title: 'Confusion <test>',
      values: confusion,
      rowLabels: ['cat', 'dog', 'bird & fish'],
      columnLabels: ['cat', 'dog', 'bird & fish'],
      xLabel: 'Predicted',
      yLabel: 'True',
      colourBy: 'row-share',
    });
    expectWellFormedXml(svg);
    expect(texts(svg, 'cell-text')).toEqual(['50', '2', '0', '5', '40', '5', '0', '10', '40']);
    expect(svg).toContain('<title>bird &amp; fish / dog: 10</title>');
    expect(svg).toContain('>Confusion &lt;test&gt;</text>');
    expect(svg).toContain('>share of row</text>');
    // Row 0 is 50/52 of its row, row 1's diagonal 40/50: the first is drawn in the lighter colour.
    const fills = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"><title>/g)].map((match) => match[1]);
    expect(fills).toHaveLength(9);
    expect(fills[0]).not.toBe(fills[4]);
    expect(fills[2]).toBe(fills[6]);
  });

  it('leaves non-finite cells blank, slants long column labels, and names bad input', () => {
    const svg = heatmapSvg({
      values: [
        [1, Number.NaN],
        [3, 4],
      ],
      columnLabels: ['a rather long label', 'b'],
      cellSize: 20,
    });
    expectWellFormedXml(svg);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('transform="rotate(-45');
    expect(texts(svg, 'cell-text')).toEqual([]);
    expect(() => heatmapSvg({ values: [[1, 2], [3]] })).toThrow('spec.values rows must all have 2 values; row 1 has 1');
    expect(() => heatmapSvg({ values: [[1]], rowLabels: ['a', 'b'] })).toThrow(
      'spec.rowLabels must be 1 strings, one per row',
    );
    expect(() => heatmapSvg({ values: [] })).toThrow('spec.values must be a non-empty array of rows');
  });
});

describe('linePlotSvg as a ROC or scatter plot', () => {
  it('draws a ROC curve on fixed [0, 1] axes with the chance diagonal in the legend', () => {
    const svg = linePlotSvg({
      title: 'ROC',
      xLabel: 'False positive rate',
      yLabel: 'True positive rate',
      xRange: [0, 1],
      yRange: [0, 1],
      referenceLines: [{ from: [0, 0], to: [1, 1], label: 'chance' }],
      series: [{ name: 'model (AUC 0.91)', points: { x: [0, 0.1, 0.3, 1], y: [0, 0.7, 0.9, 1] } }],
      width: 520,
      height: 440,
    });
    expectWellFormedXml(svg);
    // x: about 90 px per tick; y: about 45.
    expect(tickLabelTexts(svg)).toEqual(['0', '0.5', '1', '0', '0.2', '0.4', '0.6', '0.8', '1']);
    // The diagonal runs from the frame's bottom-left corner to its top-right one.
    const [left, top, width, height] = (
      svg.match(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"/) as RegExpMatchArray
    )
      .slice(1)
      .map(Number);
    const diagonal = svg.match(/<line class="reference" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/);
    expect((diagonal as RegExpMatchArray).slice(1).map(Number)).toEqual([left, top + height, left + width, top]);
    expect(svg).toContain('>chance</text>');
  });

  it('draws points without a line for scatter series, and clips data outside a fixed range', () => {
    const svg = linePlotSvg({
      series: [
        {
          name: 'trials',
          style: 'points',
          points: [
            [1, 2],
            [2, 3],
            [3, 40],
          ],
        },
      ],
      yRange: [0, 10],
    });
    expectWellFormedXml(svg);
    expect(svg.match(/<circle [^>]*><title>trials: /g)).toHaveLength(3);
    expect(svg).not.toMatch(/<path d=/);
    expect(svg).toMatch(/<g class="series" clip-path="url\(#plot-area-[\d-]+\)"/);
    expect(() => linePlotSvg({ series: [], xRange: [1, 0] })).toThrow(
      'spec.xRange must be [min, max] with finite min < max',
    );
    expect(() => linePlotSvg({ series: [], xScale: 'log', xRange: [0, 1] })).toThrow('and min > 0 (log scale)');
  });
});

describe('barChartSvg', () => {
  it('draws one bar per series and category, with error bars, values and a legend', () => {
    const svg = barChartSvg({
      title: 'Accuracy by task',
      categories: ['sentiment', 'topic <news>'],
      series: [
        { name: 'single-task', values: [0.71, 0.8], errors: [0.02, 0.01] },
        { name: 'multi-task', values: [0.74, Number.NaN] },
      ],
      yLabel: 'accuracy',
      yRange: [0, 1],
      showValues: true,
    });
    expectWellFormedXml(svg);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg.match(/class="error-bar"/g)).toHaveLength(2);
    expect(texts(svg, 'bar-value')).toEqual(['0.71', '0.8', '0.74']);
    expect(svg).toContain('>topic &lt;news&gt;</text>');
    const legend = svg.match(/<g class="legend">([\s\S]*?)<\/g>/)?.[1] ?? '';
    expect([...legend.matchAll(/>([^<]+)<\/text>/g)].map((match) => match[1])).toEqual(['single-task', 'multi-task']);
    expect(tickLabelTexts(svg).slice(0, 2)).toEqual(['sentiment', 'topic &lt;news&gt;']);
  });

  it('grows bars down from zero for negative values and names bad input', () => {
    const svg = barChartSvg({ categories: ['a', 'b'], series: [{ name: 'delta', values: [-2, 3] }] });
    expectWellFormedXml(svg);
    expect(tickLabelTexts(svg)).toContain('0');
    expect(() => barChartSvg({ categories: ['a'], series: [{ name: 'x', values: [1, 2] }] })).toThrow(
      'series[0].values must have one value per category (1); got 2',
    );
    expect(() => barChartSvg({ categories: [], series: [] })).toThrow('spec.categories must be a non-empty array');
  });
});
