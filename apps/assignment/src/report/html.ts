// report.html: the homework answered, as one self-contained page (figures embedded as data: URIs)
// rendered from results.json and the figure files. A contents list gives each question's one-line
// conclusion; each question's section answers its sub-questions in the homework's order (method,
// this run's evidence, conclusion), cites its sources, and folds the lab details (settings, every
// table and figure, notes) away. Prints to A4 from Chromium.
import { join } from 'node:path';
import { escapeXml } from '@hw7/tensor-utils/base';
import { type Answer, type Evidence, type SubQuestion, subQuestionLabel } from '../answers/answer.js';
import type { Prose, Segment } from '../answers/prose.js';
import type { Cell, Figure, Question, QuestionOutput, Table } from '../questions/question.js';
import { QUESTIONS } from '../questions/registry.js';
import type { QuestionResult, Results } from '../results.js';
import { imageDataUri } from './data-uri.js';
import { STYLE } from './style.js';

export const REPORT_FILE = 'report.html';

const text = (value: unknown) => escapeXml(String(value));

function segmentHtml(segment: Segment, question: Question): string {
  switch (segment.kind) {
    case 'text':
      return text(segment.text);
    case 'number':
      return `<span class="num" data-source="${segment.source}">${text(segment.text)}</span>`;
    case 'code':
      return `<code>${text(segment.text)}</code>`;
    case 'math':
      return `<span class="math">${text(segment.text)}</span>`;
    case 'cite': {
      const index = question.references.findIndex((reference) => reference.key === segment.key);
      if (index < 0) throw new Error(`${question.id}: no reference '${segment.key}' to cite`);
      return `<a class="cite" href="#ref-${question.id}-${segment.key}">[${index + 1}]</a>`;
    }
  }
}

/** Prose as HTML: numbers marked with their source, names as code, citations as links to the list. */
export function proseHtml(prose: Prose, question: Question): string {
  return prose.map((segment) => segmentHtml(segment, question)).join('');
}

function cell(value: Cell): string {
  if (value === null) return '<td>–</td>';
  return typeof value === 'number' ? `<td class="number">${text(value)}</td>` : `<td>${text(value)}</td>`;
}

