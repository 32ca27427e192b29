import type { JobSearchQuery, JobSummary } from '@societas/contracts';
import type { Facets, SummaryRow } from '../search.repository.js';
import type { ComboCounts } from './search.index.js';
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
  /** Facet value codes (see FacetCodes); careerStage 0 = none. */
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

/** Lookup tables by value code for the five bucketed facets (ListingStore.facetFilters). */
export type FacetFilters = readonly (Uint8Array | null)[];

/** A dictionary of the values one facet takes, numbered in order of first sight. */
export class FacetCodes {
  private readonly codes = new Map<string, number>();
  readonly values: (string | null)[];
  /** `reserveNull`: code 0 stands for "no value". */
  constructor(reserveNull: boolean) {
    this.values = reserveNull ? [null] : [];
  }
  code(value: string): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.codes.set(value, c);
      this.values.push(value);
    }
    return c;
  }
  /** The codes of some values, as a lookup table; values never seen match nothing. */
  allowed(values: readonly string[]): Uint8Array | null {
    if (values.length === 0) return null;
    const table = new Uint8Array(this.values.length + 1);
    for (const v of values) {
      const c = this.codes.get(v);
      if (c !== undefined) table[c] = 1;
    }
    return table;
  }
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
  readonly positionTypes = new FacetCodes(false);
  readonly sectors = new FacetCodes(false);
  readonly countries = new FacetCodes(false);
  readonly workplaces = new FacetCodes(false);
  readonly careerStages = new FacetCodes(true);
  private dead = 0;
  /**
   * Every combination of facet values a listing has had, numbered, as one code array per facet
   * (never shrinks; a few thousand at most, as the value sets are small).
   */
  readonly combinations = {
    length: 0,
    pt: [] as number[],
    se: [] as number[],
    co: [] as number[],
    wp: [] as number[],
    cs: [] as number[],
    sal: [] as boolean[],
  };
  private readonly comboIds = new Map<string, number>();

  private comboOf(l: Listing) {
    const key = `${l.pt}|${l.se}|${l.co}|${l.wp}|${l.cs}|${l.sal ? 1 : 0}`;
    let c = this.comboIds.get(key);
    if (c === undefined) {
      const t = this.combinations;
      c = t.length++;
      this.comboIds.set(key, c);
      t.pt.push(l.pt);
      t.se.push(l.se);
      t.co.push(l.co);
      t.wp.push(l.wp);
      t.cs.push(l.cs);
      t.sal.push(l.sal);
    }
    return c;
  }

  /**
   * Every facet's counts for a search, from the combination counts of its text: the rules of
   * `facetsFromCombinations` (search.repository.ts, which the SQL path uses and an equivalence test
   * compares with), on value codes. A combination that fails no filter counts in every facet and
   * the total; one that fails exactly one facet's filter counts in that facet's buckets only;
   * "posted within" picks which count is summed.
   */
  facets(
    counts: ComboCounts,
    q: JobSearchQuery,
    filters: FacetFilters,
  ): { facets: Facets; passing: number[] } {
    const t = this.combinations;
    const dicts = [
      this.positionTypes,
      this.sectors,
      this.countries,
      this.workplaces,
      this.careerStages,
    ] as const;
    const cols = [t.pt, t.se, t.co, t.wp, t.cs] as const;
    const sums = dicts.map((d) => new Float64Array(d.values.length));
    const d = q.postedWithinDays;
    const within =
      d === null ? counts.n : d <= 1 ? counts.n1 : d <= 7 ? counts.n7 : d <= 30 ? counts.n30 : counts.n;
    let total = 0;
    let salaryStated = 0;
    let d1 = 0;
    let d7 = 0;
    let d30 = 0;
    const passing: number[] = [];
    for (let i = 0; i < counts.combo.length; i++) {
      const c = counts.combo[i]!;
      // The one facet filter this combination fails (0-4, 5 = salary); -1 none, -2 two or more.
      let failed = -1;
      for (let f = 0; f < 5; f++) {
        const allowed = filters[f];
        if (allowed && allowed[cols[f]![c]!] !== 1) failed = failed === -1 ? f : -2;
      }
      if (q.salaryStated && !t.sal[c]) failed = failed === -1 ? 5 : -2;
      const n = within[i]!;
      if (failed === -1) {
        passing.push(c);
        for (let f = 0; f < 5; f++) sums[f]![cols[f]![c]!]! += n;
        total += n;
        if (t.sal[c]) salaryStated += n;
        d1 += counts.n1[i]!;
        d7 += counts.n7[i]!;
        d30 += counts.n30[i]!;
      } else if (failed >= 0 && failed < 5) {
        sums[failed]![cols[failed]![c]!]! += n;
      }
    }
    const buckets = (f: number) => {
      const out: { value: string; count: number }[] = [];
      const values = dicts[f]!.values;
      const sum = sums[f]!;
      for (let code = 0; code < values.length; code++) {
        const value = values[code];
        // Zero buckets dropped (the web keeps ticked ones); no career stage is not a bucket.
        if (value !== null && value !== undefined && sum[code]! > 0) out.push({ value, count: sum[code]! });
      }
      return out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    const facets = {
      positionType: buckets(0),
      sector: buckets(1),
      country: buckets(2),
      workplace: buckets(3),
      careerStage: buckets(4),
      postedWithinDays: [
        { value: '1', count: d1 },
        { value: '7', count: d7 },
        { value: '30', count: d30 },
      ],
      salaryStated,
      total,
    };
    // The combinations passing every filter but "posted within" (which each listing is checked for).
    return { facets, passing };
  }

  /**
   * A query's filters on the five bucketed facets (position type, sector, country, workplace,
   * career stage, in that order) as lookup tables by value code; null where not filtered.
   */
  facetFilters(q: JobSearchQuery): FacetFilters {
    return [
      this.positionTypes.allowed(q.positionType),
      this.sectors.allowed(q.sector),
      this.countries.allowed(q.country),
      this.workplaces.allowed(q.workplace),
      this.careerStages.allowed(q.careerStage),
    ];
  }

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
      pt: this.positionTypes.code(row.position_type),
      se: this.sectors.code(row.sector),
      co: this.countries.code(row.country_code),
      wp: this.workplaces.code(row.workplace),
      cs: row.career_stage === null ? 0 : this.careerStages.code(row.career_stage),
      sal: row.salary_min !== null || row.salary_max !== null,
      combo: 0,
      terms,
      posStart,
      pos,
    };
    listing.combo = this.comboOf(listing);
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
