import type { JobSearchQuery } from '@societas/contracts';

/**
 * Disjunctive facet counts, summed from counts per combination of facet values. One rule for both
 * ways a search is answered: the in-memory index (its ListingStore numbers the combinations of its
 * listings) and the SQL form (`facetsFromCombinations` in search.repository.ts numbers the rows of
 * its GROUP BY).
 */

export interface Facets {
  positionType: { value: string; count: number }[];
  sector: { value: string; count: number }[];
  country: { value: string; count: number }[];
  workplace: { value: string; count: number }[];
  careerStage: { value: string; count: number }[];
  postedWithinDays: { value: string; count: number }[];
  salaryStated: number;
  total: number;
}

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

/**
 * A query's filters on the five bucketed facets (position type, sector, country, workplace,
 * career stage, in that order) as lookup tables by value code; null where not filtered.
 */
export type FacetFilters = readonly (Uint8Array | null)[];

/** The value codes of the five bucketed facets, in FacetFilters order. */
export class FacetDictionaries {
  readonly positionTypes = new FacetCodes(false);
  readonly sectors = new FacetCodes(false);
  readonly countries = new FacetCodes(false);
  readonly workplaces = new FacetCodes(false);
  readonly careerStages = new FacetCodes(true);
  readonly all = [this.positionTypes, this.sectors, this.countries, this.workplaces, this.careerStages];

  filters(q: JobSearchQuery): FacetFilters {
    return [
      this.positionTypes.allowed(q.positionType),
      this.sectors.allowed(q.sector),
      this.countries.allowed(q.country),
      this.workplaces.allowed(q.workplace),
      this.careerStages.allowed(q.careerStage),
    ];
  }
}

/** Combinations of facet value codes, numbered (one array per facet, in FacetFilters order, and salary stated). */
export class CombinationTable {
  length = 0;
  readonly codes: [number[], number[], number[], number[], number[]] = [[], [], [], [], []];
  readonly sal: boolean[] = [];
  private readonly ids = new Map<string, number>();

  idOf(codes: readonly [number, number, number, number, number], sal: boolean): number {
    const key = `${codes.join('|')}|${sal ? 1 : 0}`;
    let c = this.ids.get(key);
    if (c === undefined) {
      c = this.length++;
      this.ids.set(key, c);
      for (let f = 0; f < 5; f++) this.codes[f]!.push(codes[f]!);
      this.sal.push(sal);
    }
    return c;
  }
}

/** Listings per combination (`combo[i]` has `n[i]`, of which `n1[i]` / `n7[i]` / `n30[i]` posted within 1 / 7 / 30 days). */
export interface CombinationCounts {
  combo: Int32Array;
  n: Int32Array;
  n1: Int32Array;
  n7: Int32Array;
  n30: Int32Array;
}

/**
 * Every facet's counts for a search. A combination counts towards a facet when it passes every
 * other facet's filter: one that fails no filter counts in every facet (and the total); one that
 * fails exactly one facet's filter counts only in that facet's buckets; one that fails two counts
 * nowhere (failing "salary stated" alone means no salary: it counts nowhere either). "Posted
 * within" passes or fails no combination: it picks the count summed (n / n1 / n7 / n30), and its
 * own buckets sum n1, n7, n30. Zero buckets are dropped; buckets are sorted by count, then value.
 * `passing`: the combinations that pass every filter but "posted within".
 */
export function sumFacets(
  dicts: FacetDictionaries,
  table: CombinationTable,
  counts: CombinationCounts,
  q: JobSearchQuery,
  filters: FacetFilters,
): { facets: Facets; passing: number[] } {
  const cols = table.codes;
  const sums = dicts.all.map((d) => new Float64Array(d.values.length));
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
    if (q.salaryStated && !table.sal[c]) failed = failed === -1 ? 5 : -2;
    const n = within[i]!;
    if (failed === -1) {
      passing.push(c);
      for (let f = 0; f < 5; f++) sums[f]![cols[f]![c]!]! += n;
      total += n;
      if (table.sal[c]) salaryStated += n;
      d1 += counts.n1[i]!;
      d7 += counts.n7[i]!;
      d30 += counts.n30[i]!;
    } else if (failed >= 0 && failed < 5) {
      sums[failed]![cols[failed]![c]!]! += n;
    }
  }
  const buckets = (f: number) => {
    const out: { value: string; count: number }[] = [];
    const values = dicts.all[f]!.values;
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
  return { facets, passing };
}
