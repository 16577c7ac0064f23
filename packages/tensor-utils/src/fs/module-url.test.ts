import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleUrl } from './module-url.js';

describe('moduleUrl', () => {
  it('keeps URLs and resolves paths against the working directory', () => {
    expect(moduleUrl('file:///srv/objective.js')).toBe('file:///srv/objective.js');
    expect(moduleUrl('data:text/javascript,export const x = 1')).toBe('data:text/javascript,export const x = 1');
    expect(moduleUrl(new URL('file:///srv/a.js'))).toBe('file:///srv/a.js');
    expect(moduleUrl('./objective.js')).toBe(pathToFileURL(resolve('objective.js')).href);
    expect(moduleUrl('/srv/objective.js')).toBe('file:///srv/objective.js');
  });
});
