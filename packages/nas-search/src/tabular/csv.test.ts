import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from './csv.js';

const fieldsOf = (text: string) => parseCsv(text).map(({ fields }) => fields);

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes and CRLF, skipping blank lines', () => {
    expect(fieldsOf('a,b\r\n"x,1","say ""hi"""\r\n\r\n3,\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['3', ''],
    ]);
    expect(fieldsOf(`${csvField('a,"b"')},2`)).toEqual([['a,"b"', '2']]);
  });

  it('gives the line each row starts on, counting line breaks inside quoted fields', () => {
    expect(parseCsv('h\n\n"a\nb"\r\nc\rd\n').map(({ line }) => line)).toEqual([1, 3, 5, 6]);
  });

  it('refuses an unclosed quote, naming the line it opened on', () => {
    expect(() => parseCsv('a\n"abc\n\n', 'x.csv')).toThrow('a quoted field is not closed (x.csv, line 2)');
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('a\n"ab"c,1\n')).toThrow(/^text after a closing quote \(CSV text, line 2\)/);
  });
});
