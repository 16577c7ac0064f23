// Fuzz tests of PNG decoding: any RGBA image round-trips, and damaged PNG bytes decode to an image
// of the size its header states or fail with an error naming the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCleanError, fuzzParameters, mutatedBytes } from '../../test/fuzz-support.js';
import { decodePng, encodePng, type RgbaImage } from './png-grid.js';

const image: fc.Arbitrary<RgbaImage> = fc
  .record({ width: fc.integer({ min: 1, max: 6 }), height: fc.integer({ min: 1, max: 6 }) })
  .chain(({ width, height }) =>
    fc
      .uint8Array({ minLength: width * height * 4, maxLength: width * height * 4 })
      .map((rgba) => ({ width, height, rgba })),
  );

describe('PNG decoding under fuzzing', () => {
  it('round-trips any RGBA image', () => {
    fc.assert(
      fc.property(image, (picture) => {
        expect(decodePng(encodePng(picture), 'fuzz.png')).toEqual(picture);
      }),
      fuzzParameters(2),
    );
  });

  it('decodes damaged bytes to a whole image, or names the file', () => {
    fc.assert(
      fc.property(
        image.chain((picture) => mutatedBytes(encodePng(picture))),
        (bytes) => {
          let decoded: RgbaImage;
          try {
            decoded = decodePng(bytes, 'fuzz.png');
          } catch (error) {
            expectCleanError(error, 'fuzz.png');
            return;
          }
          expect(decoded.rgba.length).toBe(decoded.width * decoded.height * 4);
        },
      ),
      fuzzParameters(5),
    );
  });
});
