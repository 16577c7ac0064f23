import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupKey, loadLabeledTable, parseLabeledTable } from './table.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/data/${name}`, import.meta.url));

describe('loadLabeledTable', () => {
  it('reads a TSV with partial labels, a sorted label set and multi-column groups', async () => {
    const table = await loadLabeledTable(fixture('tiny.tsv'), {
      text: 'sentence',
      tasks: { sentiment: { column: 'sentiment', labels: ['neg', 'pos'] }, category: 'category' },
      group: ['product', 'review_id'],
    });
    expect(table.texts).toHaveLength(10);
    // A lone '"' token is text, not a quote.
    expect(table.texts[2]).toBe('the battery life is " poor " .');
    const [sentiment, category] = table.tasks;
    expect(sentiment).toMatchObject({ name: 'sentiment', column: 'sentiment', labels: ['neg', 'pos'] });
    // 'none' and 'mixed' are outside the given labels: unlabelled.
    expect([...sentiment.y]).toEqual([1, -1, 0, 1, 1, -1, 0, 1, 1, 0]);
    expect(category.labels).toEqual(['camera', 'mp3_player', 'phone']);
    expect([...category.y]).toEqual([0, 0, 0, 0, 2, 2, 2, 1, 1, 1]);
    expect(table.groups[0]).toBe('["cam_a","1"]');
    expect(groupKey(['cam_a', '1'])).toBe(table.groups[0]);
    expect(groupKey(['1'])).toBe(groupKey('1'));
    expect(new Set(table.groups).size).toBe(6);
  });

  it('filters rows by column values', async () => {
    const table = await loadLabeledTable(fixture('tiny.tsv'), {
      text: 'sentence',
      tasks: { sentiment: 'sentiment' },
      filter: { sentiment: ['pos', 'neg'] },
      group: 'review_id',
    });
    expect(table.texts).toHaveLength(8);
    expect(table.tasks[0].labels).toEqual(['neg', 'pos']);
    expect(table.groups).toEqual(['1', '2', '2', '1', '2', '1', '1', '2']);
  });

  it('reads an RFC 4180 CSV: quoted delimiters, doubled quotes, line breaks and empty labels', async () => {
    const table = await loadLabeledTable(fixture('tiny.csv'), {
      text: 'text',
      tasks: { sentiment: 'sentiment', topic: 'topic' },
    });
    expect(table.texts).toEqual([
      'great camera, sharp pictures',
      'the manual says "read me" first',
      'battery died\nafter a week',
      'love it',
      'screen cracked, returned it',
    ]);
    expect([...table.tasks[0].y]).toEqual([1, -1, 0, 1, 0]);
    expect(table.groups).toEqual(['0', '1', '2', '3', '4']);
  });

  it('names a missing column and lists the header', async () => {
    await expect(
      loadLabeledTable(fixture('tiny.tsv'), { text: 'review', tasks: { sentiment: 'sentiment' } }),
    ).rejects.toThrow(
      /no column 'review' \(text\); the header has: set, product, category, review_id, sentiment, score_sum, sentence/,
    );
    await expect(
      loadLabeledTable(fixture('tiny.tsv'), { text: 'sentence', tasks: { topic: 'topic' } }),
    ).rejects.toThrow(/no column 'topic' \(task 'topic'\)/);
  });

  it('reports an empty text with its line number', () => {
    expect(() => parseLabeledTable('text,label\nfine,a\n  ,b\n', { text: 'text', tasks: { t: 'label' } })).toThrow(
      "table: empty text in column 'text' at line 3",
    );
  });

  it('rejects a task without any labelled row', () => {
    expect(() =>
      parseLabeledTable('text,label\nx,none\ny,\n', {
        text: 'text',
        tasks: { t: { column: 'label', labels: ['neg', 'pos'] } },
      }),
    ).toThrow("task 't' has no labelled rows (column 'label', labels: neg, pos)");
  });

  it("rejects labels outside the task's labels when asked to", () => {
    const options = {
      text: 'text',
      tasks: { sentiment: { column: 'label', labels: ['neg', 'pos'], onUnknown: 'error' as const } },
    };
    expect(() => parseLabeledTable('text,label\nx,pos\ny,meh\n', options)).toThrow(
      "unknown label 'meh' for task 'sentiment' (known: neg, pos)",
    );
  });

  it('reports malformed rows and an empty filter result', () => {
    expect(() => parseLabeledTable('text,label\nx,a,extra\n', { text: 'text', tasks: { t: 'label' } })).toThrow(
      /^table: .*record length/i,
    );
    expect(() =>
      parseLabeledTable('text,label\nx,a\n', { text: 'text', tasks: { t: 'label' }, filter: { label: ['b'] } }),
    ).toThrow('table: no data rows pass the filter');
  });
});
