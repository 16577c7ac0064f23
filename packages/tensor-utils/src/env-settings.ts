// Settings read from the environment (benchmarks' and fuzz tests' knobs, e.g. HW7_FUZZ_RUNS): each
// error names the variable and says what it expects.

/** An integer setting from the environment, or `fallback` when it is unset. */
export function integerFromEnv(name: string, fallback: number, min: number): number {
  const value = process.env[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min) {
    throw new Error(`environment variable ${name} must be an integer >= ${min}; got "${value}"`);
  }
  return parsed;
}
