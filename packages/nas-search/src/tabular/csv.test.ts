import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes and CRLF, skipping blank lines', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi"""\r\n\r\n3,\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['3', ''],
    ]);
    expect(parseCsv(`${csvField('a,"b"')},2`)).toEqual([['a,"b"', '2']]);
  });

  it('refuses an unclosed quote', () => {
    expect(() => parseCsv('"abc')).toThrow(/quoted field is not closed/);
  });
});
