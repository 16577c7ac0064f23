// The SVG building blocks every hw7 figure is made of, so that all plots share one look: fonts and
// text widths, the colour-blind-safe palette, nice ticks and number formats, linear/log/integer/
// categorical axes, a plot frame with grid and labels, viridis with its colour bar, legends, and XML
// escaping. Plain strings, no DOM and no TensorFlow.js: figures render anywhere, and the files open
// in any browser.

export const FONT_SIZE = 12;
/** Average glyph width of a sans-serif font at FONT_SIZE, for sizing margins without measuring text. */
export const CHAR_WIDTH = 7;
export const TICK_LENGTH = 5;

/**
 * Okabe-Ito colours for data series, which stay distinct under the common colour-vision
 * deficiencies; their yellow is left out because it is unreadable on white.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000'] as const;
/** Dash patterns for series beyond the palette, which cycle it. */
const DASHES = ['', '7 4', '2 3', '9 3 2 3'];

/** Named colours: the palette's, and those of text, axes and grid. */
export const COLOURS = {
  blue: PALETTE[0],
  orange: PALETTE[1],
  green: PALETTE[2],
  vermilion: PALETTE[3],
  purple: PALETTE[4],
  skyBlue: PALETTE[5],
  black: PALETTE[6],
  grey: '#999999',
  muted: '#666666',
  text: '#222222',
  axis: '#333333',
  grid: '#e4e4e4',
  background: '#ffffff',
} as const;

/** The colour of series `index`: the palette, cycled. */
export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** `stroke` (and, past the palette, `stroke-dasharray`) attributes telling series `index` apart. */
export function seriesStroke(index: number): string {
  const dashes = DASHES[Math.floor(index / PALETTE.length) % DASHES.length];
  const colour = seriesColour(index);
  return dashes ? `stroke="${colour}" stroke-dasharray="${dashes}"` : `stroke="${colour}"`;
}

