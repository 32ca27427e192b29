import type { JobSummary } from '@societas/contracts';
import type { SummaryRow } from '../search.repository.js';
import { CombinationTable, FacetDictionaries } from './facets.js';
import {
  type LexemeLookup,
  matches,
  POSITION_MASK,
  positiveLexemes,
  readLexeme,
  type TsNode,
} from './tsquery.js';

/**
 * The visible job listings held in memory for search: each listing's facet values, its search
 * lexemes with positions (read from PostgreSQL's `jobs.search` tsvector, so stemming is
 * PostgreSQL's), and the summary a result shows. A listing lives in a numbered slot; replacing or
 * removing one leaves a dead slot until the store is compacted. Nothing here talks to the
 * database (search.index.ts does).
 */

/** One listing as read from the database (LISTING_COLUMNS in search.index.ts). */
export interface ListingRow extends SummaryRow {
  employer_id: string;
  published_at: Date;
  expires_at: Date;
  /** Epoch microseconds: PostgreSQL's precision, which a JS Date does not keep. */
  published_us: number;
  expires_us: number;
  tsv: string;
}

export interface Listing {
  id: string;
  employerId: string;
  summary: JobSummary;
  featured: 0 | 1;
  publishedUs: number;
  expiresUs: number;
  /** Facet value codes (ListingStore.dicts); careerStage 0 = none. */
  pt: number;
  se: number;
  co: number;
  wp: number;
  cs: number;
  sal: boolean;
  /** Its combination of facet values (ListingStore.combinations). */
  combo: number;
  /** Term ids ascending, and for term k its packed positions pos[posStart[k] .. posStart[k+1]). */
  terms: Int32Array;
  posStart: Uint32Array;
  pos: Uint16Array;
}

