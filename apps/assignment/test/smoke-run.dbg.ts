// Debug helper (not a test): node --import tsx test/smoke-run.dbg.ts OUT DATA q6 ...
import { selectQuestions } from '../src/questions/registry.js';
import { runHomework } from '../src/run-homework.js';

const [out, data, ...names] = process.argv.slice(2) as [string, string, ...string[]];
const run = await runHomework({
  questions: selectQuestions(names),
  profile: 'smoke',
  seed: 0,
  backend: 'wasm',
  out,
  dataDirectory: data,
});
console.log(JSON.stringify(run.failed.map((f) => [f.id, f.reason])));