/** Pixel coordinates with two decimals: precise enough, and keeps the files small. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

// Characters XML 1.0 forbids even when escaped.
const XML_FORBIDDEN = new RegExp(
  [
    // Control characters other than tab and newlines, and the non-characters U+FFFE and U+FFFF.
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])', // high surrogate without its low half
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]', // low surrogate without its high half
  ].join('|'),
  'g',
);

/** XML-escapes text for SVG/HTML element content and attribute values (characters XML forbids become U+FFFD). */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `text` cut to `length` characters (code points), the last one replaced by an ellipsis. */
export function truncate(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join('')}…`;
}

/** Drops float noise such as 0.30000000000000004. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+(?=$|e)/, '') : text;
}

function exponential(value: number, digits: number): string {
  const [mantissa, exponent] = value.toExponential(Math.max(0, Math.min(digits, 20))).split('e');
  return `${trimZeros(mantissa)}e${Number(exponent)}`;
}

/** A value for tooltips and annotations: up to 4 significant digits without float noise, 1e-5 style when tiny or huge. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return exponential(value, 2);
  return String(Number(value.toPrecision(4)));
}

/** [min, max] without spreading into Math.min, which overflows the stack for long arrays. */
export function extent(values: Iterable<number>): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

/** Tick positions for an axis, and the axis extent rounded outwards to whole steps. */
export interface NiceTicks {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** The 1, 2 or 5 x 10^k step at or above `rawStep`. */
function niceStepAtLeast(rawStep: number): number {
  const exponent = Math.floor(Math.log10(rawStep));
  const power = 10 ** exponent;
  const fraction = rawStep / power;
  const mantissa = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
  return clean(mantissa * power);
}

/**
 * Ticks at whole multiples of a 1, 2 or 5 x 10^k step covering [min, max], at most `maxTicks` of
 * them, with the extent widened to the outer ticks. A zero-width range is widened around its value.
 */
export function niceTicks(min: number, max: number, maxTicks = 6): NiceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`niceTicks needs finite min <= max; got min = ${min}, max = ${max}`);
  }
  if (!Number.isFinite(max - min)) throw new RangeError(`niceTicks range is too wide: ${min} to ${max}`);
  if (!Number.isInteger(maxTicks) || maxTicks < 2)
    throw new RangeError(`maxTicks must be an integer >= 2; got ${maxTicks}`);
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-12) {
    const halfWidth = Math.abs(min) * 0.1 || 1;
    [min, max] = [min - halfWidth, max + halfWidth];
  }
  let step = niceStepAtLeast((max - min) / (maxTicks - 1));
  for (;;) {
    const first = Math.floor(min / step + 1e-9);
    const last = Math.ceil(max / step - 1e-9);
    if (last - first + 1 <= maxTicks) {
      const ticks = Array.from({ length: last - first + 1 }, (_, i) => clean((first + i) * step));
      return { min: ticks[0], max: ticks[ticks.length - 1], step, ticks };
    }
    step = niceStepAtLeast(step * 1.5);
  }
}

/**
 * One number format for all the ticks of a linear axis, with as many decimals as the step needs:
 * plain decimals, k/M/G suffixes from 10k on, or 1e-5 style for tiny and huge values.
 */
export function linearTickFormat(axis: NiceTicks): (value: number) => string {
  const largest = extent(axis.ticks.map(Math.abs))[1];
  const stepExponent = Math.floor(Math.log10(axis.step) + 1e-9);
  if (largest >= 1e12 || largest < 1e-3) {
    return (value) => (value === 0 ? '0' : exponential(value, Math.floor(Math.log10(Math.abs(value))) - stepExponent));
  }
  const suffixes: Array<[number, number, string]> = [
    [1e9, 9, 'G'],
    [1e6, 6, 'M'],
    [1e4, 3, 'k'],
  ];
  const [, exponent, suffix] = suffixes.find(([threshold]) => largest >= threshold) ?? [0, 0, ''];
  const decimals = Math.max(0, exponent - stepExponent);
  return (value) => (value === 0 ? '0' : `${trimZeros((value / 10 ** exponent).toFixed(decimals))}${suffix}`);
}

/** Log-axis ticks read plainly from 0.001 to 9999, else as 1e-5. */
export function logTickFormat(value: number): string {
  return value >= 1e-3 && value < 1e4 ? String(value) : exponential(value, 1);
}

/** An axis: where values land on [0, 1] and the ticks to draw. */
export interface Axis {
  kind: 'linear' | 'log' | 'categorical';
  /** Maps a value (a category's index for categorical axes) to [0, 1]. */
  toUnit(value: number): number;
  ticks: number[];
  tickLabels: string[];
}

/** An axis over [min, max] rounded out to nice ticks (see `niceTicks`). */
export function linearAxis(min: number, max: number, maxTicks = 6): Axis {
  const nice = niceTicks(min, max, maxTicks);
  const { min: low, max: high, ticks } = nice;
  return {
    kind: 'linear',
    toUnit: (value) => (value - low) / (high - low),
    ticks,
    tickLabels: ticks.map(linearTickFormat(nice)),
  };
}

/** An axis with no data: a frame without ticks. */
export function emptyAxis(): Axis {
  return { kind: 'linear', toUnit: () => 0, ticks: [], tickLabels: [] };
}

export interface LogAxisOptions {
  /** Default 6. */
  maxTicks?: number;
  /**
   * 'decades': the axis spans whole decades (as plots of losses do); 'data' (default): the data's
   * range plus 3% of room at either end (as a parameter's search space, e.g. 1e-3..1e-2).
   */
  extent?: 'decades' | 'data';
}

/**
 * A log10 axis over [min, max] (0 < min <= max): ticks at decades, with 2 and 5 between them when
 * the range spans two decades or fewer, and every k-th decade when it spans more than `maxTicks`.
 */
export function logAxis(min: number, max: number, options: LogAxisOptions = {}): Axis {
  const { maxTicks = 6, extent: span = 'data' } = options;
  if (!(min > 0 && max >= min && Number.isFinite(max))) {
    throw new RangeError(`a log axis needs finite 0 < min <= max; got min=${min}, max=${max}`);
  }
  let first = Math.floor(Math.log10(min) + 1e-9);
  let last = Math.ceil(Math.log10(max) - 1e-9);
  if (first === last) [first, last] = [first - 1, last + 1];
  const decades = last - first;
  const candidates: number[] = [];
  if (decades <= 2) {
    for (let exponent = first; exponent <= last; exponent++) {
      for (const mantissa of exponent < last ? [1, 2, 5] : [1]) candidates.push(clean(mantissa * 10 ** exponent));
    }
  } else {
    const stride = Math.ceil(decades / (maxTicks - 1));
    last = first + stride * Math.ceil(decades / stride);
    for (let exponent = first; exponent <= last; exponent += stride) candidates.push(clean(10 ** exponent));
  }
  let low: number;
  let high: number;
  if (span === 'decades') {
    [low, high] = [Math.log10(candidates[0]), Math.log10(candidates[candidates.length - 1])];
  } else {
    const width = Math.log10(max) - Math.log10(min) || 1;
    [low, high] = [Math.log10(min) - 0.03 * width, Math.log10(min) + 1.03 * width];
  }
  const ticks = candidates.filter((tick) => Math.log10(tick) >= low - 1e-9 && Math.log10(tick) <= high + 1e-9);
  return {
    kind: 'log',
    toUnit: (value) => (Math.log10(value) - low) / (high - low),
    ticks,
    tickLabels: ticks.map(logTickFormat),
  };
}

/**
 * Integers on a grid (low, low + step, ..., high) with half a step of room at either end, so points
 * stay off the frame; every grid value is a tick when there are at most 9, else whole nice ticks.
 */
export function integerAxis(low: number, high: number, step = 1): Axis {
  const [from, to] = [low - step / 2, high + step / 2];
  const gridCount = Math.floor((high - low) / step) + 1;
  const ticks =
    gridCount <= 9
      ? Array.from({ length: gridCount }, (_, i) => low + i * step)
      : niceTicks(low, high, 6).ticks.filter((tick) => Number.isInteger(tick) && tick >= from && tick <= to);
  return {
    kind: 'linear',
    toUnit: (value) => (value - from) / (to - from),
    ticks,
    tickLabels: ticks.map((tick) => formatNumber(tick)),
  };
}

/** One slot per label, each value (a label's index) at the middle of its slot; labels are cut to `maxLabelLength`. */
export function categoricalAxis(labels: readonly string[], maxLabelLength = 14): Axis {
  const count = labels.length;
  return {
    kind: 'categorical',
    toUnit: (index) => (index + 0.5) / count,
    ticks: labels.map((_, index) => index),
    tickLabels: labels.map((label) => truncate(label, maxLabelLength)),
  };
}

/** A plot area: its position in pixels, its axes and their labels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  xAxis: Axis;
  yAxis: Axis;
  xLabel: string;
  yLabel: string;
  /** Panel title, drawn above the frame. */
  title?: string;
}

export function xPixel(frame: Frame, value: number): number {
  return frame.left + frame.xAxis.toUnit(value) * frame.width;
}

export function yPixel(frame: Frame, value: number): number {
  return frame.top + frame.height - frame.yAxis.toUnit(value) * frame.height;
}

/** The space the y tick labels and (with `hasLabel`) the y axis label need left of a frame. */
export function leftMargin(yAxis: Axis, hasLabel = true): number {
  const widest = extent([1, ...yAxis.tickLabels.map((label) => Array.from(label).length)])[1];
  return 10 + (hasLabel ? FONT_SIZE + 10 : 0) + widest * CHAR_WIDTH + TICK_LENGTH + 4;
}

/** The space tick labels and the x axis label need below a frame. */
export const BOTTOM_MARGIN = TICK_LENGTH + FONT_SIZE + 8 + FONT_SIZE + 12;

/** Grid lines at the ticks, drawn before the data so the data sits on top. */
export function frameGrid(frame: Frame): string {
  const { left, top, width, height } = frame;
  const lines = [
    ...frame.xAxis.ticks.map((tick) => {
      const x = px(xPixel(frame, tick));
      return `<line x1="${x}" y1="${px(top)}" x2="${x}" y2="${px(top + height)}"/>`;
    }),
    ...frame.yAxis.ticks.map((tick) => {
      const y = px(yPixel(frame, tick));
      return `<line x1="${px(left)}" y1="${y}" x2="${px(left + width)}" y2="${y}"/>`;
    }),
  ];
  return `<g class="grid" stroke="${COLOURS.grid}" stroke-width="1">${lines.join('')}</g>`;
}

/**
 * The border, ticks, tick labels (`<g class="tick-labels">`: x labels centred, y labels
 * right-aligned), axis labels and panel title, drawn after the data.
 */
export function frameAxes(frame: Frame): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  const parts = [
    `<rect x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${px(height)}" fill="none" stroke="${COLOURS.axis}"/>`,
    `<g class="ticks" stroke="${COLOURS.axis}">`,
  ];
  for (const tick of frame.xAxis.ticks) {
    const x = px(xPixel(frame, tick));
    parts.push(`<line x1="${x}" y1="${px(bottom)}" x2="${x}" y2="${px(bottom + TICK_LENGTH)}"/>`);
  }
  for (const tick of frame.yAxis.ticks) {
    const y = px(yPixel(frame, tick));
    parts.push(`<line x1="${px(left - TICK_LENGTH)}" y1="${y}" x2="${px(left)}" y2="${y}"/>`);
  }
  parts.push(`</g><g class="tick-labels" fill="${COLOURS.text}">`);
  frame.xAxis.ticks.forEach((tick, index) => {
    const x = px(xPixel(frame, tick));
    const label = escapeXml(frame.xAxis.tickLabels[index]);
    parts.push(`<text x="${x}" y="${px(bottom + TICK_LENGTH + FONT_SIZE + 2)}" text-anchor="middle">${label}</text>`);
  });
  frame.yAxis.ticks.forEach((tick, index) => {
    const y = px(yPixel(frame, tick) + 4);
    const label = escapeXml(frame.yAxis.tickLabels[index]);
    parts.push(`<text x="${px(left - TICK_LENGTH - 3)}" y="${y}" text-anchor="end">${label}</text>`);
  });
  parts.push('</g>');
  if (frame.xLabel) {
    const xLabelY = bottom + TICK_LENGTH + 2 * FONT_SIZE + 12;
    parts.push(
      `<text class="x-label" x="${px(left + width / 2)}" y="${px(xLabelY)}" text-anchor="middle">${escapeXml(frame.xLabel)}</text>`,
    );
  }
  if (frame.yLabel) {
    const yLabelX = left - leftMargin(frame.yAxis) + 10 + FONT_SIZE;
    const yLabelY = top + height / 2;
    parts.push(
      `<text class="y-label" x="${px(yLabelX)}" y="${px(yLabelY)}" text-anchor="middle" ` +
        `transform="rotate(-90 ${px(yLabelX)} ${px(yLabelY)})">${escapeXml(frame.yLabel)}</text>`,
    );
  }
  if (frame.title) {
    parts.push(
      `<text class="panel-title" x="${px(left + width / 2)}" y="${px(top - 8)}" text-anchor="middle" ` +
        `font-weight="bold">${escapeXml(frame.title)}</text>`,
    );
  }
  return parts.join('\n');
}

