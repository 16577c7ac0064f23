import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStudy } from './study.js';
import { parseStudyJson, StudyJsonError } from './study-json.js';
import { TrialPruned } from './trial-pruned.js';
import { optimizationHistorySvg } from './visualization/optimization-history.js';

const FUZZ_RUNS = Number(process.env.HW7_FUZZ_RUNS ?? 300);
const FUZZ_SEED = process.env.HW7_FUZZ_SEED === undefined ? undefined : Number(process.env.HW7_FUZZ_SEED);

async function sampleStudyJson(): Promise<string> {
  const study = createStudy({ direction: 'minimize' });
  await study.optimize(
    (trial) => {
      const x = trial.suggestFloat('x', -2, 2);
      const kind = trial.suggestCategorical('kind', ['a', 'b', null]);
      const n = trial.suggestInt('n', 1, 9, { step: 2 });
      trial.report(x * x, 0);
      if (trial.number === 3) throw new TrialPruned();
      return trial.number === 4 ? Number.NaN : x * x + n + (kind === 'a' ? 1 : 0);
    },
    { nTrials: 6 },
  );
  return study.toJson();
}

/** Every failure of the reader is one of its two documented errors, naming the file. */
function expectReadOrNamedError(text: string): void {
  try {
    const study = parseStudyJson(text, 'fuzz/study.json');
    // What it returns is usable: parameters convert and the trials have the study's shape.
    for (const trial of study.trials) {
      expect(typeof trial.params).toBe('object');
      if (trial.values !== null) expect(trial.values).toHaveLength(study.directions.length);
    }
  } catch (error) {
    expect(error instanceof SyntaxError || error instanceof StudyJsonError).toBe(true);
    expect((error as Error).message).toContain('fuzz/study.json');
  }
}

describe('parseStudyJson', () => {
  it('reads back what study.toJson() writes, NaN values and categorical null included', async () => {
    const text = await sampleStudyJson();
    const study = parseStudyJson(text, 'study.json');
    expect(study.directions).toEqual(['minimize']);
    expect(study.trials.map((trial) => trial.state)).toEqual([
      'COMPLETE',
      'COMPLETE',
      'COMPLETE',
      'PRUNED',
      'FAIL',
      'COMPLETE',
    ]);
    const original = JSON.parse(text).trials;
    expect(study.trials.map((trial) => trial.params)).toEqual(
      original.map((trial: { externalParams: unknown }) => trial.externalParams),
    );
    expect(optimizationHistorySvg(study)).toContain('<svg');
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseStudyJson('{"directions": ["up"], "trials": []}', 'a.json')).toThrow(
      "a.json: directions must be a non-empty array of 'minimize' and 'maximize'; got [\"up\"]",
    );
    expect(() =>
      parseStudyJson('{"directions": ["minimize"], "trials": [{"number": 0, "state": "DONE"}]}', 'b.json'),
    ).toThrow('b.json: trials[0].state must be one of RUNNING, WAITING, COMPLETE, PRUNED, FAIL; got "DONE"');
    expect(() => parseStudyJson('{"directions": [', 'c.json')).toThrow(/^c\.json: invalid JSON/);
  });

  it('fuzz: any text is read or refused with an error naming the file', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), expectReadOrNamedError), {
      numRuns: FUZZ_RUNS,
      seed: FUZZ_SEED,
    });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => expectReadOrNamedError(JSON.stringify(value))),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });

  it('fuzz: a real study.json with one field replaced is read or refused with an error naming the file', async () => {
    const original = JSON.parse(await sampleStudyJson());
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value))
          walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      }
    };
    walk(original, []);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths.filter((p) => p.length > 0)),
        fc.jsonValue({ maxDepth: 2 }),
        (path, replacement) => {
          const copy = structuredClone(original);
          let parent = copy;
          for (const key of path.slice(0, -1)) parent = parent[key];
          parent[path[path.length - 1]] = replacement;
          expectReadOrNamedError(JSON.stringify(copy));
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });
});
