// Small SVG building blocks shared by the study plots: axes (linear, log and categorical), a plot
// frame with grid, ticks and labels, a colour scale with its colour bar, and XML escaping. Tick
// positions come from tensor-utils' `niceTicks`, so these plots match its line plots.
import { escapeXml, niceTicks } from '@hw7/tensor-utils/base';

export const FONT_SIZE = 12;
/** Average glyph width at FONT_SIZE, for sizing margins without measuring text. */
export const CHAR_WIDTH = 7;
const TICK_LENGTH = 5;

// Okabe-Ito colours, as in tensor-utils' line plots: distinct under the common colour-vision deficiencies.
export const COLOURS = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermilion: '#D55E00',
  grey: '#999999',
  text: '#222222',
  axis: '#333333',
  grid: '#e4e4e4',
} as const;

/** Re-exported so every plot module takes its helpers from here. */
export { escapeXml };

/** Pixel coordinates with two decimals: precise enough, and keeps the files small. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Up to 4 significant digits without float noise (0.1 + 0.2 shows as 0.3). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) {
    const [mantissa, exponent] = value.toExponential(2).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(4)));
}

export function truncate(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join('')}…`;
}

/** An axis: where values land on [0, 1] and the ticks to draw. */
export interface Axis {
  kind: 'linear' | 'log' | 'categorical';
  /** Maps a value (a category's index for categorical axes) to [0, 1]. */
  toUnit(value: number): number;
  ticks: number[];
  tickLabels: string[];
}

export function linearAxis(min: number, max: number, maxTicks = 6): Axis {
  const { min: low, max: high, ticks } = niceTicks(min, max, maxTicks);
  return {
    kind: 'linear',
    toUnit: (value) => (value - low) / (high - low),
    ticks,
    tickLabels: ticks.map(formatNumber),
  };
}

/** Decades, with 2 and 5 between them when the range spans fewer than three decades. */
export function logAxis(min: number, max: number): Axis {
  if (!(min > 0 && max >= min)) throw new RangeError(`a log axis needs 0 < min <= max; got min=${min}, max=${max}`);
  let first = Math.floor(Math.log10(min) + 1e-9);
  let last = Math.ceil(Math.log10(max) - 1e-9);
  if (first === last) [first, last] = [first - 1, last + 1];
  const mantissas = last - first < 3 ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  for (let exponent = first; exponent <= last; exponent++) {
    for (const mantissa of mantissas) candidates.push(Number((mantissa * 10 ** exponent).toPrecision(12)));
  }
  // Tight to the range (log axes of parameters span their distribution, e.g. 1e-3..1e-2) plus 3% of
  // room at each end, so points at the bounds stay inside the frame.
  const span = Math.log10(max) - Math.log10(min) || 1;
  const low = Math.log10(min) - 0.03 * span;
  const high = Math.log10(min) + 1.03 * span;
  const ticks = candidates.filter((tick) => Math.log10(tick) >= low - 1e-9 && Math.log10(tick) <= high + 1e-9);
  return {
    kind: 'log',
    toUnit: (value) => (Math.log10(value) - low) / (high - low),
    ticks,
    tickLabels: ticks.map(formatNumber),
  };
}

/**
 * Integers on a grid (low, low + step, ..., high) with half a step of room at either end, so points
 * stay off the frame; every grid value is a tick when there are at most 9, else whole nice ticks.
 */
export function integerAxis(low: number, high: number, step: number): Axis {
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
    tickLabels: ticks.map(formatNumber),
  };
}

/** One slot per choice, each value at the middle of its slot. */
export function categoricalAxis(labels: readonly string[]): Axis {
  const count = labels.length;
  const ticks = labels.map((_, index) => index);
  return {
    kind: 'categorical',
    toUnit: (index) => (index + 0.5) / count,
    ticks,
    tickLabels: labels.map((label) => truncate(label, 14)),
  };
}

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

/** The space the y tick labels and the y axis label need left of a frame. */
export function leftMargin(yAxis: Axis, hasLabel = true): number {
  const widest = Math.max(1, ...yAxis.tickLabels.map((label) => label.length));
  return 10 + (hasLabel ? FONT_SIZE + 10 : 0) + widest * CHAR_WIDTH + TICK_LENGTH + 4;
}

/** The space tick labels and the x axis label need below a frame. */
export const BOTTOM_MARGIN = TICK_LENGTH + FONT_SIZE + 8 + FONT_SIZE + 12;

/** Grid lines, drawn before the data so the data sits on top. */
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

/** The border, ticks, tick labels, axis labels and panel title, drawn after the data. */
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
  const xLabelY = bottom + TICK_LENGTH + 2 * FONT_SIZE + 12;
  parts.push(
    `<text class="x-label" x="${px(left + width / 2)}" y="${px(xLabelY)}" text-anchor="middle">${escapeXml(frame.xLabel)}</text>`,
  );
  const yLabelX = left - leftMargin(frame.yAxis) + 10 + FONT_SIZE;
  const yLabelY = top + height / 2;
  parts.push(
    `<text class="y-label" x="${px(yLabelX)}" y="${px(yLabelY)}" text-anchor="middle" ` +
      `transform="rotate(-90 ${px(yLabelX)} ${px(yLabelY)})">${escapeXml(frame.yLabel)}</text>`,
  );
  if (frame.title) {
    parts.push(
      `<text class="panel-title" x="${px(left + width / 2)}" y="${px(top - 8)}" text-anchor="middle" ` +
        `font-weight="bold">${escapeXml(frame.title)}</text>`,
    );
  }
  return parts.join('\n');
}

/** The opening of a standalone SVG document with a white background, its accessible name and a title. */
export function svgOpen(width: number, height: number, title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" ` +
      `viewBox="0 0 ${px(width)} ${px(height)}" font-family="sans-serif" font-size="${FONT_SIZE}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${px(width)}" height="${px(height)}" fill="#ffffff"/>`,
    `<text x="${px(width / 2)}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
  ].join('\n');
}

/** A marker with a tooltip (`<title>`, shown on hover by browsers). */
export function circle(x: number, y: number, radius: number, attributes: string, tooltip: string): string {
  return `<circle cx="${px(x)}" cy="${px(y)}" r="${radius}" ${attributes}><title>${escapeXml(tooltip)}</title></circle>`;
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

/** The viridis colour at `unit` in [0, 1] (clamped), as [r, g, b] bytes. */
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

export function viridis(unit: number): string {
  return `#${viridisRgb(unit)
    .map((channel) => channel.toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Space a colour bar takes right of the plot. */
export const COLOUR_BAR_WIDTH = 96;

/** A vertical colour bar for values in [min, max], with ticks and a label. */
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
  const labelX = left + barWidth + 12 + FONT_SIZE + CHAR_WIDTH * Math.max(...axis.tickLabels.map((t) => t.length));
  const labelY = top + height / 2;
  parts.push(
    `<text x="${px(labelX)}" y="${px(labelY)}" text-anchor="middle" transform="rotate(-90 ${px(labelX)} ${px(labelY)})">` +
      `${escapeXml(label)}</text>`,
  );
  return `<g class="colour-bar">${parts.join('')}</g>`;
}

/** A legend row: a marker or line sample and its label. */
export function legendEntry(x: number, y: number, sample: string, label: string): string {
  return `${sample}<text x="${px(x + 22)}" y="${px(y + 4)}" fill="${COLOURS.text}">${escapeXml(label)}</text>`;
}
