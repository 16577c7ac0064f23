// Test data shared by the experiment tests: a small table of review sentences whose labels follow
// their words, so that any working model learns both tasks.
import { Rng } from '@hw7/tensor-utils/base';

/** 240 sentences from 60 reviews: the sentiment follows good/bad words (1 in 4 negative), the topic the product noun. */
export function syntheticTable(): string {
  const rng = new Rng(7);
  const topics = {
    camera: ['lens', 'zoom', 'flash'],
    phone: ['signal', 'screen', 'call'],
    player: ['song', 'playlist', 'volume'],
  };
  const good = ['great', 'good', 'excellent'];
  const bad = ['poor', 'bad', 'awful'];
  const filler = ['the', 'is', 'really', 'quite', 'this', 'my', '.'];
  const rows = ['review\ttopic\tsentiment\ttext'];
  for (let review = 0; review < 60; review++) {
    const topic = rng.choice(Object.keys(topics)) as keyof typeof topics;
    for (let sentence = 0; sentence < 4; sentence++) {
      const negative = rng.next() < 0.25;
      const words = [
        rng.choice(filler),
        rng.choice(topics[topic]),
        rng.choice(filler),
        rng.choice(negative ? bad : good),
        rng.choice(filler),
      ];
      rows.push(`r${review}\t${topic}\t${negative ? 'neg' : 'pos'}\t${words.join(' ')}`);
    }
  }
  return `${rows.join('\n')}\n`;
}
