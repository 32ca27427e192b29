import type { JobSearchOutput, JobSearchQuery } from '@societas/contracts';
import { type DB, sql } from '@societas/db';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Cursor, encodeCursor, SUMMARY_COLUMNS } from '../search.repository.js';
import { type CombinationCounts, type FacetFilters, sumFacets } from './facets.js';
import { type Listing, type ListingRow, ListingStore } from './listings.js';
import { type ParsedTsQuery, parseTsQuery } from './tsquery.js';

/**
 * The public job search, answered from memory (ADR 011).
 *
 * Each API process keeps the published listings in a ListingStore and follows the database:
 * a trigger on `jobs` (and on employers' logos) sends the changed id on the `job_search` channel;
 * the index LISTENs on its own connection and re-reads those rows. Before answering, a search
 * waits for a "barrier": a `SELECT 1` on the listening connection, after which every notification
 * committed before the search began has arrived and been applied. So a search sees every write
 * that committed before it started, like a query would. Visibility stays derived from the clock:
 * a listing is shown while its `expires_at` is after the request's clock.
 *
 * A text's ranked matches are computed once and kept while the index is unchanged; their counts
 * per facet combination are kept until the next instant the clock alone changes them (a match
 * expiring, or leaving "posted within 1 / 7 / 30 days"). That is exact, not a cache that lags:
 * any change to the listings starts over.
 */

const CHANNEL = 'job_search';
const DAY_MS = 86_400_000;
/** The "posted within" windows counted per combination (ComboCounts n1, n7, n30). */
const POSTED_WITHIN = [1, 7, 30] as const;
const LOAD_BATCH = 5000;
/** Past this many changed listings at once, reading everything again is cheaper. */
const RELOAD_ABOVE = 5000;
const PARSED_MAX = 10_000;
const MEMO_MAX_TEXTS = 500;
const MEMO_MAX_SLOTS = 4_000_000;

/** The columns a listing is read with, by id or all at once: a result's, and what search needs. */
const LISTING_COLUMNS = sql`${SUMMARY_COLUMNS}, j.employer_id,
  (extract(epoch FROM j.published_at) * 1000000)::bigint AS published_us,
  (extract(epoch FROM j.expires_at) * 1000000)::bigint AS expires_us,
  j.search::text AS tsv`;

interface Prepared {
  memoKey: string;
  /** null: no text (every listing). */
  tree: ParsedTsQuery | null;
  fallbackIds: string[] | null;
}

/**
 * A text's matches, in result order for relevance (featured first, then rank, then id, all
 * descending; by date when there is no text), kept for one version of the store. Listings whose
 * run ends later stay in the order and are skipped by the request's clock.
 */
interface TextMatches {
  version: number;
  relevance: Int32Array;
  ranks: Float64Array | null;
  newest: Int32Array | null;
  /** Counts of the visible matches by facet combination, for request clocks in [from, until) (epoch ms). */
  comboCounts: ComboCounts | null;
  /** For each facet combination, its positions in `relevance` / `newest`, ascending (built when a narrow filter needs them). */
  relevanceByCombo?: Map<number, Int32Array>;
  newestByCombo?: Map<number, Int32Array>;
}

/** How many visible matches have each combination of facet values (ListingStore.combinations), in all and posted within 1 / 7 / 30 days. */
interface ComboCounts extends CombinationCounts {
  from: number;
  until: number;
}

export interface JobSearchIndexOptions {
  db: DB;
  /** The connection string, for the listening connection. */
  url: string;
  log: Logger;
}

export class JobSearchIndex {
  private store = new ListingStore();
  /** Bumped on every change to the store: TextMatches of older versions are stale. */
  private version = 0;
  private loaded = false;
  private client: pg.Client | null = null;
  private readonly pending = new Set<string>();
  private readonly pendingEmployers = new Set<string>();
  private reloadNeeded = true;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;
  private prunedAt = Date.now();
  private readonly parsed = new Map<string, Promise<{ tsquery: string; parsed: ParsedTsQuery }>>();
  private readonly memo = new Map<string, TextMatches>();
  private memoSlots = 0;
  private newestAll: { version: number; order: Int32Array } | null = null;
  /** Switch the per-text memo off (the benchmark shows what every search costs without it). */
  memoEnabled = true;

