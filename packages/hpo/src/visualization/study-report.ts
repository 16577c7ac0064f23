// Writes the study plots as SVG files (atomically, so a reader never sees half a file) and a study
// report: every plot that applies to the study plus an `index.html` that shows them with the best trial.
import { join } from 'node:path';
import { writeFileAtomic } from '@hw7/tensor-utils/base';
import { escapeXml, formatNumber } from '@hw7/tensor-utils/plots';
import { type ContourOptions, contourSvg } from './contour.js';
import { type IntermediateValuesOptions, intermediateValuesSvg } from './intermediate-values.js';
import { type OptimizationHistoryOptions, optimizationHistorySvg } from './optimization-history.js';
import { type ParallelCoordinateOptions, parallelCoordinateSvg } from './parallel-coordinate.js';
import { type ParamImportanceSvgOptions, paramImportanceSvg } from './param-importance.js';
import { type SliceOptions, sliceSvg } from './slice.js';
import { checkStudy, completedTrials, resolveTarget, type StudyLike, type TargetOptions } from './study-data.js';

async function writeSvg(path: string, svg: string): Promise<string> {
  await writeFileAtomic(path, svg);
  return path;
}

export const writeOptimizationHistory = (path: string, study: StudyLike, options?: OptimizationHistoryOptions) =>
  writeSvg(path, optimizationHistorySvg(study, options));
export const writeIntermediateValues = (path: string, study: StudyLike, options?: IntermediateValuesOptions) =>
  writeSvg(path, intermediateValuesSvg(study, options));
export const writeParallelCoordinate = (path: string, study: StudyLike, options?: ParallelCoordinateOptions) =>
  writeSvg(path, parallelCoordinateSvg(study, options));
export const writeSlice = (path: string, study: StudyLike, options?: SliceOptions) =>
  writeSvg(path, sliceSvg(study, options));
export const writeContour = (path: string, study: StudyLike, options?: ContourOptions) =>
  writeSvg(path, contourSvg(study, options));
export const writeParamImportance = (path: string, study: StudyLike, options?: ParamImportanceSvgOptions) =>
  writeSvg(path, paramImportanceSvg(study, options));

export interface StudyReportOptions extends TargetOptions {
  /** Heading of index.html; default 'Study report'. */
  title?: string;
}

export interface StudyReport {
  /** Paths of the files written, index.html last. */
  files: string[];
  /** Plots left out and why (e.g. no intermediate values were reported). */
  skipped: Array<{ plot: string; reason: string }>;
}

const PLOTS: ReadonlyArray<{
  file: string;
  title: string;
  render: (study: StudyLike, options: TargetOptions) => string;
}> = [
  { file: 'history.svg', title: 'Optimization history', render: optimizationHistorySvg },
  { file: 'intermediate-values.svg', title: 'Intermediate values', render: (study) => intermediateValuesSvg(study) },
  { file: 'importance.svg', title: 'Hyperparameter importances', render: paramImportanceSvg },
  { file: 'parallel-coordinate.svg', title: 'Parallel coordinates', render: parallelCoordinateSvg },
  { file: 'slice.svg', title: 'Slices', render: sliceSvg },
  { file: 'contour.svg', title: 'Contours', render: contourSvg },
];

function summaryTable(study: StudyLike, options: TargetOptions): string {
  const counts = new Map<string, number>();
  for (const trial of study.trials) counts.set(trial.state, (counts.get(trial.state) ?? 0) + 1);
  const rows = [...counts].map(([state, count]) => `<tr><th>${state.toLowerCase()}</th><td>${count}</td></tr>`);
  if (study.directions.length === 1 || options.target) {
    const target = resolveTarget(study, options, 'writeStudyReport');
    const complete = completedTrials(study, target);
    const sign = target.direction === 'minimize' ? -1 : 1;
    const best = complete.reduce<(typeof complete)[number] | undefined>(
      (best, trial) => (!best || sign * (target.valueOf(trial) - target.valueOf(best)) > 0 ? trial : best),
      undefined,
    );
    if (best) {
      const params = Object.entries(best.params)
        .map(
          ([name, value]) =>
            `${escapeXml(name)} = ${escapeXml(typeof value === 'number' ? formatNumber(value) : String(value))}`,
        )
        .join('<br>');
      rows.push(
        `<tr><th>best trial</th><td>#${best.number}: ${escapeXml(target.name)} = ${formatNumber(target.valueOf(best))}</td></tr>`,
        `<tr><th>its parameters</th><td>${params}</td></tr>`,
      );
    }
  }
  return `<table>${rows.join('')}</table>`;
}

/**
 * Writes every plot that applies to `study` into `directory` (created if needed) and an index.html
 * that shows them; plots that do not apply (say, no intermediate values) are listed as skipped.
 */
export async function writeStudyReport(
  study: StudyLike,
  directory: string,
  options: StudyReportOptions = {},
): Promise<StudyReport> {
  checkStudy(study, 'writeStudyReport');
  if (typeof directory !== 'string' || directory === '') {
    throw new TypeError(`writeStudyReport: directory must be a non-empty path; got ${String(directory)}`);
  }
  const files: string[] = [];
  const skipped: StudyReport['skipped'] = [];
  const sections: string[] = [];
  for (const plot of PLOTS) {
    let svg: string;
    try {
      svg = plot.render(study, options);
    } catch (error) {
      skipped.push({ plot: plot.file, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    files.push(await writeSvg(join(directory, plot.file), svg));
    sections.push(
      `<section><h2>${plot.title}</h2><a href="${plot.file}"><img src="${plot.file}" alt="${plot.title}"></a></section>`,
    );
  }
  const title = options.title ?? 'Study report';
  const notes = skipped.map(({ plot, reason }) => `<li>${escapeXml(plot)}: ${escapeXml(reason)}</li>`);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(title)}</title>
<style>
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin-bottom: 1em; }
th, td { text-align: left; padding: 0.25em 1em 0.25em 0; vertical-align: top; }
img { max-width: 100%; border: 1px solid #ddd; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
${summaryTable(study, options)}
${sections.join('\n')}
${notes.length > 0 ? `<h2>Not plotted</h2><ul>${notes.join('')}</ul>` : ''}
<p>Hover over a point for its trial number, value and parameters (click a plot to open it on its own, where the tooltips work).</p>
</body>
</html>
`;
  const indexPath = join(directory, 'index.html');
  await writeFileAtomic(indexPath, html);
  files.push(indexPath);
  return { files, skipped };
}
