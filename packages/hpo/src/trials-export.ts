// Trials as CSV (one row per trial, columns like Optuna's `trials_dataframe()`) and as JSON.
import type { FrozenTrial, JsonValue } from './frozen-trial.js';
import type { StudyDirection } from './study-direction.js';

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function unionOfKeys(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys];
}

/** RFC 4180 CSV: number, value(s), state, timing, then `params_*` and `user_attrs_*` columns. */
export function trialsToCsv(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): string {
  const paramNames = unionOfKeys(trials.map((trial) => trial.params));
  const userAttrNames = unionOfKeys(trials.map((trial) => trial.userAttrs));
  const valueColumns = directions.length === 1 ? ['value'] : directions.map((_, i) => `values_${i}`);
  const header = [
    'number',
    ...valueColumns,
    'state',
    'datetime_start',
    'datetime_complete',
    'duration_s',
    ...paramNames.map((name) => `params_${name}`),
    ...userAttrNames.map((name) => `user_attrs_${name}`),
    'fail_reason',
  ];
  const rows = trials.map((trial) => [
    trial.number,
    ...valueColumns.map((_, i) => trial.values?.[i]),
    trial.state,
    trial.datetimeStart?.toISOString(),
    trial.datetimeComplete?.toISOString(),
    trial.durationSeconds,
    ...paramNames.map((name) => trial.params[name]),
    ...userAttrNames.map((name) => trial.userAttrs[name]),
    trial.failReason,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

export function trialsToJson(
  studyName: string,
  directions: readonly StudyDirection[],
  userAttrs: Readonly<Record<string, JsonValue>>,
  trials: readonly FrozenTrial[],
): string {
  return JSON.stringify({ studyName, directions, userAttrs, trials }, null, 2);
}
