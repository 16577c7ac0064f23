// The report rendered from a made-up results.json: every sub-question answered, the made-up numbers
// in the answers where they belong, and no number typed into an answer by hand.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../src/answers/answer.js';
import { HOMEWORK } from '../src/answers/homework-numbers.js';
import { hw, int, num, type Prose, pct, plainText, secs, small, strayDigits, times } from '../src/answers/prose.js';
import type { Question } from '../src/questions/question.js';
import { QUESTIONS } from '../src/questions/registry.js';
import { renderReport } from '../src/report/html.js';
import type { Results } from '../src/results.js';
import { MADE_UP_METRICS, writeMadeUpRun } from './made-up-results.js';

let out: string;
let results: Results;
let html: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'hw7-report-'));
  // Through a results.json file, as the report is rendered from one.
  await writeFile(join(out, 'results.json'), JSON.stringify(await writeMadeUpRun(out)));
  results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
  html = await renderReport(results, out);
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** The answer article of a sub-question, as HTML. */
function article(id: string): string {
  const start = html.indexOf(`<article class="subquestion" id="answer-${id}"`);
  expect(start, `no answer to ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</article>', start));
}

/** Text with tags removed and entities of the escaper decoded. */
const textOf = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");

const m = MADE_UP_METRICS;
/** Made-up numbers, formatted as the answers format them, and the answer that must show each. */
const EXPECTED: Array<[string, string[]]> = [
  [
    'q1a',
    [
      num(m.q1.tabular.rows[1]?.mean ?? 0, 2).text,
      num(m.q1.darts.derived, 3).text,
      num(m.q1.oneShot.ranking[0]?.accuracy ?? 0, 3).text,
    ],
  ],
  ['q1b', ['16, 20 and 28']],
  [
    'q2',
    [
      num(m.q2.variants[1]?.tau ?? 0, 2).text,
      times(m.q2.variants[6]?.saving ?? 0).text,
      int(m.q2.settings.trainLimit).text,
    ],
  ],
  ['q3a', [pct(m.q3.negativeShare).text, num(0.6311, 3).text, num(0.4137, 3).text]],
  ['q3b', [num(0.7077, 3).text, num(0.6837, 3).text]],
  ['q3c', [int(m.q3.vectors.words).text, pct(m.q3.vectors.coverage ?? 0).text, num(0.6911, 3).text]],
  ['q3d', [num(0.7419 + 0.0211, 3).text, num(1 - m.q3.negativeShare, 3).text]],
  ['q4a', [num(0.4123, 3).text, num(0.6419, 3).text]],
  ['q4b', [num(23.417, 1).text, num(37.913, 1).text, int(213_517).text]],
  ['q4c', [small(m.q4.adain.meanGap).text]],
  ['q4d', [num(m.q4.noise.stdOverNoise, 4).text]],
  ['q4e', [pct(m.q4.mixing.followsCoarse).text]],
  ['q5', [pct(m.q5.listing.adversarialNanShare).text, num(m.q5.listing.cycleGradientNorm).text]],
  ['q6a', [num(0.8417, 3).text]],
  ['q6b', [num(0.9173).text, hw(HOMEWORK.q6.bestWithoutPruning).text, m.q6.storage?.dashboardCommand ?? 'storage']],
  ['q6c', [int(14).text, secs(1.91).text, num(0.9617, 3).text]],
  [
    'q7',
    [num(m.q7.listing.epochLosses.at(-1) ?? 0, 3).text, num(m.q7.corpus.spearman, 3).text, 'q7/word2vec-homework.txt'],
  ],
  ['q8', [pct(m.q8.conditionalAccuracy).text, num(m.q8.frechetDistance, 1).text]],
];

describe('the report of a made-up run', () => {
  it('answers every sub-question with a method, this run’s evidence and a conclusion, and no error', () => {
    for (const question of QUESTIONS) {
      for (const sub of question.subQuestions) {
        const answer = article(sub.id);
        expect(answer, sub.id).toContain('<p class="method">');
        expect(answer, sub.id).toContain('<p class="evidence">');
        expect(answer, sub.id).toContain('<p class="conclusion">');
      }
    }
    expect(html).not.toContain('class="error"');
    expect(html).not.toContain('class="evidence error"');
  });

  it.each(EXPECTED)('%s shows its made-up numbers', (id, numbers) => {
    const text = textOf(article(id));
    for (const number of numbers) expect(text, `${id} should show ${number}`).toContain(number);
  });

  it('lists each question’s one-line conclusion in the contents, from the numbers', () => {
    const contents = textOf(html.slice(html.indexOf('<nav id="contents">'), html.indexOf('</nav>')));
    expect(contents).toContain(pct(m.q8.conditionalAccuracy).text);
    expect(contents).toContain(num(m.q4.generators[0]?.frechetDistance ?? 0, 1).text);
  });

  it('labels the figures drawn from shipped weights', () => {
    expect(textOf(article('q4e'))).toContain('shipped weights');
    expect(textOf(article('q4e'))).toContain('a made-up command');
  });
});

describe('no number in an answer is typed by hand', () => {
  const evidenceOf = (question: Question): Evidence<unknown> => {
    const output = results.questions[question.id]?.completed?.output;
    if (!output) throw new Error(`${question.id} has no made-up output`);
    return {
      metrics: output.metrics,
      settings: output.settings,
      profile: 'quick',
      figures: output.figures,
      tables: output.tables,
    };
  };

  it('literal text holds no digits: numbers come from the results, the homework or a cited paper', () => {
    const stray: string[] = [];
    const check = (where: string, prose: Prose) => {
      for (const token of strayDigits(prose)) stray.push(`${where}: “${token}” in “${plainText(prose).slice(0, 80)}…”`);
    };
    for (const question of QUESTIONS as readonly Question[]) {
      const evidence = evidenceOf(question);
      check(`${question.id} headline`, question.headline(evidence.metrics));
      for (const sub of question.subQuestions) {
        const answer = sub.answer(evidence);
        const parts: Array<[string, readonly Prose[]]> = [
          ['method', sub.method],
          ['deviation', sub.deviations ?? []],
          ['evidence', answer.evidence],
          ['conclusion', [answer.conclusion]],
        ];
        for (const [part, paragraphs] of parts) {
          for (const [i, prose] of paragraphs.entries()) check(`${sub.id} ${part} ${i}`, prose);
        }
      }
    }
    expect(stray).toEqual([]);
  });

  it('every answer’s evidence cites this run’s results', () => {
    for (const question of QUESTIONS as readonly Question[]) {
      const evidence = evidenceOf(question);
      for (const sub of question.subQuestions) {
        const segments = sub.answer(evidence).evidence.flat();
        const fromRun = segments.filter((s) => (s.kind === 'number' && s.source === 'run') || s.kind === 'code');
        expect(fromRun.length, sub.id).toBeGreaterThan(0);
      }
    }
  });

  it('a conclusion follows the numbers: the same answer says the opposite when they are opposite', () => {
    const q6 = (QUESTIONS as readonly Question[]).find((question) => question.id === 'q6') as Question;
    const q6c = q6.subQuestions.find((sub) => sub.id === 'q6c');
    const evidence = evidenceOf(q6);
    const metrics = structuredClone(evidence.metrics) as typeof MADE_UP_METRICS.q6;
    const conclusion = (value: typeof metrics) =>
      plainText(q6c?.answer({ ...evidence, metrics: value }).conclusion ?? []);
    expect(conclusion(metrics)).toContain('ran more trials in the same time');
    (metrics.studies[1] as { trials: number }).trials = 5;
    expect(conclusion(metrics)).toContain('ran no more trials than the study without it');
  });
});
