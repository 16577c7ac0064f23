// Modules named on a command line (an objective, an evaluator) are loaded with `import()`, which
// takes URLs: a URL (`file:`, `data:`, ...) stays as it is, a path is resolved against the working directory.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL `import()` needs for a module given as a path or a URL. */
export function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return URL.canParse(module) && /^[a-z][a-z\d+.-]+:/i.test(module) ? module : pathToFileURL(resolve(module)).href;
}
