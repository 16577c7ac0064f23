// The dashboard's two pages: the storage's studies, and one study (its trials table and plots). The
// server writes only the frame and a JSON data block; the browser code (client-script.ts) renders
// the rows from it with `textContent`, so no stored name or value ever becomes markup.
import { escapeXml } from '@hw7/tensor-utils/plots';
import { CLIENT_SCRIPT } from './client-script.js';
import type { PlotKind } from './study-plots.js';
import type { StudyOverview, TrialRow } from './study-view.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; word-break: break-all; }
nav a { color: #0072B2; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { text-align: left; padding: 0.25em 0.8em 0.25em 0; border-bottom: 1px solid #eee; white-space: nowrap; }
#trials-head th { cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
td.num { font-variant-numeric: tabular-nums; }
tr.state-fail td, tr.state-pruned td { color: #777; }
tr.state-running td { color: #0072B2; }
.status { font-size: 0.85em; color: #666; }
.status.error { color: #D55E00; }
.plots img { max-width: 100%; border: 1px solid #ddd; display: block; }
.plots section { margin-bottom: 1em; }
.table-wrap { overflow-x: auto; }
`;

/** JSON inside a `<script type="application/json">` block: `<` escaped so no `</script>` can end it. */
function dataBlock(data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<script type="application/json" id="data">${json}</script>`;
}

function page(title: string, bodyAttributes: string, body: string, data: unknown, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body ${bodyAttributes}>
${body}
${dataBlock(data)}
<script nonce="${nonce}">${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

export function studiesPage(storageName: string, studies: readonly StudyOverview[], nonce: string): string {
  const body = `<h1>Studies</h1>
<p class="status" id="status">${escapeXml(storageName)}</p>
<table id="studies">
<thead><tr><th>Study</th><th>Direction</th><th>Trials</th><th>By state</th><th>Best</th><th>Last activity</th></tr></thead>
<tbody id="studies-body"></tbody>
</table>
<p id="empty" hidden>No studies in this storage yet; they appear here once created.</p>`;
  return page('hw7-hpo dashboard', 'data-page="studies"', body, { studies }, nonce);
}

export interface StudyPageData {
  overview: StudyOverview;
  paramNames: readonly string[];
  /** The newest trials, for the first screen; the page fetches the rest. */
  trials: readonly TrialRow[];
}

export function studyPage(data: StudyPageData, plots: readonly PlotKind[], nonce: string): string {
  const { overview } = data;
  const states = ['ALL', 'COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'];
  const options = states.map(
    (state) => `<option value="${state}">${state === 'ALL' ? 'all states' : state.toLowerCase()}</option>`,
  );
  const sections = plots.map(
    (plot) =>
      `<section><h2>${escapeXml(plot.title)}</h2><img data-plot="${plot.name}" alt="${escapeXml(plot.title)}" width="760"></section>`,
  );
  const body = `<nav><a href="/">All studies</a></nav>
<h1 id="study-name">${escapeXml(overview.name)}</h1>
<p>${escapeXml(overview.directions.join(', '))}; <span id="summary"></span></p>
<p class="status" id="status">loading</p>
<h2>Trials</h2>
<label>State <select id="state-filter">${options.join('')}</select></label> <span id="shown"></span>
<div class="table-wrap"><table id="trials"><thead id="trials-head"></thead><tbody id="trials-body"></tbody></table></div>
<button id="more" type="button" hidden>Show more</button>
<div class="plots">${sections.join('\n')}</div>`;
  return page(`${overview.name} - hw7-hpo dashboard`, `data-page="study"`, body, data, nonce);
}

export function notFoundPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1><p>${escapeXml(message)}</p><p><a href="/">All studies</a></p></body></html>\n`;
}