/** Top margin of a figure with a heading (see `svgOpen`). */
export const HEADING_HEIGHT = 44;

export interface SvgOpenOptions {
  /** Drawn centred at the top (leave `HEADING_HEIGHT` free for it). */
  heading?: string;
  /** The picture's accessible name (its `<title>`); default the heading. */
  name?: string;
}

/**
 * The opening of a standalone SVG document: white background, an accessible name and, when given,
 * a heading. Close the document with `</svg>`.
 */
export function svgOpen(width: number, height: number, options: SvgOpenOptions = {}): string {
  const { heading } = options;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" ` +
      `viewBox="0 0 ${px(width)} ${px(height)}" font-family="sans-serif" font-size="${FONT_SIZE}">`,
    `<title>${escapeXml(options.name ?? heading ?? '')}</title>`,
    `<rect width="${px(width)}" height="${px(height)}" fill="${COLOURS.background}"/>`,
  ];
  if (heading) {
    parts.push(
      `<text x="${px(width / 2)}" y="28" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(heading)}</text>`,
    );
  }
  return parts.join('\n');
}

/** A centred grey message inside a frame, for plots with nothing to draw. */
export function frameMessage(frame: Frame, message: string): string {
  return (
    `<text x="${px(frame.left + frame.width / 2)}" y="${px(frame.top + frame.height / 2)}" text-anchor="middle" ` +
    `fill="${COLOURS.muted}">${escapeXml(message)}</text>`
  );
}

