// The report's plots of a study, for the dashboard: drawn with `@hw7/hpo/visualization`, cached per
// study version, and redrawn while trials keep coming at most every few seconds when a plot is
// expensive, since drawing runs on the server's one thread.
import { COLOURS, escapeXml, svgOpen } from '@hw7/tensor-utils/plots';
import type { FrozenTrial } from '../frozen-trial.js';
import type { StoredStudy } from '../storage/storage.js';
import { intermediateValuesSvg } from '../visualization/intermediate-values.js';
import { optimizationHistorySvg } from '../visualization/optimization-history.js';
import { parallelCoordinateSvg } from '../visualization/parallel-coordinate.js';
import { paramImportanceSvg } from '../visualization/param-importance.js';
import { paretoFrontSvg } from '../visualization/pareto-front.js';
import type { StudyLike } from '../visualization/study-data.js';

/**
 * Importance fits a random forest: ~0.5 s on 500 trials on a busy 2-core machine, ~50 s on 10 000.
 * The dashboard rates the most recent complete trials only, and says so.
 */
export const IMPORTANCE_TRIALS = 500;

export interface PlotKind {
  name: string;
  title: string;
  render(study: StudyLike): string;
}

const HISTORY: PlotKind = { name: 'history', title: 'Optimization history', render: (s) => optimizationHistorySvg(s) };
const INTERMEDIATE: PlotKind = {
  name: 'intermediate-values',
  title: 'Intermediate values',
  render: (s) => intermediateValuesSvg(s),
};
const IMPORTANCE: PlotKind = {
  name: 'importance',
  title: `Hyperparameter importances (of at most the ${IMPORTANCE_TRIALS} most recent complete trials)`,
  render: (study) => {
    const complete = study.trials.filter((trial) => trial.state === 'COMPLETE');
    return paramImportanceSvg({ directions: study.directions, trials: complete.slice(-IMPORTANCE_TRIALS) });
  },
};
const PARALLEL: PlotKind = {
  name: 'parallel-coordinate',
  title: 'Parallel coordinates',
  render: (s) => parallelCoordinateSvg(s),
};
const PARETO: PlotKind = { name: 'pareto-front', title: 'Pareto front', render: (s) => paretoFrontSvg(s) };

/** The plots of a study with these directions, in the order the page shows them. */
export function plotKinds(directions: readonly unknown[]): readonly PlotKind[] {
  return directions.length > 1 ? [HISTORY, PARETO, INTERMEDIATE] : [HISTORY, INTERMEDIATE, IMPORTANCE, PARALLEL];
}

/** A plot that cannot be drawn yet (no complete trial, no intermediate value...) says why. */
function messageSvg(title: string, message: string): string {
  const text = `<text x="380" y="80" text-anchor="middle" fill="${COLOURS.muted}">${escapeXml(message)}</text>`;
  return `${svgOpen(760, 120, { heading: title })}\n${text}\n</svg>\n`;
}

export interface DrawnPlot {
  /** The study version the plot shows. */
  version: string;
  svg: string;
}

interface CachedPlot extends DrawnPlot {
  drawnAt: number;
  costMs: number;
}

/** Plots by study and kind, redrawn when the study's version changed (and the throttle allows). */
export class PlotCache {
  private readonly plots = new Map<string, CachedPlot>();

  /** The plot, and the study version it was drawn for (older than `version` while throttled). */
  svg(study: StoredStudy, trials: readonly FrozenTrial[], version: string, kind: PlotKind): DrawnPlot {
    const key = `${study.studyId}/${kind.name}`;
    const cached = this.plots.get(key);
    const now = Date.now();
    // An expensive plot is redrawn at most every 10x what it cost (so it takes <= ~10% of the time).
    if (cached && (cached.version === version || now - cached.drawnAt < Math.max(1000, 10 * cached.costMs))) {
      return cached;
    }
    const started = performance.now();
    let svg: string;
    try {
      svg = kind.render({ directions: study.directions, trials });
    } catch (error) {
      svg = messageSvg(kind.title, error instanceof Error ? error.message : String(error));
    }
    const drawn = { version, svg, drawnAt: now, costMs: performance.now() - started };
    this.plots.set(key, drawn);
    return drawn;
  }

  /** Forgets a deleted study's plots. */
  forget(studyId: number): void {
    for (const key of this.plots.keys()) if (key.startsWith(`${studyId}/`)) this.plots.delete(key);
  }
}