  constructor(private readonly options: JobSearchIndexOptions) {}

  /** How many listings are held (published, not expired when read). */
  get size() {
    return this.store.size;
  }

  /**
   * Resolves once every change committed before the call is in the index. Calls that arrive while
   * a barrier is running wait for the next one (the running one may have started before their
   * writes committed); all of them share it.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The job search index is closed.'));
    if (!this.running) {
      this.running = this.barrier().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = null;
        return this.sync();
      });
    return this.next;
  }

  async close() {
    this.closed = true;
    await this.running?.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async barrier() {
    // A connection that was cut is found out by the query failing: then one new connection (which
    // reads everything again), and if the database cannot be reached, what is held is answered.
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.client) await this.connect();
        // Notifications committed before this query are delivered before its answer.
        await this.client!.query('SELECT 1');
        break;
      } catch (error) {
        await this.dropConnection();
        if (attempt < 2) continue;
        if (!this.loaded) throw error;
        this.options.log.warn(
          { err: error },
          'job search index: database unreachable, answering from memory',
        );
        return;
      }
    }
    await this.applyPending();
    this.pruneExpired();
  }

  /** Listings whose run has ended stay hidden by the clock; once an hour they are dropped from memory. */
  private pruneExpired() {
    const nowMs = Date.now();
    if (nowMs - this.prunedAt < 3_600_000) return;
    this.prunedAt = nowMs;
    if (this.store.removeExpired(nowMs * 1000) > 0) this.changed();
  }

