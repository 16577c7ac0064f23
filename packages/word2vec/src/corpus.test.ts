import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { suiteDirectory } from '../test/support.js';
import { checkCorpusFiles } from './corpus.js';

const dir = suiteDirectory('w2v-corpus-');

describe('checkCorpusFiles', () => {
  it('accepts UTF-8 text, plain or gzipped, with a byte-order mark or a multi-byte character cut at 64 KiB', async () => {
    const plain = join(dir, 'plain.txt');
    // 'é' is two bytes: the 64 KiB the check reads end inside one.
    await writeFile(plain, `\ufeff${'a'.repeat((64 << 10) - 4)}${'é'.repeat(10)}`);
    const gzipped = join(dir, 'gzipped.txt.gz');
    await writeFile(gzipped, gzipSync('naïve café\n'.repeat(20_000)));
    await expect(checkCorpusFiles([plain, gzipped])).resolves.toBeUndefined();
  });

  it('refuses a device such as /dev/zero (a pass over it would never end) and a directory (issue #24)', async () => {
    await expect(checkCorpusFiles(['/dev/zero'])).rejects.toThrow(
      '/dev/zero: is not a regular file (a device, pipe or socket); a corpus file is read once per epoch, so it must be a file',
    );
    await expect(checkCorpusFiles([dir])).rejects.toThrow(`${dir}: is not a regular file (a directory)`);
    await expect(checkCorpusFiles([join(dir, 'missing.txt')])).rejects.toThrow(
      `cannot read the corpus file ${join(dir, 'missing.txt')}: no such file or directory (ENOENT)`,
    );
  });

  it('refuses a binary file as corpus, plain or gzipped (issue #24)', async () => {
    const binary = join(dir, 'vectors.bin');
    await writeFile(binary, Buffer.concat([Buffer.from('3 2\nthe '), Buffer.from(new Float32Array([1, 0]).buffer)]));
    await expect(checkCorpusFiles([binary])).rejects.toThrow(`${binary}: is binary, not text (a NUL byte at offset 8)`);
    const gzipped = join(dir, 'zeros.gz');
    await writeFile(gzipped, gzipSync(Buffer.alloc(1 << 20)));
    await expect(checkCorpusFiles([gzipped])).rejects.toThrow(
      `${gzipped}: is binary, not text (a NUL byte at offset 0)`,
    );
  });

  it('refuses Latin-1 text, which would be read into wrong words', async () => {
    const latin1 = join(dir, 'latin1.txt');
    await writeFile(latin1, Buffer.from('un café naïf\n', 'latin1'));
    await expect(checkCorpusFiles([latin1])).rejects.toThrow(
      `${latin1}: is not UTF-8 text (an invalid byte sequence in its first 64 KiB); convert it, e.g. iconv -f latin1 -t utf-8`,
    );
  });
});
