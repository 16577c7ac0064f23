// The homework's main(): train on its one-line corpus and print the nearest words to 'learn' and 'deep'.
import { kMostSimilar, trainHomeworkSkipGram } from './skip-gram.js';

export const HOMEWORK_CORPUS = 'I love to learn deep learning. It is fascinating!';

export interface HomeworkExampleOptions {
  /** Default 0. */
  seed?: number;
  /** Where the report lines go; default console.log. */
  log?: (line: string) => void;
}

export interface HomeworkExampleResult {
  epochLosses: number[];
  similarToLearn: Array<[string, number]>;
  similarToDeep: Array<[string, number]>;
}

/** Window 3, dimension 10, 50 epochs, AdamW 1e-2, as in the homework. */
export async function runHomeworkExample({
  seed = 0,
  log = console.log,
}: HomeworkExampleOptions = {}): Promise<HomeworkExampleResult> {
  const { vocabulary, model, epochLosses } = await trainHomeworkSkipGram(HOMEWORK_CORPUS, 3, 10, 50, 1e-2, {
    seed,
    onEpoch: (epoch, loss) => log(`Epoch ${epoch} Loss: ${loss.toFixed(3)}`),
  });
  try {
    const embeddings = model.embeddings();
    const similarToLearn = kMostSimilar('learn', embeddings, vocabulary, 3);
    const similarToDeep = kMostSimilar('deep', embeddings, vocabulary, 3);
    const show = (pairs: Array<[string, number]>) => pairs.map(([w, s]) => `${w} (${s.toFixed(3)})`).join(', ');
    log(`3 most similar words to 'learn': ${show(similarToLearn)}`);
    log(`3 most similar words to 'deep': ${show(similarToDeep)}`);
    return { epochLosses, similarToLearn, similarToDeep };
  } finally {
    model.dispose();
  }
}
