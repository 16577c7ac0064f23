import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      /tiny\.tsv: no column "review" \(text\); the header has: set, product, category, review_id, sentiment, score_sum, sentence$/,
    );
    await expect(
      loadLabeledTable(fixture('tiny.tsv'), { text: 'sentence', tasks: { topic: 'topic' } }),
    ).rejects.toThrow(/no column "topic" \(task "topic"\)/);
  });

  it('reports an empty text with its line number', () => {
    expect(() => parseLabeledTable('text,label\nfine,a\n  ,b\n', { text: 'text', tasks: { t: 'label' } })).toThrow(
      'table: line 3: empty text in column "text"',
    );
  });

  it('a wrong line number (regression, issue #24 case 9): a row names the line it starts on, after quoted line breaks and CRLF', () => {
    const options = { text: 'text', tasks: { t: 'label' } };
    // csv-parse counts the lines up to a record's end: these said line 4 and line 5.
    expect(() => parseLabeledTable('text,label\n"\n\n",x\n', options)).toThrow('table: line 2: empty text');
    expect(() => parseLabeledTable('text,label\r\n"a\r\nb",x\r\n  ,b\r\n', options)).toThrow(
      'table: line 4: empty text',
    );
    expect(() => parseLabeledTable('text,label\r\r"a\rb",x\r\r  ,b\r', options)).toThrow('table: line 6: empty text');
    expect(() => parseLabeledTable('text\tlabel\n\nok\ta\n\tb\n', { ...options, delimiter: '\t' })).toThrow(
      'table: line 4: empty text',
    );
  });

  it('shortens long values and lists in messages (issue #24 case 9: long bad values were echoed whole)', () => {
    const long = 'x'.repeat(100_000);
    const options = {
      text: 'text',
      tasks: { t: { column: 'label', labels: ['a', 'b'], onUnknown: 'error' as const } },
    };
    const message = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const unknown = message(() => parseLabeledTable(`text,label\nfine,${long}\n`, options));
    expect(unknown).toMatch(/^table: line 2: unknown label "x{60}\.\.\." \(100,000 characters\) for task "t"/);
    const manyColumns = Array.from({ length: 500 }, (_, i) => `c${i}`).join(',');
    const missing = message(() => parseLabeledTable(`${manyColumns}\n${manyColumns}\n`, options));
    expect(missing).toMatch(/the header has: c0, c1, .*, c19, \.\.\. \(500 in all\)$/);
    expect(missing.length).toBeLessThan(400);
  });

  it('refuses a NUL character, naming its line (found by fuzzing: csv-parse took a NUL after a closing quote into the field)', () => {
    const options = { text: 'text', tasks: { t: 'label' }, group: 'group' };
    expect(() => parseLabeledTable('text,label,group\n"a","pos","r 3"\u0000\n', options)).toThrow(
      'table: line 2: holds a NUL character',
    );
  });

  it('names the file of a UTF-16 table and drops a UTF-8 byte-order mark', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mtl-table-'));
    try {
      const utf16 = join(directory, 'utf16.csv');
      await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('text,label\nok,a\n', 'utf16le')]));
      await expect(loadLabeledTable(utf16, { text: 'text', tasks: { t: 'label' } })).rejects.toThrow(
        `${utf16}: is UTF-16 text`,
      );
      const bom = join(directory, 'bom.tsv');
      await writeFile(bom, '\ufefftext\tlabel\nok\ta\n');
      expect((await loadLabeledTable(bom, { text: 'text', tasks: { t: 'label' } })).texts).toEqual(['ok']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects a task without any labelled row', () => {
    expect(() =>
      parseLabeledTable('text,label\nx,none\ny,\n', {
        text: 'text',
        tasks: { t: { column: 'label', labels: ['neg', 'pos'] } },
      }),
    ).toThrow('table: task "t" has no labelled rows (column "label", labels: neg, pos)');
  });

  it("rejects labels outside the task's labels when asked to", () => {
    const options = {
      text: 'text',
      tasks: { sentiment: { column: 'label', labels: ['neg', 'pos'], onUnknown: 'error' as const } },
    };
    expect(() => parseLabeledTable('text,label\nx,pos\ny,meh\n', options)).toThrow(
      'table: line 3: unknown label "meh" for task "sentiment" (known: neg, pos)',
    );
  });

  it('reports malformed rows and an empty filter result', () => {
    expect(() => parseLabeledTable('text,label\nx,a,extra\n', { text: 'text', tasks: { t: 'label' } })).toThrow(
      'table: line 2: has 3 fields; the header (line 1) has 2',
    );
    expect(() =>
      parseLabeledTable('text,label\nx,a\n', { text: 'text', tasks: { t: 'label' }, filter: { label: ['b'] } }),
    ).toThrow('table: no data rows pass the filter');
  });
});
