// report.html: one self-contained page with a section per question (status, settings, tables,
// figures embedded as data: URIs, notes), rendered from results.json and the figure files.
import { join } from 'node:path';
import { escapeXml } from '@hw7/tensor-utils';
import type { Cell, Question, Table } from '../questions/question.js';
import { QUESTIONS } from '../questions/registry.js';
import type { Results } from '../results.js';
import { imageDataUri } from './data-uri.js';

export const REPORT_FILE = 'report.html';

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 1000px; padding: 1rem 2rem; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ddd; padding-top: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f3f3; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; image-rendering: pixelated; }
figure img[src^="data:image/png"] { min-width: min(420px, 100%); }
figcaption { font-size: 13px; color: #555; }
.status { display: inline-block; padding: 0 8px; border-radius: 4px; font-size: 13px; color: #fff; }
.done { background: #2e7d32; } .failed { background: #c62828; } .skipped, .pending { background: #757575; }
.running { background: #ef6c00; } .notes { color: #8a5a00; } .error { color: #c62828; white-space: pre-wrap; }
details { margin: 0.5rem 0; } nav a { margin-right: 0.8rem; }
`;

const text = (value: unknown) => escapeXml(String(value));

function cell(value: Cell): string {
  if (value === null) return '<td>–</td>';
  return typeof value === 'number' ? `<td class="number">${text(value)}</td>` : `<td>${text(value)}</td>`;
}

function tableHtml(table: Table): string {
  const head = `<tr>${table.columns.map((column) => `<th>${text(column)}</th>`).join('')}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  return `<h3>${text(table.title)}</h3>\n<table>\n${head}\n${body}\n</table>`;
}

function settingsHtml(settings: Record<string, unknown>): string {
  const rows = Object.entries(settings).map(
    ([name, value]) =>
      `<tr><th>${text(name)}</th><td>${text(typeof value === 'string' ? value : JSON.stringify(value))}</td></tr>`,
  );
  return `<details open><summary>Settings</summary><table>${rows.join('')}</table></details>`;
}

async function sectionHtml(question: Question, results: Results, outDirectory: string): Promise<string> {
  const result = results.questions[question.id];
  const status = result?.status ?? 'pending';
  const parts = [
    `<section id="${question.id}" data-status="${status}">`,
    `<h2>${text(question.title)} <span class="status ${status}">${status === 'pending' ? 'not run' : status}</span></h2>`,
    `<p>${text(question.summary)}.</p>`,
  ];
  if (result !== undefined && status !== 'pending') {
    const seconds = result.seconds === undefined ? '' : `, ${result.seconds.toFixed(1)} s`;
    parts.push(
      `<p>Profile <b>${text(result.profile)}</b>, seed ${result.seed}, backend ${text(result.backend)}${seconds}.</p>`,
    );
  }
  if (result?.reason) parts.push(`<p class="${status === 'failed' ? 'error' : 'notes'}">${text(result.reason)}</p>`);
  const output = result?.output;
  if (output) {
    for (const note of output.notes) parts.push(`<p class="notes">${text(note)}</p>`);
    parts.push(settingsHtml(output.settings));
    for (const table of output.tables) parts.push(tableHtml(table));
    for (const { title, path } of output.figures) {
      const uri = await imageDataUri(join(outDirectory, path));
      parts.push(
        uri === null
          ? `<p class="notes">Figure missing: ${text(path)}</p>`
          : `<figure><img src="${uri}" alt="${text(title)}"><figcaption>${text(title)}</figcaption></figure>`,
      );
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

export async function renderReport(results: Results, outDirectory: string): Promise<string> {
  const { environment } = results;
  const sections = await Promise.all(QUESTIONS.map((question) => sectionHtml(question, results, outDirectory)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hw7: the homework's results</title>
<style>${STYLE}</style>
</head>
<body>
<h1>hw7: the homework's results</h1>
<p>Updated ${text(results.updatedAt)} · Node ${text(environment.node)} on ${text(environment.platform)},
${environment.cpus} CPUs, load average ${environment.loadAverage.toFixed(2)} at the start ·
backend <b>${text(environment.backend.name)}</b>: ${text(environment.backend.reason)}</p>
<nav>${QUESTIONS.map((question) => `<a href="#${question.id}">${question.id.toUpperCase()}</a>`).join('')}</nav>
${sections.join('\n')}
</body>
</html>
`;
}
