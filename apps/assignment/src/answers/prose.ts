// The answers' prose, built so that no number in it is typed by hand: literal text carries words
// only, and every number is a segment that says where it comes from (this run's results, the
// homework's own report, or the cited paper). Tests render answers from made-up results and check
// both that the made-up numbers appear and that no literal text holds a digit.

/**
 * Where a number in an answer comes from: this run's results, the homework's own report, a cited
 * paper, or the analysis itself (a threshold a conclusion applies, stated so it can be questioned).
 */
export type NumberSource = 'run' | 'homework' | 'paper' | 'analysis';

export type Segment =
  /** Words typed in the answer (no digits, except in names such as CIFAR-100; see LITERAL_NAMES). */
  | { kind: 'text'; text: string }
  /** A number, formatted, with its source. */
  | { kind: 'number'; text: string; value: number; source: NumberSource }
  /** A name taken from the results: an architecture, a word, a parameter setting. */
  | { kind: 'code'; text: string }
  /** Notation: a formula or a code expression from the homework's listing. */
  | { kind: 'math'; text: string }
  /** A citation of the question's reference with this key. */
  | { kind: 'cite'; key: string };

export type Prose = readonly Segment[];

export type NumberSegment = Extract<Segment, { kind: 'number' }>;

/** What a `p` template interpolates: segments or prose, never a bare string or number. */
export type Piece = Segment | Prose;

const isSegment = (piece: Piece): piece is Segment => !Array.isArray(piece);

/** Prose from a template: `p\`TPE found ${acc(best)} in ${int(trials)} trials${cite('tpe')}.\``. */
export function p(strings: TemplateStringsArray, ...pieces: Piece[]): Prose {
  const segments: Segment[] = [];
  strings.forEach((text, i) => {
    if (text) segments.push({ kind: 'text', text });
    const piece = pieces[i];
    if (piece === undefined) return;
    if (isSegment(piece)) segments.push(piece);
    else segments.push(...piece);
  });
  return segments;
}

/** Joins prose pieces: `a, b and c`. */
export function list(items: readonly Prose[], conjunction = 'and'): Prose {
  const segments: Segment[] = [];
  items.forEach((item, i) => {
    if (i > 0) segments.push({ kind: 'text', text: i === items.length - 1 ? ` ${conjunction} ` : ', ' });
    segments.push(...item);
  });
  return segments;
}

/** Concatenates prose pieces (sentences of one paragraph). */
export function join(...items: readonly Prose[]): Prose {
  return items.flat();
}

export const EMPTY: Prose = [];

function numberSegment(value: number, text: string, source: NumberSource): NumberSegment {
  return { kind: 'number', text, value, source };
}

/** `1,234.57`, with a true minus sign for negative numbers. */
function grouped(value: number, digits: number): string {
  return value
    .toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .replace(/^-/, '−');
}

/** A number of this run with `digits` decimals (default 4: accuracies, F1, losses). */
export function num(value: number, digits = 4): NumberSegment {
  return numberSegment(value, Number.isFinite(value) ? grouped(value, digits) : String(value), 'run');
}

/** A count of this run: `1,000`. */
export function int(value: number): NumberSegment {
  return numberSegment(value, Number.isFinite(value) ? grouped(Math.round(value), 0) : String(value), 'run');
}

/** A count of this run with its noun: `1 epoch`, `3 epochs` (plural: the singular plus s, unless given). */
export function count(value: number, singular: string, plural = `${singular}s`): Prose {
  return [int(value), { kind: 'text', text: ` ${Math.round(value) === 1 ? singular : plural}` }];
}

/** A share of this run as a percentage: `58.0%`. */
export function pct(value: number, digits = 1): NumberSegment {
  return numberSegment(value, Number.isFinite(value) ? `${grouped(value * 100, digits)}%` : String(value), 'run');
}

/** A small number of this run in scientific notation: `3.1 × 10^-7`. */
export function small(value: number, digits = 1): NumberSegment {
  if (!Number.isFinite(value)) return numberSegment(value, String(value), 'run');
  if (value === 0) return numberSegment(value, '0', 'run');
  const [mantissa, exponent] = value.toExponential(digits).split('e') as [string, string];
  return numberSegment(
    value,
    `${mantissa.replace(/^-/, '−')} × 10^${exponent.replace(/^\+/, '').replace(/^-/, '−')}`,
    'run',
  );
}

/** Seconds of this run: `12.3 s`. */
export function secs(value: number, digits = 1): NumberSegment {
  return numberSegment(value, Number.isFinite(value) ? `${grouped(value, digits)} s` : String(value), 'run');
}

/** A ratio of this run: `3.4×`. */
export function times(value: number, digits = 1): NumberSegment {
  return numberSegment(value, Number.isFinite(value) ? `${grouped(value, digits)}×` : String(value), 'run');
}

/** A signed difference of this run: `+0.0123` or `−0.0123`. */
export function signed(value: number, digits = 4): NumberSegment {
  const text = Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${grouped(Math.abs(value), digits)}` : String(value);
  return numberSegment(value, text, 'run');
}

/** A number the homework's own solution reports (see homework-numbers.ts); `text` as it prints it. */
export function hw(value: number, text = String(value)): NumberSegment {
  return numberSegment(value, text, 'homework');
}

/** A constant of the cited method (a paper's setting, a formula's constant). */
export function paper(value: number, text = String(value)): NumberSegment {
  return numberSegment(value, text, 'paper');
}

/** A threshold the analysis applies (differences below it count as noise, for instance). */
export function threshold(value: number, text = String(value)): NumberSegment {
  return numberSegment(value, text, 'analysis');
}

/** A name from the results (an architecture string, a word, a parameter assignment). */
export function code(text: string): Segment {
  return { kind: 'code', text };
}

/** Notation: `w' = w − ξ ∇w L_train(w, α)`. */
export function math(text: string): Segment {
  return { kind: 'math', text };
}

/** Cites the question's reference `key`. */
export function cite(key: string): Segment {
  return { kind: 'cite', key };
}

/**
 * Names whose digits are part of the name, allowed in literal text: data sets, benchmarks, norms,
 * question labels and layer names.
 */
export const LITERAL_NAMES =
  /\b(?:CIFAR-10{1,2}|NAS-Bench-201|WordSim-353|[Ww]ord2[Vv]ec|Q[1-8][a-e]?|L[12]|F1|R1|VGG16)\b/g;

/** The digits of literal text outside the allowed names (what the no-hand-typed-numbers test looks for). */
export function strayDigits(prose: Prose): string[] {
  return prose
    .filter((segment): segment is { kind: 'text'; text: string } => segment.kind === 'text')
    .flatMap((segment) => segment.text.replace(LITERAL_NAMES, '').match(/[^\s]*[0-9][^\s]*/g) ?? []);
}

/** Plain text of prose (citations as [key]). */
export function plainText(prose: Prose): string {
  return prose.map((segment) => (segment.kind === 'cite' ? `[${segment.key}]` : segment.text)).join('');
}
