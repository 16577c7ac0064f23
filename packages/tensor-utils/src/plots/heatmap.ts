// Heatmaps of a matrix with labelled rows and columns, each cell coloured by viridis and, when there
// is room, annotated with its value: confusion matrices, attention weights, correlation tables.
import { writeFileAtomic } from '../fs/atomic.js';
import {
  CHAR_WIDTH,
  COLOUR_BAR_WIDTH,
  COLOURS,
  checkedSize,
  checkedText,
  colourBar,
  escapeXml,
  extent,
  FONT_SIZE,
  formatNumber,
  HEADING_HEIGHT,
  px,
  svgOpen,
  TICK_LENGTH,
  textColourOn,
  truncate,
  viridis,
  viridisRgb,
} from './svg-kit.js';

export interface HeatmapSpec {
  title?: string;
  /** `values[row][column]`, all rows of one length; non-finite cells are left blank. */
  values: ReadonlyArray<ArrayLike<number>>;
  /** One per row, top to bottom; default 0, 1, 2, ... */
  rowLabels?: readonly string[];
  /** One per column, left to right; default 0, 1, 2, ... */
  columnLabels?: readonly string[];
  /** Below the columns, e.g. 'Predicted class'. */
  xLabel?: string;
  /** Left of the rows, e.g. 'True class'. */
  yLabel?: string;
  /**
   * 'value' (default): a cell's colour shows its value. 'row-share': its share of its row's total,
   * as confusion matrices are read (each true class's recall on the diagonal), while the cell
   * still shows its value.
   */
  colourBy?: 'value' | 'row-share';
  /** The values at the two ends of the colour scale; default the smallest and largest shown. */
  colourRange?: readonly [number, number];
  /** Label of the colour bar; default 'value' or 'share of row'. */
  colourLabel?: string;
  /** Write each cell's text in it; default when cells are at least 22 pixels. */
  annotate?: boolean;
  /** A cell's text; default its value with up to 4 significant digits. */
  cellText?: (value: number, row: number, column: number) => string;
  /** Pixels per cell side; default to fit about 560 pixels, between 8 and 56. */
  cellSize?: number;
}

const MAX_LABEL_CHARS = 24;

function checkedLabels(labels: readonly string[] | undefined, count: number, name: string): string[] {
  if (labels === undefined) return Array.from({ length: count }, (_, i) => String(i));
  if (!Array.isArray(labels) || labels.length !== count || !labels.every((label) => typeof label === 'string')) {
    throw new RangeError(`${name} must be ${count} strings, one per ${name.includes('row') ? 'row' : 'column'}`);
  }
  return labels.map((label) => truncate(label, MAX_LABEL_CHARS));
}

/** `spec.values` as numbers, checked to be a non-empty matrix. */
function checkedValues(spec: HeatmapSpec): number[][] {
  if (!spec || !Array.isArray(spec.values) || spec.values.length === 0) {
    throw new TypeError('spec.values must be a non-empty array of rows');
  }
  const columns = spec.values[0]?.length;
  if (!Number.isInteger(columns) || columns < 1) throw new TypeError('spec.values[0] must be a non-empty row');
  return spec.values.map((row, index) => {
    if (row?.length !== columns) {
      throw new RangeError(`spec.values rows must all have ${columns} values; row ${index} has ${row?.length}`);
    }
    return Array.from(row, Number);
  });
}

interface ColourScale {
  /** What each cell's colour shows: its value, or its share of its row. */
  shown: number[][];
  low: number;
  high: number;
}

function colourScale(values: number[][], colourBy: 'value' | 'row-share', range: HeatmapSpec['colourRange']) {
  const shown = values.map((row) => {
    if (colourBy === 'value') return row;
    const total = row.reduce((sum, value) => (Number.isFinite(value) ? sum + value : sum), 0);
    return row.map((value) => (total !== 0 ? value / total : Number.NaN));
  });
  const finite = shown.flat().filter(Number.isFinite);
  const [low, high] = range ?? (colourBy === 'row-share' ? [0, 1] : finite.length > 0 ? extent(finite) : [0, 1]);
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
    throw new RangeError(`spec.colourRange must be [min, max] with finite min <= max; got [${low}, ${high}]`);
  }
  return { shown, low, high } satisfies ColourScale;
}

interface HeatmapLayout {
  left: number;
  top: number;
  cell: number;
  rowLabels: string[];
  columnLabels: string[];
}

/** One coloured square per finite cell, with its text inside when `annotate`. */
function cellMarks(
  values: number[][],
  { shown, low, high }: ColourScale,
  { left, top, cell, rowLabels, columnLabels }: HeatmapLayout,
  cellText: NonNullable<HeatmapSpec['cellText']>,
  annotate: boolean,
): string[] {
  const unitOf = (value: number) => (high === low ? 0.5 : (value - low) / (high - low));
  const parts: string[] = [];
  values.forEach((row, r) => {
    row.forEach((value, c) => {
      const colourValue = shown[r][c];
      if (!Number.isFinite(value) || !Number.isFinite(colourValue)) return;
      const [x, y] = [left + c * cell, top + r * cell];
      const text = cellText(value, r, c);
      const tooltip = `${rowLabels[r]} / ${columnLabels[c]}: ${text}`;
      parts.push(
        `<rect x="${px(x)}" y="${px(y)}" width="${px(cell)}" height="${px(cell)}" fill="${viridis(unitOf(colourValue))}">` +
          `<title>${escapeXml(tooltip)}</title></rect>`,
      );
      if (annotate) {
        const fontSize = Math.min(FONT_SIZE, Math.floor(cell / 2.2));
        const fill = textColourOn(viridisRgb(unitOf(colourValue)));
        parts.push(
          `<text class="cell-text" x="${px(x + cell / 2)}" y="${px(y + cell / 2 + fontSize * 0.35)}" text-anchor="middle" ` +
            `font-size="${fontSize}" fill="${fill}">${escapeXml(text)}</text>`,
        );
      }
    });
  });
  return parts;
}