/** Markdown to a plain snippet for result lists. */
export function plainSnippet(md: string, max = 220) {
  const text = md
    .replace(/^#+\s.*$/gm, ' ')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#*_>`]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** PostgreSQL's weights A, B, C, D as WordEntryPos writes them (A = 3). */
const WEIGHT_BITS: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

/**
 * Reads a tsvector's text form: `'cell':2A,7 'o''brien':5B`. Lexemes are quoted with `''` and
 * `\` escapes; each position may carry a weight letter (none = D).
 */
export function parseTsVector(text: string): [string, Uint16Array][] {
  const out: [string, Uint16Array][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    const read = text[i] === "'" ? readLexeme(text, i) : null;
    if (!read) throw new Error(`tsvector: expected a quoted lexeme at ${i}`);
    const lexeme = read.lexeme;
    i = read.end;
    const positions: number[] = [];
    if (text[i] === ':') {
      i++;
      for (;;) {
        let p = 0;
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)
          p = p * 10 + text.charCodeAt(i++) - 48;
        const w = WEIGHT_BITS[text[i] ?? ''];
        if (w !== undefined) i++;
        positions.push((p & POSITION_MASK) | ((w ?? 0) << 14));
        if (text[i] !== ',') break;
        i++;
      }
    }
    out.push([lexeme, Uint16Array.from(positions)]);
  }
  return out;
}

/** Relevance weights by field, as in PostgreSQL's default ts_rank weights {D, C, B, A}. */
const WEIGHT_VALUE = [0.1, 0.2, 0.4, 1.0] as const;

/**
 * How well one lexeme matches a listing: the best field it occurs in (title 1.0, employer 0.4,
 * description 0.2), plus less than 0.1 more the more often it occurs beyond that. So a title
 * match always outranks an employer match, which outranks a description match. The rank depends
 * on the listing alone (no corpus statistics), so it is stable across index changes and a rank in
 * a page cursor keeps meaning the same place.
 */
export function lexemeScore(packed: Uint16Array): number {
  let best = 0;
  let sum = 0;
  for (let i = 0; i < packed.length; i++) {
    const w = WEIGHT_VALUE[packed[i]! >> 14]!;
    sum += w;
    if (w > best) best = w;
  }
  const extra = sum - best;
  return best + 0.1 * (extra / (1 + extra));
}

export class ListingStore {
  readonly slots: (Listing | null)[] = [];
  private readonly byId = new Map<string, number>();
  private readonly termIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  /** Facet value codes, and the numbered combinations of them the listings have had (never shrinks; a few thousand at most). */
  readonly dicts = new FacetDictionaries();
  readonly combinations = new CombinationTable();
  private dead = 0;

  get size() {
    return this.byId.size;
  }

  idsOfEmployers(employerIds: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const l of this.slots) if (l && employerIds.has(l.employerId)) out.push(l.id);
    return out;
  }

  /** Adds or replaces a listing. */
  put(row: ListingRow) {
    this.remove(row.id);
    const lexemes = parseTsVector(row.tsv);
    const ids = lexemes.map(([lexeme]) => {
      let t = this.termIds.get(lexeme);
      if (t === undefined) {
        t = this.postings.length;
        this.termIds.set(lexeme, t);
        this.postings.push([]);
      }
      return t;
    });
    const order = ids.map((_, k) => k).sort((a, b) => ids[a]! - ids[b]!);
    const terms = new Int32Array(order.length);
    const posStart = new Uint32Array(order.length + 1);
    let total = 0;
    for (const [, packed] of lexemes) total += packed.length;
    const pos = new Uint16Array(total);
    let at = 0;
    order.forEach((k, j) => {
      terms[j] = ids[k]!;
      posStart[j] = at;
      pos.set(lexemes[k]![1], at);
      at += lexemes[k]![1].length;
    });
    posStart[order.length] = at;
    const listing: Listing = {
      id: row.id,
      employerId: row.employer_id,
      summary: {
        id: row.id,
        title: row.title,
        employerName: row.employer_name,
        logoUrl: row.logo_url,
        positionType: row.position_type as JobSummary['positionType'],
        sector: row.sector as JobSummary['sector'],
        countryCode: row.country_code,
        city: row.city,
        workplace: row.workplace as JobSummary['workplace'],
        careerStage: row.career_stage,
        salaryMin: row.salary_min,
        salaryMax: row.salary_max,
        salaryCurrency: row.salary_currency,
        featured: row.product === 'featured',
        publishedAt: row.published_at,
        expiresAt: row.expires_at,
        closingOn: row.closing_on,
        snippet: plainSnippet(row.snippet),
      },
      featured: row.product === 'featured' ? 1 : 0,
      publishedUs: row.published_us,
      expiresUs: row.expires_us,
      pt: this.dicts.positionTypes.code(row.position_type),
      se: this.dicts.sectors.code(row.sector),
      co: this.dicts.countries.code(row.country_code),
      wp: this.dicts.workplaces.code(row.workplace),
      cs: row.career_stage === null ? 0 : this.dicts.careerStages.code(row.career_stage),
      sal: row.salary_min !== null || row.salary_max !== null,
      combo: 0,
      terms,
      posStart,
      pos,
    };
    listing.combo = this.combinations.idOf(
      [listing.pt, listing.se, listing.co, listing.wp, listing.cs],
      listing.sal,
    );
    this.place(listing);
  }

  /** Puts a listing in the next slot and in the postings of its terms. */
  private place(l: Listing) {
    const slot = this.slots.length;
    this.slots.push(l);
    this.byId.set(l.id, slot);
    for (let j = 0; j < l.terms.length; j++) this.postings[l.terms[j]!]!.push(slot);
  }

  remove(id: string) {
    const slot = this.byId.get(id);
    if (slot === undefined) return false;
    this.slots[slot] = null;
    this.byId.delete(id);
    this.dead++;
    return true;
  }

  /** Removes listings whose run ended before a clock (epoch µs); returns how many. */
  removeExpired(nowUs: number) {
    let n = 0;
    for (const l of this.slots) if (l && l.expiresUs <= nowUs && this.remove(l.id)) n++;
    return n;
  }

  /** The live slots of some ids (ids not held are skipped). */
  slotsOf(ids: readonly string[]): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** Worth compacting: many dead slots (every holder of slot numbers must be told). */
  get fragmented() {
    return this.dead > 1000 && this.dead > this.byId.size / 4;
  }

  /** Renumbers the live listings into fresh slots and rebuilds the postings. */
  compact() {
    const live = this.slots.filter((l): l is Listing => l !== null);
    this.slots.length = 0;
    this.byId.clear();
    for (const p of this.postings) p.length = 0;
    this.dead = 0;
    for (const l of live) this.place(l);
  }

  /** The packed positions of a lexeme in a listing, or undefined. */
  positions(l: Listing, termId: number): Uint16Array | undefined {
    const terms = l.terms;
    let lo = 0;
    let hi = terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = terms[mid]!;
      if (t === termId) return l.pos.subarray(l.posStart[mid]!, l.posStart[mid + 1]!);
      if (t < termId) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private lookup(l: Listing): LexemeLookup {
    return (lexeme) => {
      const t = this.termIds.get(lexeme);
      return t === undefined ? undefined : this.positions(l, t);
    };
  }

  /** Every live slot. */
  allSlots(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots.length; s++) if (this.slots[s]) out.push(s);
    return out;
  }

  /**
   * Slots that may match: the postings of a lexeme; for `&` the smaller side's; for `|` both
   * sides'; for a phrase the shorter one's. `null` means any listing (a `!` alone, say).
   */
  private candidates(n: TsNode): number[] | null {
    switch (n.op) {
      case 'term': {
        const t = this.termIds.get(n.lexeme);
        return t === undefined ? [] : this.postings[t]!;
      }
      case 'not':
        return null;
      case 'or': {
        const a = this.candidates(n.left);
        const b = this.candidates(n.right);
        return a === null || b === null ? null : a.concat(b);
      }
      default: {
        const a = this.candidates(n.left);
        const b = this.candidates(n.right);
        if (a === null) return b;
        if (b === null) return a;
        return a.length <= b.length ? a : b;
      }
    }
  }

  /** The live slots matching a query, each once. */
  match(tree: TsNode): number[] {
    const candidates = this.candidates(tree) ?? this.allSlots();
    const seen = new Uint8Array(this.slots.length);
    const out: number[] = [];
    for (const s of candidates) {
      if (seen[s]) continue;
      seen[s] = 1;
      const l = this.slots[s];
      if (l && matches(tree, this.lookup(l))) out.push(s);
    }
    return out;
  }

  /** The term ids of a query's positive lexemes that the store knows. */
  rankTerms(tree: TsNode): number[] {
    const out: number[] = [];
    for (const lexeme of positiveLexemes(tree)) {
      const t = this.termIds.get(lexeme);
      if (t !== undefined) out.push(t);
    }
    return out;
  }

  /** Relevance of a listing to a query: the sum of its positive lexemes' scores (lexemeScore). */
  rank(l: Listing, rankTerms: readonly number[]): number {
    let r = 0;
    for (const t of rankTerms) {
      const p = this.positions(l, t);
      if (p) r += lexemeScore(p);
    }
    return r;
  }
}