/** A marker with a tooltip (`<title>`, shown on hover by browsers). */
export function circle(x: number, y: number, radius: number, attributes: string, tooltip: string): string {
  const extra = attributes ? ` ${attributes}` : '';
  return `<circle cx="${px(x)}" cy="${px(y)}" r="${radius}"${extra}><title>${escapeXml(tooltip)}</title></circle>`;
}

const LONE_POINT_RADIUS = 1.5;

/**
 * SVG path data through `points` (already in pixels), with one subpath per run of points that are
 * not `undefined`, so missing points leave gaps. A lone point becomes a tiny circle (two arcs), so
 * it stays visible within the one path.
 */
export function polylinePath(points: ReadonlyArray<readonly [number, number] | undefined>): string {
  const runs: Array<Array<readonly [number, number]>> = [[]];
  for (const point of points) {
    if (point !== undefined) runs[runs.length - 1].push(point);
    else if (runs[runs.length - 1].length > 0) runs.push([]);
  }
  const r = LONE_POINT_RADIUS;
  return runs
    .filter((run) => run.length > 0)
    .map((run) => {
      if (run.length > 1) return `M${run.map(([x, y]) => `${px(x)} ${px(y)}`).join('L')}`;
      const [x, y] = run[0];
      return `M${px(x - r)} ${px(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
    })
    .join('');
}

/** Width of a legend's sample (line, marker or swatch) and the gap to its label. */
export const LEGEND_SAMPLE_WIDTH = 24;
const LEGEND_ROW_HEIGHT = FONT_SIZE + 8;

/** One row of a legend: its label and how to draw its sample. */
export interface LegendItem {
  label: string;
  /** SVG attributes of the sample: stroke attributes for 'line', fill attributes for 'marker' and 'swatch'. */
  attributes: string;
  /** Default 'line'. */
  sample?: 'line' | 'marker' | 'swatch';
}

/** The width a legend of these labels needs. */
export function legendWidth(labels: readonly string[]): number {
  return labels.length === 0
    ? 0
    : LEGEND_SAMPLE_WIDTH + 16 + extent(labels.map((l) => Array.from(l).length))[1] * CHAR_WIDTH;
}

/** A legend (`<g class="legend">`), one row per item from (x, y) down. */
export function legend(x: number, y: number, items: readonly LegendItem[]): string {
  const rows = items.map((item, index) => {
    const rowY = y + index * LEGEND_ROW_HEIGHT;
    const middle = x + LEGEND_SAMPLE_WIDTH / 2;
    const sample =
      item.sample === 'marker'
        ? `<circle cx="${px(middle)}" cy="${px(rowY)}" r="4" ${item.attributes}/>`
        : item.sample === 'swatch'
          ? `<rect x="${px(middle - 6)}" y="${px(rowY - 6)}" width="12" height="12" ${item.attributes}/>`
          : `<line x1="${px(x)}" y1="${px(rowY)}" x2="${px(x + LEGEND_SAMPLE_WIDTH)}" y2="${px(rowY)}" stroke-width="2.5" ${item.attributes}/>`;
    return `${sample}<text x="${px(x + LEGEND_SAMPLE_WIDTH + 6)}" y="${px(rowY + 4)}" fill="${COLOURS.text}">${escapeXml(item.label)}</text>`;
  });
  return `<g class="legend">${rows.join('\n')}</g>`;
}

// Viridis at nine stops (matplotlib's values): perceptually uniform and readable in grey.
const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The viridis colour at `unit` in [0, 1] (clamped; NaN gives the low end), as [r, g, b] bytes. */
export function viridisRgb(unit: number): [number, number, number] {
  const position = Math.min(1, Math.max(0, Number.isFinite(unit) ? unit : 0)) * (VIRIDIS.length - 1);
  const index = Math.min(VIRIDIS.length - 2, Math.floor(position));
  const fraction = position - index;
  const [a, b] = [VIRIDIS[index], VIRIDIS[index + 1]];
  return [0, 1, 2].map((channel) => Math.round(a[channel] + (b[channel] - a[channel]) * fraction)) as [
    number,
    number,
    number,
  ];
}

/** The viridis colour at `unit` in [0, 1] as `#rrggbb`. */
export function viridis(unit: number): string {
  return `#${viridisRgb(unit)
    .map((channel) => channel.toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Dark or light text, whichever reads better on `rgb` (by its relative luminance). */
export function textColourOn(rgb: readonly [number, number, number]): string {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.25 ? COLOURS.text : COLOURS.background;
}

/** Space a colour bar takes right of the plot. */
export const COLOUR_BAR_WIDTH = 96;

/** A vertical viridis colour bar for values in [min, max], with ticks and a label. */
export function colourBar(left: number, top: number, height: number, min: number, max: number, label: string): string {
  const axis = linearAxis(min, max, 5);
  const barWidth = 14;
  const id = `bar${Math.round(left)}x${Math.round(top)}`;
  // The gradient covers the nice-tick extent, so colours line up with the tick labels.
  const toPixel = (value: number) => top + height - axis.toUnit(value) * height;
  const unitOf = (value: number) => (max === min ? 0.5 : (value - min) / (max - min));
  const tickMin = axis.ticks[0];
  const tickMax = axis.ticks[axis.ticks.length - 1];
  const stops = Array.from({ length: 11 }, (_, i) => {
    const value = tickMin + ((tickMax - tickMin) * i) / 10;
    return `<stop offset="${i * 10}%" stop-color="${viridis(unitOf(value))}"/>`;
  });
  const parts = [
    `<defs><linearGradient id="${id}" x1="0" y1="1" x2="0" y2="0">${stops.join('')}</linearGradient></defs>`,
    `<rect x="${px(left)}" y="${px(top)}" width="${barWidth}" height="${px(height)}" fill="url(#${id})" stroke="${COLOURS.axis}"/>`,
  ];
  axis.ticks.forEach((tick, index) => {
    const y = toPixel(tick);
    parts.push(
      `<line x1="${px(left + barWidth)}" y1="${px(y)}" x2="${px(left + barWidth + 4)}" y2="${px(y)}" stroke="${COLOURS.axis}"/>`,
      `<text x="${px(left + barWidth + 7)}" y="${px(y + 4)}" fill="${COLOURS.text}">${escapeXml(axis.tickLabels[index])}</text>`,
    );
  });
  // A rotated label's glyphs rise to the left of its baseline, hence the extra FONT_SIZE.
  const widestTick = extent(axis.tickLabels.map((tick) => tick.length))[1];
  const labelX = left + barWidth + 12 + FONT_SIZE + CHAR_WIDTH * widestTick;
  const labelY = top + height / 2;
  parts.push(
    `<text x="${px(labelX)}" y="${px(labelY)}" text-anchor="middle" transform="rotate(-90 ${px(labelX)} ${px(labelY)})">` +
      `${escapeXml(label)}</text>`,
  );
  return `<g class="colour-bar">${parts.join('')}</g>`;
}

/** Small multiples: equal panels in rows, below a heading, with an optional colour bar on the right. */
export interface PanelGrid {
  width: number;
  height: number;
  rows: number;
  /** The frame of panel `index` (filled row by row), its left margin sized for its y axis. */
  frame(index: number, axes: Pick<Frame, 'xAxis' | 'yAxis' | 'xLabel' | 'yLabel'>): Frame;
  /** A colour bar right of the panels (with `colourBar: true`). */
  colourBar(min: number, max: number, label: string): string;
}

export interface PanelGridOptions {
  columns: number;
  panelWidth: number;
  panelHeight: number;
  /** Space above the panels; default 56 (a heading). */
  top?: number;
  /** Leave `COLOUR_BAR_WIDTH` on the right for a colour bar; default false. */
  colourBar?: boolean;
}

/** Lays out `count` panels (see `PanelGrid`). */
export function panelGrid(count: number, options: PanelGridOptions): PanelGrid {
  const { columns, panelWidth, panelHeight, top = 56 } = options;
  const rows = Math.ceil(count / columns);
  const width = columns * panelWidth + (options.colourBar ? COLOUR_BAR_WIDTH : 0);
  return {
    width,
    height: top + rows * panelHeight,
    rows,
    frame(index, axes) {
      const margin = leftMargin(axes.yAxis);
      return {
        ...axes,
        left: (index % columns) * panelWidth + margin,
        top: top + Math.floor(index / columns) * panelHeight + 10,
        width: panelWidth - margin - 12,
        height: panelHeight - BOTTOM_MARGIN - 14,
      };
    },
    colourBar: (min, max, label) =>
      colourBar(width - COLOUR_BAR_WIDTH + 10, top + 10, Math.min(260, rows * panelHeight - 60), min, max, label),
  };
}

// Checks shared by the figure functions' specs.

/** `value`, checked to be a number >= `minimum`, or `fallback` when undefined. */
export function checkedSize(value: number | undefined, name: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < minimum)
    throw new RangeError(`${name} must be a number >= ${minimum}; got ${value}`);
  return value;
}

/** `value`, checked to be a string, or '' when undefined. */
export function checkedText(value: unknown, name: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string; got ${typeof value}`);
  return value;
}
