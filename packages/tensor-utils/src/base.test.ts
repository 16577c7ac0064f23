import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as base from './base.js';
import * as dev from './dev.js';
import * as main from './index.js';

const sourceDir = dirname(fileURLToPath(import.meta.url));

/** Every module `file` imports at run time (type-only imports excluded), transitively. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(file, 'utf8');
  for (const [, specifier] of text.matchAll(/^(?:import|export) (?!type )[^;]*? from '([^']+)';/gms)) {
    if (!specifier || seen.has(specifier)) continue;
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (seen.has(target)) continue;
      seen.add(target);
      runtimeImports(target, seen);
    } else {
      seen.add(specifier);
    }
  }
  return seen;
}

describe('@hw7/tensor-utils/base', () => {
  it('loads no TensorFlow.js module, directly or through its imports', () => {
    // The main entry does load it, which shows the scan finds it.
    expect([...runtimeImports(join(sourceDir, 'index.ts'))]).toContain('@tensorflow/tfjs');
    const imports = [...runtimeImports(join(sourceDir, 'base.ts'))];
    expect(imports.filter((name) => name.includes('@tensorflow') || name.endsWith('/tf.ts'))).toEqual([]);
  });

  it('exports the same objects as the main entry', () => {
    const mainExports = new Map(Object.entries(main));
    for (const [name, value] of Object.entries(base)) expect(mainExports.get(name), name).toBe(value);
  });
});

describe('@hw7/tensor-utils/dev', () => {
  it('loads no TensorFlow.js module', () => {
    const imports = [...runtimeImports(join(sourceDir, 'dev.ts'))];
    expect(imports.filter((name) => name.includes('@tensorflow') || name.endsWith('/tf.ts'))).toEqual([]);
  });

  it('holds the development tools, which the main entry and ./base no longer export', () => {
    expect(Object.keys(dev).sort()).toEqual([
      'REFERENCE_PYTHON',
      'REPORT_TFJS_LOADED',
      'SHARED_DIR_ENV_VAR',
      'benchLine',
      'findReferenceScripts',
      'findSharedDirectory',
      'integerFromEnv',
      'round',
      'runCommand',
      'runPythonReference',
      'timeIt',
      'waitFor',
    ]);
    for (const name of Object.keys(dev)) {
      expect(name in main, name).toBe(false);
      expect(name in base, name).toBe(false);
    }
  });
});
