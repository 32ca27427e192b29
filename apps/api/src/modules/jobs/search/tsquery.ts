/**
 * PostgreSQL's tsquery, read back from its text form and evaluated against one listing's lexemes.
 *
 * The job search index (search.index.ts) lets PostgreSQL do the language work: documents are
 * stemmed by the `jobs.search` tsvector and queries by `websearch_to_tsquery('english', q)`, whose
 * text output (`'organoid' & 'postdoc'`, `'single-cel' <-> 'singl' <-> 'cell'`, `!'mous' | 'rat'`)
 * this module parses. Matching follows PostgreSQL's rules: `!` binds tightest, then `<N>` (the
 * right operand exactly N positions after the left), then `&`, then `|`. Anything websearch never
 * writes (prefix `:*`, weight labels, `!` / `&` / `|` inside a phrase) is "unsupported", and the
 * index asks PostgreSQL for the matching listings instead.
 */

export type TsNode =
  | { op: 'term'; lexeme: string }
  | { op: 'not'; arg: TsNode }
  | { op: 'and' | 'or'; left: TsNode; right: TsNode }
  | { op: 'phrase'; distance: number; left: TsNode; right: TsNode };

/** What a tsquery's text parses to: a tree, no lexemes at all (matches nothing), or unsupported. */
export type ParsedTsQuery = { kind: 'tree'; tree: TsNode } | { kind: 'empty' } | { kind: 'unsupported' };

type Token =
  | { t: 'term'; lexeme: string }
  | { t: '!' | '&' | '|' | '(' | ')' }
  | { t: 'phrase'; distance: number };

class Unsupported extends Error {}

/**
 * Reads the quoted lexeme starting at `text[start]` (a `'`), as tsquery and tsvector text write
 * them: `''` for a quote, `\` before any character. Returns it and the index after the closing
 * quote, or null when it is not closed.
 */
export function readLexeme(text: string, start: number): { lexeme: string; end: number } | null {
  let lexeme = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" && text[i + 1] === "'") {
      lexeme += "'";
      i += 2;
    } else if (c === "'") {
      return { lexeme, end: i + 1 };
    } else if (c === '\\' && i + 1 < text.length) {
      lexeme += text[i + 1];
      i += 2;
    } else {
      lexeme += c;
      i++;
    }
  }
  return null;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') {
      i++;
    } else if (c === "'") {
      const read = readLexeme(text, i);
      if (!read) throw new Unsupported('unterminated lexeme');
      const lexeme = read.lexeme;
      i = read.end;
      if (text[i] === ':') throw new Unsupported('prefix or weight label');
      out.push({ t: 'term', lexeme });
    } else if (c === '<') {
      const m = /^<(-|\d+)>/.exec(text.slice(i));
      if (!m) throw new Unsupported('operator');
      out.push({ t: 'phrase', distance: m[1] === '-' ? 1 : Number(m[1]) });
      i += m[0].length;
    } else if (c === '!' || c === '&' || c === '|' || c === '(' || c === ')') {
      out.push({ t: c });
      i++;
    } else {
      throw new Unsupported(`character ${c}`);
    }
  }
  return out;
}

export function parseTsQuery(text: string): ParsedTsQuery {
  if (text.trim() === '') return { kind: 'empty' };
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    return { kind: 'unsupported' };
  }
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];
  const or = (): TsNode => {
    let left = and();
    while (peek()?.t === '|') {
      take();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): TsNode => {
    let left = phrase();
    while (peek()?.t === '&') {
      take();
      left = { op: 'and', left, right: phrase() };
    }
    return left;
  };
  const phrase = (): TsNode => {
    let left = unary();
    for (let t = peek(); t?.t === 'phrase'; t = peek()) {
      take();
      left = { op: 'phrase', distance: t.distance, left, right: unary() };
    }
    return left;
  };
  const unary = (): TsNode => {
    const t = take();
    if (!t) throw new Unsupported('unexpected end');
    if (t.t === '!') return { op: 'not', arg: unary() };
    if (t.t === 'term') return { op: 'term', lexeme: t.lexeme };
    if (t.t === '(') {
      const inner = or();
      if (take()?.t !== ')') throw new Unsupported('missing )');
      return inner;
    }
    throw new Unsupported('unexpected token');
  };
  try {
    const tree = or();
    if (at !== tokens.length) return { kind: 'unsupported' };
    return phrasesArePlain(tree) ? { kind: 'tree', tree } : { kind: 'unsupported' };
  } catch {
    return { kind: 'unsupported' };
  }
}

/** Phrases made only of lexemes and phrases: PostgreSQL's rules for `!`, `&`, `|` inside a phrase are not copied. */
function phrasesArePlain(n: TsNode, inPhrase = false): boolean {
  switch (n.op) {
    case 'term':
      return true;
    case 'phrase':
      return phrasesArePlain(n.left, true) && phrasesArePlain(n.right, true);
    case 'not':
      return !inPhrase && phrasesArePlain(n.arg);
    default:
      return !inPhrase && phrasesArePlain(n.left) && phrasesArePlain(n.right);
  }
}

/** The distinct lexemes a listing must contain for the query to match it (not those under `!`). */
export function positiveLexemes(n: TsNode, out = new Set<string>(), negated = false): Set<string> {
  switch (n.op) {
    case 'term':
      if (!negated) out.add(n.lexeme);
      break;
    case 'not':
      positiveLexemes(n.arg, out, !negated);
      break;
    default:
      positiveLexemes(n.left, out, negated);
      positiveLexemes(n.right, out, negated);
  }
  return out;
}

/**
 * A listing's lexemes as the matcher sees them: the packed positions of a lexeme (PostgreSQL's
 * WordEntryPos: position in the low 14 bits, weight in the top 2, A = 3 ... D = 0), or undefined.
 */
export type LexemeLookup = (lexeme: string) => Uint16Array | undefined;

export const POSITION_MASK = 0x3fff;

export function matches(n: TsNode, doc: LexemeLookup): boolean {
  switch (n.op) {
    case 'term':
      return doc(n.lexeme) !== undefined;
    case 'not':
      return !matches(n.arg, doc);
    case 'and':
      return matches(n.left, doc) && matches(n.right, doc);
    case 'or':
      return matches(n.left, doc) || matches(n.right, doc);
    case 'phrase':
      return phraseEnds(n, doc).length > 0;
  }
}

/** How many positions a phrase spans after its first lexeme. */
function width(n: TsNode): number {
  return n.op === 'phrase' ? width(n.left) + n.distance + width(n.right) : 0;
}

/**
 * The positions where a phrase match ends (its last lexeme's), ascending. For `L <N> R`: the ends
 * of R whose start (end minus R's width) is exactly N after an end of L, as PostgreSQL checks it.
 */
function phraseEnds(n: TsNode, doc: LexemeLookup): number[] {
  if (n.op === 'term') {
    const packed = doc(n.lexeme);
    if (!packed) return [];
    const out = new Array<number>(packed.length);
    for (let i = 0; i < packed.length; i++) out[i] = packed[i]! & POSITION_MASK;
    return out;
  }
  if (n.op !== 'phrase') return [];
  const left = phraseEnds(n.left, doc);
  if (left.length === 0) return [];
  const right = phraseEnds(n.right, doc);
  const gap = width(n.right) + n.distance;
  const starts = new Set(left);
  return right.filter((end) => starts.has(end - gap));
}
