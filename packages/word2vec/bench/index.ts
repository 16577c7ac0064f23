// `pnpm --filter @hw7/word2vec bench`: skip-gram on the whole shipped corpus (@hw7/datasets' eltec:
// 99 novels; dim 100, window 5, negative 5, sample 1e-3, minCount 5, 1 epoch, 2 threads) with this
// package's trainer and, in the same run on the same machine, gensim (../shared/anchors/gensim_word2vec.py,
// skipped, saying why, without it) with the same settings and the same tokenisation. One JSON line:
// speed ratio and WordSim-353 Spearman of both. HW7_BENCH_CORPUS_FILES=N limits both to the first N
// corpus files (a quick run); HW7_DATA_DIR reads another data directory.
import { join } from 'node:path';
import { datasetFiles } from '@hw7/datasets';
import { benchLine, findReferenceScripts, round, runPythonReference } from '@hw7/tensor-utils/dev';
import { evaluateWordPairs, trainWord2Vec } from '../src/index.js';

const SETTINGS = { dim: 100, window: 5, negative: 5, sample: 1e-3, minCount: 5, epochs: 1, threads: 2 };

interface GensimResult {
  wordsPerSec: number;
  seconds: number;
  rawWords: number;
  vocab: number;
  wordsim353: number;
}

const limit = Number(process.env.HW7_BENCH_CORPUS_FILES ?? Number.POSITIVE_INFINITY);
const files = (await datasetFiles('eltec')).slice(0, limit);
const [wordsim] = (await datasetFiles('wordsim353')) as [string];

const { vectors, stats } = await trainWord2Vec({ corpus: files, sg: true, ...SETTINGS, seed: 1 });
const ours = await evaluateWordPairs(vectors, wordsim);
// Query speed on the trained vocabulary: the first call also normalises the vectors.
vectors.mostSimilar({ positive: vectors.words[0] as string });
const queryStart = performance.now();
for (let i = 1; i <= 20; i++) vectors.mostSimilar({ positive: vectors.words[i] as string, topn: 10 });
const mostSimilarMs = (performance.now() - queryStart) / 20;

const gensimArgs = [
  '--sg',
  ...['--dim', '--window', '--negative', '--sample', '--min-count', '--epochs', '--threads'].flatMap((flag, i) => [
    flag,
    String(Object.values(SETTINGS)[i]),
  ]),
  ...files,
];
const anchors = findReferenceScripts();
const gensim = anchors.ok
  ? await runPythonReference<GensimResult>(join(anchors.value, 'gensim_word2vec.py'), gensimArgs)
  : anchors;
benchLine('word2vec-sg', {
  files: files.length,
  rawWords: stats.rawWords,
  vocab: vectors.size,
  seconds: round(stats.seconds, 1),
  wordsPerSec: Math.round(stats.wordsPerSec),
  wordsim353: round(ours.spearman.rho, 4),
  wordsim353OovPercent: round(ours.oovRatio, 2),
  mostSimilarMs: round(mostSimilarMs, 2),
  ...(gensim.ok
    ? {
        gensimWordsPerSec: gensim.value.wordsPerSec,
        ratio: round(stats.wordsPerSec / gensim.value.wordsPerSec, 3),
        gensimWordsim353: gensim.value.wordsim353,
        gensimVocab: gensim.value.vocab,
        gensimSeconds: gensim.value.seconds,
      }
    : { gensimSkipped: gensim.reason }),
});