  private async connect() {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: 'societas-job-search',
    });
    client.on('error', () => void this.dropConnection());
    client.on('end', () => {
      if (this.client === client) {
        this.client = null;
        this.reloadNeeded = true;
      }
    });
    client.on('notification', (n) => {
      const id = n.payload ?? '';
      if (id.startsWith('e:')) this.pendingEmployers.add(id.slice(2));
      else if (id) this.pending.add(id);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    // Whatever was missed while not listening is read again in full.
    this.reloadNeeded = true;
  }

  private async dropConnection() {
    const client = this.client;
    this.client = null;
    this.reloadNeeded = true;
    await client?.end().catch(() => {});
  }

  private async applyPending() {
    if (this.pendingEmployers.size) {
      for (const id of this.store.idsOfEmployers(this.pendingEmployers)) this.pending.add(id);
      this.pendingEmployers.clear();
    }
    if (this.reloadNeeded || this.pending.size > RELOAD_ABOVE) {
      this.pending.clear();
      this.reloadNeeded = false;
      await this.reload();
      return;
    }
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    const { rows } = await sql<ListingRow & { status: string; visible: boolean }>`
      SELECT ${LISTING_COLUMNS}, j.status, (j.status = 'published' AND j.expires_at > now()) AS visible
      FROM jobs j WHERE j.id = ANY(${ids}::uuid[])
    `.execute(this.options.db);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      if (row.visible) this.store.put(row);
      else this.store.remove(row.id);
    }
    for (const id of ids) if (!seen.has(id)) this.store.remove(id);
    this.changed();
  }

  /** Reads every visible listing into a new store, in pages by id, and swaps it in. */
  private async reload() {
    const started = Date.now();
    const store = new ListingStore();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await sql<ListingRow>`
        SELECT ${LISTING_COLUMNS} FROM jobs j
        WHERE j.status = 'published' AND j.expires_at > now() AND j.id > ${after}::uuid
        ORDER BY j.id LIMIT ${LOAD_BATCH}
      `.execute(this.options.db);
      for (const row of rows) store.put(row);
      if (rows.length < LOAD_BATCH) break;
      after = rows[rows.length - 1]!.id;
    }
    this.store = store;
    this.loaded = true;
    this.changed();
    this.options.log.info(
      { listings: store.size, ms: Date.now() - started },
      'job search index: listings read from the database',
    );
  }

  /** After any change to the store: compacts it when worth it (renumbering slots), and drops what was kept. */
  private changed() {
    if (this.store.fragmented) this.store.compact();
    this.version++;
    this.memo.clear();
    this.memoSlots = 0;
  }

  /** The tsquery PostgreSQL makes of a text (asked once per text, kept for the next ones). */
  private parse(text: string) {
    let hit = this.parsed.get(text);
    if (hit) return hit;
    hit = sql<{ q: string }>`SELECT websearch_to_tsquery('english', ${text})::text AS q`
      .execute(this.options.db)
      .then(({ rows }) => ({ tsquery: rows[0]!.q, parsed: parseTsQuery(rows[0]!.q) }));
    hit.catch(() => this.parsed.delete(text));
    if (this.parsed.size >= PARSED_MAX) this.parsed.delete(this.parsed.keys().next().value!);
    this.parsed.set(text, hit);
    return hit;
  }

  /**
   * What a text needs before its matches can be computed: its tsquery (asked of PostgreSQL once
   * per text) and, for query forms tsquery.ts does not evaluate, the matching ids from PostgreSQL.
   */
  private async prepare(text: string, now: Date): Promise<Prepared> {
    const key = text.trim().replace(/\s+/g, ' ');
    if (!key) return { memoKey: '', tree: null, fallbackIds: null };
    const { tsquery, parsed } = await this.parse(key);
    if (parsed.kind !== 'unsupported' || this.current(`q:${tsquery}`))
      return { memoKey: `q:${tsquery}`, tree: parsed, fallbackIds: null };
    const { rows } = await sql<{ id: string }>`
      SELECT j.id FROM jobs j
      WHERE j.status = 'published' AND j.expires_at > ${now} AND j.search @@ ${tsquery}::tsquery
    `.execute(this.options.db);
    return { memoKey: `q:${tsquery}`, tree: parsed, fallbackIds: rows.map((r) => r.id) };
  }

  /** A text's matches, from the memo or computed now (synchronous: the store cannot change under it). */
  private matchesOf(p: Prepared): TextMatches {
    const hit = this.current(p.memoKey);
    if (hit) {
      // Most recently used last, so eviction drops the oldest.
      this.memo.delete(p.memoKey);
      this.memo.set(p.memoKey, hit);
      return hit;
    }
    const entry = this.computeMatches(p.tree, p.fallbackIds ?? []);
    if (this.memoEnabled) this.remember(p.memoKey, entry);
    return entry;
  }

  /** The kept matches of a text, if the memo is on and they are of the current store. */
  private current(key: string): TextMatches | null {
    const e = this.memoEnabled ? this.memo.get(key) : undefined;
    return e && e.version === this.version ? e : null;
  }

  private remember(key: string, e: TextMatches) {
    const old = this.memo.get(key);
    if (old) {
      this.memoSlots -= old.relevance.length;
      this.memo.delete(key);
    }
    while (
      this.memo.size &&
      (this.memo.size >= MEMO_MAX_TEXTS || this.memoSlots + e.relevance.length > MEMO_MAX_SLOTS)
    ) {
      const [k, v] = this.memo.entries().next().value!;
      this.memo.delete(k);
      this.memoSlots -= v.relevance.length;
    }
    this.memo.set(key, e);
    this.memoSlots += e.relevance.length;
  }

  private computeMatches(tree: ParsedTsQuery | null, fallbackIds: string[]): TextMatches {
    const store = this.store;
    let slots: number[];
    if (tree === null) slots = store.allSlots();
    else if (tree.kind === 'tree') slots = store.match(tree.tree);
    else if (tree.kind === 'unsupported') slots = store.slotsOf(fallbackIds);
    else slots = [];
    const listings = store.slots;
    if (tree?.kind !== 'tree') {
      const newest = tree === null ? this.newestOrder() : this.inNewestOrder(slots);
      return { version: this.version, relevance: newest, ranks: null, newest, comboCounts: null };
    }
    const terms = store.rankTerms(tree.tree);
    const ranked = slots.map((s) => ({ s, l: listings[s]!, r: store.rank(listings[s]!, terms) }));
    ranked.sort((a, b) => b.l.featured - a.l.featured || b.r - a.r || compareIds(b.l.id, a.l.id));
    return {
      version: this.version,
      relevance: Int32Array.from(ranked, (x) => x.s),
      ranks: Float64Array.from(ranked, (x) => x.r),
      newest: null,
      comboCounts: null,
    };
  }

  /** Every live slot in newest order, sorted once per version of the store. */
  private newestOrder(): Int32Array {
    if (this.newestAll?.version !== this.version) {
      const listings = this.store.slots;
      const order = Int32Array.from(this.store.allSlots()).sort((a, b) =>
        byNewest(listings[a]!, listings[b]!),
      );
      this.newestAll = { version: this.version, order };
    }
    return this.newestAll.order;
  }

  /** Some slots in newest order: the shared order, filtered (no sort per text). */
  private inNewestOrder(slots: ArrayLike<number>): Int32Array {
    const all = this.newestOrder();
    const mark = new Uint8Array(this.store.slots.length);
    for (let i = 0; i < slots.length; i++) mark[slots[i]!] = 1;
    const out = new Int32Array(slots.length);
    let n = 0;
    for (let i = 0; i < all.length; i++) if (mark[all[i]!]) out[n++] = all[i]!;
    return out.subarray(0, n);
  }

  /**
   * The facet combinations of a text's matches visible at a clock, and the first later instant
   * the clock alone changes them (a match expiring or leaving "posted within 1 / 7 / 30 days").
   */
  private comboCountsAt(m: TextMatches, nowMs: number): ComboCounts {
    const kept = m.comboCounts;
    if (kept && nowMs >= kept.from && nowMs < kept.until) return kept;
    const listings = this.store.slots;
    const size = this.store.combinations.length;
    const nowUs = nowMs * 1000;
    const n = new Int32Array(size);
    const within = POSTED_WITHIN.map(() => new Int32Array(size));
    let until = Number.POSITIVE_INFINITY;
    const order = m.relevance;
    for (let i = 0; i < order.length; i++) {
      const l = listings[order[i]!]!;
      if (l.expiresUs <= nowUs) continue;
      const expiry = Math.ceil(l.expiresUs / 1000);
      if (expiry < until) until = expiry;
      const c = l.combo;
      n[c]!++;
      // Posted within N days while published_at > now - N days, i.e. until published + N days.
      const pubMs = l.publishedUs / 1000;
      for (let w = 0; w < POSTED_WITHIN.length; w++) {
        const end = Math.ceil(pubMs + POSTED_WITHIN[w]! * DAY_MS);
        if (end > nowMs) {
          within[w]![c]!++;
          if (end < until) until = end;
        }
      }
    }
    const present: number[] = [];
    for (let c = 0; c < size; c++) if (n[c]! > 0) present.push(c);
    const pick = (a: Int32Array) => Int32Array.from(present, (c) => a[c]!);
    const counts: ComboCounts = {
      from: nowMs,
      until,
      combo: Int32Array.from(present),
      n: pick(n),
      n1: pick(within[0]!),
      n7: pick(within[1]!),
      n30: pick(within[2]!),
    };
    // A clock earlier than the kept one (a test's, say) is answered but not kept.
    if (!kept || nowMs >= kept.from) m.comboCounts = counts;
    return counts;
  }

  /** One page of results with facet counts and the total, for a validated query. */
  async search(
    input: JobSearchQuery & { sort: 'relevance' | 'newest'; limit: number },
    cursor: Cursor | null,
    now: Date,
  ): Promise<JobSearchOutput> {
    await this.sync();
    const prepared = await this.prepare(input.q, now);
    const m = this.matchesOf(prepared);
    const listings = this.store.slots;
    const byRank = input.sort === 'relevance' && m.ranks !== null;
    let order: Int32Array;
    if (byRank) order = m.relevance;
    else {
      m.newest ??= this.inNewestOrder(m.relevance);
      order = m.newest;
    }
    const keyAt = byRank ? (i: number) => m.ranks![i]! : (i: number) => listings[order[i]!]!.publishedUs;

    // Keyset: the first position strictly after the cursor in (featured, key, id) descending order.
    let start = 0;
    if (cursor) {
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const l = listings[order[mid]!]!;
        const cmp = l.featured - cursor.f || keyAt(mid) - cursor.k || compareIds(l.id, cursor.id);
        if (cmp >= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }

    const nowMs = now.getTime();
    const filters = this.store.dicts.filters(input);
    const counts = this.comboCountsAt(m, nowMs);
    const { facets: allFacets, passing } = sumFacets(
      this.store.dicts,
      this.store.combinations,
      counts,
      input,
      filters,
    );
    const { total, ...facets } = allFacets;
    const onTime = clockTest(input, nowMs);
    const passes = (l: Listing) => onTime(l) && passesFacets(l, filters, input.salaryStated);
    const found =
      total === 0 ? [] : this.page(m, byRank, order, start, input.limit + 1, passing, total, onTime, passes);
    const more = found.length > input.limit;
    const page = more ? found.slice(0, input.limit) : found;
    const lastAt = page[page.length - 1];
    const last = lastAt === undefined ? undefined : listings[order[lastAt]!]!;
    return {
      items: page.map((i) => listings[order[i]!]!.summary),
      total,
      facets,
      nextCursor:
        more && last && lastAt !== undefined
          ? encodeCursor({ f: last.featured, k: keyAt(lastAt), id: last.id })
          : null,
    };
  }

  /**
   * Up to `want` positions in `order`, from `start` on, of listings passing the query (`passes`).
   * When the matches passing the filters are common, walking the order finds them in a few steps;
   * when they are rare (a narrow filter over a broad text), the walk would read most of the
   * order, so each passing facet combination's own positions are read instead: those pass every
   * facet filter, so only the clock's filters (`onTime`) are left to check, and the first `want`
   * of each are merged.
   */
  private page(
    m: TextMatches,
    byRank: boolean,
    order: Int32Array,
    start: number,
    want: number,
    passing: readonly number[],
    total: number,
    onTime: (l: Listing) => boolean,
    passes: (l: Listing) => boolean,
  ): number[] {
    const listings = this.store.slots;
    const fraction = total / Math.max(1, order.length);
    if (1 / fraction <= passing.length) {
      const out: number[] = [];
      for (let i = start; i < order.length && out.length < want; i++)
        if (passes(listings[order[i]!]!)) out.push(i);
      return out;
    }
    if (byRank) m.relevanceByCombo ??= positionsByCombo(order, listings);
    else m.newestByCombo ??= positionsByCombo(order, listings);
    const byCombo = (byRank ? m.relevanceByCombo : m.newestByCombo)!;
    const out: number[] = [];
    for (const c of passing) {
      const list = byCombo.get(c);
      if (!list) continue;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo, got = 0; i < list.length && got < want; i++) {
        if (!onTime(listings[order[list[i]!]!]!)) continue;
        out.push(list[i]!);
        got++;
      }
    }
    return out.sort((x, y) => x - y).slice(0, want);
  }
}