/** The row labels left of the grid and the column labels under it (slanted when wider than a cell). */
function tickLabels({ left, top, cell, rowLabels, columnLabels }: HeatmapLayout, slanted: boolean): string[] {
  const parts = [`<g class="tick-labels" fill="${COLOURS.text}">`];
  rowLabels.forEach((label, r) => {
    const y = top + (r + 0.5) * cell + 4;
    parts.push(`<text x="${px(left - TICK_LENGTH)}" y="${px(y)}" text-anchor="end">${escapeXml(label)}</text>`);
  });
  const labelTop = top + rowLabels.length * cell + TICK_LENGTH;
  columnLabels.forEach((label, c) => {
    const x = left + (c + 0.5) * cell;
    if (slanted) {
      const y = labelTop + 4;
      parts.push(
        `<text x="${px(x)}" y="${px(y)}" text-anchor="end" transform="rotate(-45 ${px(x)} ${px(y)})">${escapeXml(label)}</text>`,
      );
    } else {
      parts.push(`<text x="${px(x)}" y="${px(labelTop + FONT_SIZE)}" text-anchor="middle">${escapeXml(label)}</text>`);
    }
  });
  parts.push('</g>');
  return parts;
}

/** Renders `spec` as a complete standalone SVG document. */
export function heatmapSvg(spec: HeatmapSpec): string {
  const values = checkedValues(spec);
  const rows = values.length;
  const columns = values[0].length;
  const title = checkedText(spec.title, 'spec.title');
  const xLabel = checkedText(spec.xLabel, 'spec.xLabel');
  const yLabel = checkedText(spec.yLabel, 'spec.yLabel');
  const rowLabels = checkedLabels(spec.rowLabels, rows, 'spec.rowLabels');
  const columnLabels = checkedLabels(spec.columnLabels, columns, 'spec.columnLabels');
  const colourBy = spec.colourBy ?? 'value';
  if (colourBy !== 'value' && colourBy !== 'row-share') {
    throw new RangeError(`spec.colourBy must be 'value' or 'row-share'; got ${colourBy}`);
  }
  const cellText = spec.cellText ?? ((value: number) => formatNumber(value));
  if (typeof cellText !== 'function')
    throw new TypeError('spec.cellText must be a function (value, row, column) => string');
  const scale = colourScale(values, colourBy, spec.colourRange);

  const cell = checkedSize(
    spec.cellSize,
    'spec.cellSize',
    Math.max(8, Math.min(56, Math.floor(560 / Math.max(rows, columns)))),
    2,
  );
  const annotate = spec.annotate ?? cell >= 22;
  const widest = (labels: string[]) => extent(labels.map((label) => Array.from(label).length))[1] * CHAR_WIDTH;
  // Column labels turn 45 degrees when they are wider than a cell.
  const slanted = widest(columnLabels) > cell - 4;
  const columnLabelHeight = slanted ? widest(columnLabels) * Math.SQRT1_2 + FONT_SIZE : FONT_SIZE + 4;
  const top = title ? HEADING_HEIGHT : 20;
  const left = 12 + (yLabel ? FONT_SIZE + 12 : 0) + widest(rowLabels) + TICK_LENGTH + 4;
  const gridWidth = columns * cell;
  const gridHeight = rows * cell;
  const width = Math.max(left + gridWidth + COLOUR_BAR_WIDTH + 16, 240);
  const height = top + gridHeight + TICK_LENGTH + columnLabelHeight + (xLabel ? FONT_SIZE + 16 : 8);
  const layout: HeatmapLayout = { left, top, cell, rowLabels, columnLabels };

  const parts = [
    svgOpen(width, height, { heading: title, name: title || 'heatmap' }),
    '<g class="cells">',
    ...cellMarks(values, scale, layout, cellText, annotate),
    '</g>',
    `<rect x="${px(left)}" y="${px(top)}" width="${px(gridWidth)}" height="${px(gridHeight)}" fill="none" stroke="${COLOURS.axis}"/>`,
    ...tickLabels(layout, slanted),
  ];
  const labelTop = top + gridHeight + TICK_LENGTH;
  if (xLabel) {
    parts.push(
      `<text class="x-label" x="${px(left + gridWidth / 2)}" y="${px(labelTop + columnLabelHeight + FONT_SIZE + 4)}" ` +
        `text-anchor="middle">${escapeXml(xLabel)}</text>`,
    );
  }
  if (yLabel) {
    const [x, y] = [12 + FONT_SIZE, top + gridHeight / 2];
    parts.push(
      `<text class="y-label" x="${px(x)}" y="${px(y)}" text-anchor="middle" transform="rotate(-90 ${px(x)} ${px(y)})">` +
        `${escapeXml(yLabel)}</text>`,
    );
  }
  const colourLabel =
    checkedText(spec.colourLabel, 'spec.colourLabel') || (colourBy === 'value' ? 'value' : 'share of row');
  const { low, high } = scale;
  parts.push(colourBar(left + gridWidth + 16, top, Math.max(60, Math.min(gridHeight, 260)), low, high, colourLabel));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Renders `spec` (see `heatmapSvg`) and writes it to `path` atomically; returns `path`. */
export async function writeHeatmap(path: string, spec: HeatmapSpec): Promise<string> {
  await writeFileAtomic(path, heatmapSvg(spec));
  return path;
}
