// Figures go into the report as data: URIs so the page is one self-contained file.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

const MEDIA_TYPES: Readonly<Record<string, string>> = { '.png': 'image/png', '.svg': 'image/svg+xml' };

/** The file as a data: URI, or null when it is missing or not an image the report knows. */
export async function imageDataUri(path: string): Promise<string | null> {
  const mediaType = MEDIA_TYPES[extname(path).toLowerCase()];
  if (mediaType === undefined || !existsSync(path)) return null;
  return `data:${mediaType};base64,${(await readFile(path)).toString('base64')}`;
}
