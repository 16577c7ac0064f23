// Stand-ins for the eight questions that finish in milliseconds: each writes a small PNG and an SVG
// figure and a table, so the runner and the report can be tested without training anything.
import { join } from 'node:path';
import { encodePng, linePlotSvg, writeFileAtomic } from '@hw7/tensor-utils';
import { figure, type Question, type QuestionContext, type QuestionId } from '../src/questions/question.js';
import { QUESTIONS } from '../src/questions/registry.js';

/** A 16x16 gradient as a PNG: small, but something a browser must decode to show. */
function gradientPng(): Buffer {
  const size = 16;
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([(i % size) * 16, Math.floor(i / size) * 16, 128, 255], i * 4);
  return encodePng({ width: size, height: size, rgba: data });
}

async function fakeRun(context: QuestionContext) {
  const png = join(context.directory, 'grid.png');
  const svg = join(context.directory, 'curve.svg');
  await writeFileAtomic(png, gradientPng());
  await writeFileAtomic(
    svg,
    linePlotSvg({
      title: 'loss',
      series: [
        {
          name: 'loss',
          points: [
            [1, 2],
            [2, 1],
            [3, 0.5],
          ],
        },
      ],
    }),
  );
  return {
    settings: { steps: 3, seed: context.seed },
    metrics: { loss: 0.5 },
    tables: [{ key: 'scores', title: 'Scores', columns: ['metric', 'value'], rows: [['loss', 0.5]] }],
    figures: [figure(context, png, 'grid', 'A grid'), figure(context, svg, 'curve', 'A curve')],
    notes: [],
  };
}

/**
 * The real questions' ids, titles and answers with fake work (whose metrics the answers cannot read);
 * `failing` throws, `skipped` reports a missing data set, `during` runs inside each question's run.
 */
export function fakeQuestions({
  failing,
  skipped,
  during,
}: {
  failing?: QuestionId;
  skipped?: QuestionId;
  during?: (context: QuestionContext) => Promise<void>;
} = {}): Question[] {
  return (QUESTIONS as readonly Question[]).map((question) => ({
    ...question,
    skipReason: question.id === skipped ? () => 'the fake data set is missing' : undefined,
    run: async (context: QuestionContext) => {
      const output = await fakeRun(context);
      await during?.(context);
      if (question.id === failing) throw new Error('fake failure');
      return output;
    },
  }));
}