/** The filters the clock decides: the run has not ended, and "posted within N days". */
function clockTest(q: JobSearchQuery, nowMs: number) {
  const nowUs = nowMs * 1000;
  const postedAfterUs = q.postedWithinDays ? (nowMs - q.postedWithinDays * DAY_MS) * 1000 : null;
  return (l: Listing) => l.expiresUs > nowUs && (postedAfterUs === null || l.publishedUs > postedAfterUs);
}

/** The facet filters (ListingStore.facetFilters) and "salary stated". */
function passesFacets(l: Listing, [pt, se, co, wp, cs]: FacetFilters, salaryStated: boolean) {
  return (
    (!pt || pt[l.pt] === 1) &&
    (!se || se[l.se] === 1) &&
    (!co || co[l.co] === 1) &&
    (!wp || wp[l.wp] === 1) &&
    (!cs || cs[l.cs] === 1) &&
    (!salaryStated || l.sal)
  );
}

function positionsByCombo(order: Int32Array, listings: readonly (Listing | null)[]) {
  const lists = new Map<number, number[]>();
  for (let i = 0; i < order.length; i++) {
    const c = listings[order[i]!]!.combo;
    const list = lists.get(c);
    if (list) list.push(i);
    else lists.set(c, [i]);
  }
  const out = new Map<number, Int32Array>();
  for (const [c, list] of lists) out.set(c, Int32Array.from(list));
  return out;
}

/** uuids compare as their canonical lowercase text does, as in PostgreSQL. */
function compareIds(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest order: featured first, then published descending, then id descending. */
function byNewest(a: Listing, b: Listing) {
  return b.featured - a.featured || b.publishedUs - a.publishedUs || compareIds(b.id, a.id);
}
