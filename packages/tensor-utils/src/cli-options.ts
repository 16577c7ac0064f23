// Parsing of command-line option values shared by every hw7 command (node:util parseArgs gives
// strings): each error names the option and says what it expects.
import { BACKEND_NAMES, type BackendName } from './backend.js';

/** `--name` as an integer >= min; undefined when the option was not given. */
export function integerOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min) {
    throw new Error(`--${name} must be an integer >= ${min}; got "${value}"`);
  }
  return parsed;
}

/** `--name` as a finite number; undefined when the option was not given. */
export function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new Error(`--${name} must be a number; got "${value}"`);
  return parsed;
}

/** `--backend` as a backend name or 'auto'; undefined when the option was not given. */
export function backendOption(value: string | undefined): BackendName | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new Error(`--backend must be one of auto, ${BACKEND_NAMES.join(', ')}; got "${value}"`);
  }
  return value as BackendName | 'auto';
}