function tableHtml(table: Table): string {
  const head = `<tr>${table.columns.map((column) => `<th>${text(column)}</th>`).join('')}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  return `<div class="table" data-table="${text(table.key)}"><p class="table-title">${text(table.title)}</p>\n<table>\n${head}\n${body}\n</table></div>`;
}

async function figureHtml(figure: Figure, outDirectory: string): Promise<string> {
  const uri = await imageDataUri(join(outDirectory, figure.path));
  if (uri === null) return `<p class="notes">Figure missing: ${text(figure.path)}</p>`;
  const source =
    figure.shipped === undefined
      ? '<span class="source run">this run</span>'
      : `<span class="source shipped">shipped weights</span>`;
  const made =
    figure.shipped === undefined
      ? ''
      : ` Drawn from weights shipped with the package, made by <code>${text(figure.shipped)}</code>.`;
  return `<figure data-figure="${text(figure.key)}"><img src="${uri}" alt="${text(figure.title)}"><figcaption>${source} ${text(figure.title)}.${made}</figcaption></figure>`;
}

function settingsHtml(settings: Record<string, unknown>): string {
  const rows = Object.entries(settings).map(
    ([name, value]) =>
      `<tr><th>${text(name)}</th><td>${text(typeof value === 'string' ? value : JSON.stringify(value))}</td></tr>`,
  );
  return `<p class="table-title">Settings</p><table class="settings">${rows.join('')}</table>`;
}

/** The evidence of a question's completed run, or undefined when it has none. */
function evidenceOf(result: QuestionResult | undefined): Evidence<unknown> | undefined {
  const completed = result?.completed;
  if (completed === undefined) return undefined;
  const { output, profile } = completed;
  return {
    metrics: output.metrics,
    settings: output.settings,
    profile,
    figures: output.figures,
    tables: output.tables,
  };
}

function statusLine(question: Question, result: QuestionResult | undefined): string {
  const status = result?.status ?? 'pending';
  const completed = result?.completed;
  const parts: string[] = [];
  if (completed) {
    const when = completed.startedAt ? `, started ${text(completed.startedAt)}` : '';
    parts.push(
      `Results of the <b>${text(completed.profile)}</b> profile, seed ${completed.seed}, backend ${text(completed.backend)}, ${completed.seconds.toFixed(1)} s${when}.`,
    );
  }
  if (status === 'running' || status === 'pending') {
    parts.push(
      completed
        ? 'A rerun is in progress; the results below are the earlier run’s until it completes.'
        : `Not run yet: <code>hw7 ${question.id}</code> runs it.`,
    );
  }
  if (status === 'failed' || status === 'skipped') {
    const what = status === 'failed' ? 'The latest run failed' : 'The latest run was skipped';
    parts.push(
      `<span class="${status === 'failed' ? 'error' : 'notes'}">${what}: ${text(result?.reason ?? 'no reason given')}.</span>`,
    );
    if (completed) parts.push('The results below are from the earlier run that completed.');
  }
  return `<p class="run-line">${parts.join(' ')}</p>`;
}

function safeAnswer(subQuestion: SubQuestion<unknown>, evidence: Evidence<unknown>): Answer | Error {
  try {
    return subQuestion.answer(evidence);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function subQuestionHtml(
  question: Question,
  subQuestion: SubQuestion<unknown>,
  evidence: Evidence<unknown> | undefined,
  outDirectory: string,
  shown: Set<string>,
): Promise<string> {
  const paragraphs = (items: readonly Prose[], className: string) =>
    items.map((item) => `<p class="${className}">${proseHtml(item, question)}</p>`).join('\n');
  const parts = [
    `<article class="subquestion" id="answer-${subQuestion.id}" data-subquestion="${subQuestion.id}">`,
    `<h3>${subQuestionLabel(subQuestion.id)}</h3>`,
    `<blockquote class="asks">${text(subQuestion.asks)}</blockquote>`,
    '<div class="answer">',
    '<h4>How it works</h4>',
    paragraphs(subQuestion.method, 'method'),
  ];
  const answer = evidence === undefined ? undefined : safeAnswer(subQuestion, evidence);
  parts.push('<h4>This run</h4>');
  if (answer === undefined) {
    parts.push('<p class="evidence notes">No completed run of this question in this report yet.</p>');
  } else if (answer instanceof Error) {
    parts.push(
      `<p class="evidence error">This answer could not be built from results.json (an older format?): ${text(answer.message)}. Rerun <code>hw7 ${question.id}</code>.</p>`,
    );
  } else {
    parts.push(paragraphs(answer.evidence, 'evidence'));
    for (const key of answer.tables ?? []) {
      const table = evidence?.tables.find((candidate) => candidate.key === key);
      if (table) {
        parts.push(tableHtml(table));
        shown.add(`table:${key}`);
      }
    }
    for (const key of answer.figures ?? []) {
      const figure = evidence?.figures.find((candidate) => candidate.key === key);
      if (figure) {
        parts.push(await figureHtml(figure, outDirectory));
        shown.add(`figure:${key}`);
      }
    }
    parts.push(`<p class="conclusion"><strong>Conclusion.</strong> ${proseHtml(answer.conclusion, question)}</p>`);
  }
  for (const deviation of subQuestion.deviations ?? []) {
    parts.push(
      `<p class="deviation"><strong>Differs from the homework.</strong> ${proseHtml(deviation, question)}</p>`,
    );
  }
  parts.push('</div>', '</article>');
  return parts.join('\n');
}

async function labDetailsHtml(output: QuestionOutput, outDirectory: string, shown: Set<string>): Promise<string> {
  const parts = ['<details class="lab"><summary>Lab details: settings, every table and figure, notes</summary>'];
  for (const note of output.notes) parts.push(`<p class="notes">${text(note)}</p>`);
  parts.push(settingsHtml(output.settings));
  for (const table of output.tables) if (!shown.has(`table:${table.key}`)) parts.push(tableHtml(table));
  for (const figure of output.figures) {
    if (!shown.has(`figure:${figure.key}`)) parts.push(await figureHtml(figure, outDirectory));
  }
  parts.push('</details>');
  return parts.join('\n');
}

function referencesHtml(question: Question): string {
  if (question.references.length === 0) return '';
  const items = question.references.map(
    (reference) => `<li id="ref-${question.id}-${reference.key}">${text(reference.text)}</li>`,
  );
  return `<h3 class="references-title">References</h3>\n<ol class="references">${items.join('')}</ol>`;
}

function statusBadge(result: QuestionResult | undefined): string {
  const status = result?.status ?? 'pending';
  return `<span class="status ${status}">${status === 'pending' ? 'not run' : status}</span>`;
}

async function sectionHtml(question: Question, results: Results, outDirectory: string): Promise<string> {
  const result = results.questions[question.id];
  const evidence = evidenceOf(result);
  const parts = [
    `<section class="question" id="${question.id}" data-status="${result?.status ?? 'pending'}">`,
    `<h2>${text(question.title)} ${statusBadge(result)}</h2>`,
    statusLine(question, result),
  ];
  const shown = new Set<string>();
  for (const subQuestion of question.subQuestions) {
    parts.push(await subQuestionHtml(question, subQuestion, evidence, outDirectory, shown));
  }
  parts.push(referencesHtml(question));
  const output = result?.completed?.output;
  if (output) parts.push(await labDetailsHtml(output, outDirectory, shown));
  parts.push('</section>');
  return parts.join('\n');
}

function headlineHtml(question: Question, result: QuestionResult | undefined): string {
  const output = result?.completed?.output;
  if (output === undefined) return '<span class="notes">no results yet</span>';
  try {
    return proseHtml(question.headline(output.metrics), question);
  } catch (error) {
    return `<span class="error">${text(error instanceof Error ? error.message : error)}</span>`;
  }
}

function contentsHtml(results: Results): string {
  const items = QUESTIONS.map((question) => {
    const result = results.questions[question.id];
    const links = question.subQuestions
      .map((sub) => `<a href="#answer-${sub.id}">${subQuestionLabel(sub.id)}</a>`)
      .join(' ');
    return `<li><a href="#${question.id}"><b>${text(question.title)}</b></a> ${statusBadge(result)}<br><span class="headline">${headlineHtml(question, result)}</span><br><span class="sublinks">${links}</span></li>`;
  });
  return `<nav id="contents"><h2>Contents</h2><ol>${items.join('\n')}</ol></nav>`;
}

function runSummary(results: Results): string {
  const { environment } = results;
  const profiles = [
    ...new Set(
      Object.values(results.questions).flatMap((result) => (result?.completed ? [result.completed.profile] : [])),
    ),
  ];
  const seconds = Object.values(results.questions).reduce((sum, result) => sum + (result?.completed?.seconds ?? 0), 0);
  return `<p class="run-summary">Updated ${text(results.updatedAt)}. Profile ${text(profiles.join(' and ') || 'none yet')}; the questions took ${(seconds / 60).toFixed(1)} minutes.
Node ${text(environment.node)} on ${text(environment.platform)}, ${environment.cpus} CPUs, load average ${environment.loadAverage.toFixed(2)} at the start of the last run;
backend <b>${text(environment.backend.name)}</b>: ${text(environment.backend.reason)}.
Every number in the answers comes from <code>results.json</code> of this run, unless marked as the homework’s own (<span class="num" data-source="homework">like this</span>) or as a constant of a method or of the analysis (<span class="num" data-source="paper">like this</span>).
Figures are from this run unless labelled <span class="source shipped">shipped weights</span>.</p>`;
}

export async function renderReport(results: Results, outDirectory: string): Promise<string> {
  const sections = await Promise.all(QUESTIONS.map((question) => sectionHtml(question, results, outDirectory)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hw7: the homework, answered</title>
<style>${STYLE}</style>
</head>
<body>
<h1>hw7: the homework, answered</h1>
${runSummary(results)}
${contentsHtml(results)}
${sections.join('\n')}
</body>
</html>
`;
}
