// Fuzz tests of the text and JSON helpers: any JSON value round-trips (with or without a byte-order
// mark), any damaged JSON parses to what JSON.parse says or fails naming the file, and any bytes
// read back as their UTF-8 text or fail naming the file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, fuzzParameters, mutatedBytes } from '../../test/fuzz-support.js';
import { parseJson, readJsonFile, readTextFile } from './text-files.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-text-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('JSON helpers under fuzzing', () => {
  it('round-trip any JSON text, with or without a byte-order mark', () => {
    fc.assert(
      fc.property(fc.json(), fc.boolean(), (json, bom) => {
        expect(parseJson(bom ? `\uFEFF${json}` : json, 'study.json')).toEqual(JSON.parse(json));
      }),
      fuzzParameters(5),
    );
  });

  it('parse damaged JSON exactly as JSON.parse does, or fail with a SyntaxError naming the file', () => {
    fc.assert(
      fc.property(
        fc.json().chain((json) => mutatedBytes(encoder.encode(json))),
        (bytes) => {
          const text = decoder.decode(bytes);
          let expected: unknown;
          let valid = true;
          try {
            expected = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
          } catch {
            valid = false;
          }
          if (valid) {
            expect(parseJson(text, 'study.json')).toEqual(expected);
          } else {
            expect(() => parseJson(text, 'study.json')).toThrow(SyntaxError);
            try {
              parseJson(text, 'study.json');
            } catch (error) {
              expect((error as Error).message).toMatch(/^study\.json: invalid JSON/);
            }
          }
        },
      ),
      fuzzParameters(5),
    );
  });

  it('read damaged JSON files: a value, or an error naming the file', async () => {
    const path = join(directory, 'trials.json');
    await fc.assert(
      fc.asyncProperty(
        fc.json().chain((json) => mutatedBytes(encoder.encode(json))),
        async (bytes) => {
          await writeFile(path, bytes);
          try {
            await readJsonFile(path);
          } catch (error) {
            expectCleanError(error, path);
          }
        },
      ),
      fuzzParameters(),
    );
  });
});

describe('readTextFile under fuzzing', () => {
  it('reads any bytes as their UTF-8 text without a leading byte-order mark, or refuses UTF-16 naming the file', async () => {
    const path = join(directory, 'table.tsv');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.boolean(), async (body, bom) => {
        const bytes = bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body;
        await writeFile(path, bytes);
        const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
        try {
          const text = await readTextFile(path);
          expect(utf16).toBe(false);
          const decoded = Buffer.from(bytes).toString('utf8');
          expect(text).toBe(decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded);
        } catch (error) {
          expect(utf16).toBe(true);
          expectCleanError(error, path);
        }
      }),
      fuzzParameters(),
    );
  });
});
