// The text the trainer reads: files (streamed, plain or gzipped) or any re-iterable source of lines,
// checked before the first pass, and the counting pass the vocabulary is built from.
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { FileError, fileError, readCorpus } from '@hw7/tensor-utils/base';
import { type Tokenizer, tokenize } from './tokenizer.js';

/**
 * Text to train on, one sentence (or paragraph) per line: a list of plain or gzip-compressed UTF-8
 * files, or any re-iterable source of lines, e.g. `{ lines: () => ['a b c', 'd e'] }`. It is read
 * once to build the vocabulary and once more per epoch, so `lines()` must start over on every call.
 */
export type CorpusSource = readonly string[] | { lines(): Iterable<string> | AsyncIterable<string> };

/** A fresh pass over the lines of `corpus`; files are streamed, never loaded whole. */
export function corpusLines(corpus: CorpusSource): Iterable<string> | AsyncIterable<string> {
  return isFileList(corpus) ? readCorpus(corpus) : corpus.lines();
}

function isFileList(corpus: CorpusSource): corpus is readonly string[] {
  return Array.isArray(corpus);
}

/** Throws unless `corpus` is a non-empty list of paths or an object with a `lines()` method. */
export function assertCorpusSource(corpus: unknown, caller: string): asserts corpus is CorpusSource {
  if (Array.isArray(corpus)) {
    if (corpus.length === 0 || !corpus.every((path) => typeof path === 'string')) {
      throw new TypeError(`${caller}: corpus must be a non-empty list of file paths or { lines() }`);
    }
  } else if (typeof (corpus as { lines?: unknown } | null)?.lines !== 'function') {
    throw new TypeError(`${caller}: corpus must be a list of file paths or an object with a lines() method`);
  }
}

/** How much of each corpus file (after decompression) is checked to be text. */
const SNIFF_BYTES = 64 << 10;
const GZIP_MAGIC = [0x1f, 0x8b];

/** The first `SNIFF_BYTES` bytes of `path`'s text, decompressed when it is gzipped. */
async function headOfText(path: string): Promise<Uint8Array> {
  const handle = await fs.open(path, 'r');
  let raw: Uint8Array;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    raw = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!GZIP_MAGIC.every((byte, i) => raw[i] === byte)) return raw;
  const chunks: Buffer[] = [];
  let length = 0;
  const gunzip = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= SNIFF_BYTES) break;
    }
  } catch {
    // A corrupt gzip stream is reported, naming the file, by the pass that reads it.
  } finally {
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}

/**
 * Refuses what cannot be a corpus before any pass reads it: a path that is not a regular file (a
 * device such as /dev/zero or a pipe never ends or cannot be read once per epoch), and a file whose
 * first 64 KiB (decompressed) hold a NUL byte (binary data) or are not UTF-8.
 */
export async function checkCorpusFiles(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const stats = await fs.stat(path).catch((error: unknown) => {
      throw fileError(error, path, 'read the corpus file');
    });
    if (!stats.isFile()) {
      throw new FileError(
        path,
        `${path}: is not a regular file (${stats.isDirectory() ? 'a directory' : 'a device, pipe or socket'}); ` +
          'a corpus file is read once per epoch, so it must be a file',
      );
    }
    const head = await headOfText(path).catch((error: unknown) => {
      throw fileError(error, path, 'read the corpus file');
    });
    const nul = head.indexOf(0);
    if (nul >= 0) {
      throw new FileError(path, `${path}: is binary, not text (a NUL byte at offset ${nul})`);
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      throw new FileError(
        path,
        `${path}: is not UTF-8 text (an invalid byte sequence in its first ${SNIFF_BYTES / 1024} KiB); convert it, e.g. iconv -f latin1 -t utf-8`,
      );
    }
  }
}

/** Word -> count in order of first appearance, and the number of tokens read. */
export interface TokenCounts {
  counts: Map<string, number>;
  tokens: number;
}

/** One pass over `corpus` (its files checked first), counting the tokens `tokenizer` gives. */
export async function countCorpusTokens(
  corpus: CorpusSource,
  tokenizer: Tokenizer = tokenize,
  caller = 'countCorpusTokens',
): Promise<TokenCounts> {
  assertCorpusSource(corpus, caller);
  if (typeof tokenizer !== 'function') throw new TypeError(`${caller}: tokenizer must be a function`);
  if (isFileList(corpus)) await checkCorpusFiles(corpus);
  // A Map iterates in insertion order, i.e. first appearance.
  const counts = new Map<string, number>();
  let tokens = 0;
  for await (const line of corpusLines(corpus)) {
    const lineTokens = tokenizer(line);
    tokens += lineTokens.length;
    for (const token of lineTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return { counts, tokens };
}
