import type { JobSearchOutput, JobSummary } from '@societas/contracts';
import type { DB, Executor } from '@societas/db';
import pg from 'pg';
import type { Logger } from 'pino';
import {
  type Cursor,
  encodeCursor,
  factsOf,
  type ListingFactRow,
  type MatchColumns,
  type MatchKeys,
  type MatchRow,
  rematch,
  summariesOf,
  textMatchColumns,
  textMatchKeys,
} from '../search.repository.js';
import { type CombinationCounts, CombinationTable, FacetDictionaries, sumFacets } from './facets.js';
import { type JobSearch, type JobSearchRequest, SqlJobSearch, toSummary } from './job-search.js';
import { ListingFacts, ownCopy } from './listing-facts.js';

/**
 * A bounded cache of per-text search results in front of PostgreSQL (ADR 012). Matching and
 * ranking stay PostgreSQL's: an entry is the list of visible listings a text matches, in the
 * order and with the rank PostgreSQL gave them (`textMatchColumns`), as numbers into one table of
 * each listing's facts per process (`ListingFacts`: featured, published, expires, facet values).
 * A request for a kept text pages that list from its keyset cursor, applies the facet filters
 * and sums the facet counts (`sumFacets`, the rule the SQL form uses) without a query.
 *
 * Exactness. A trigger (migration 20261201000100) sends the id of every change to a listing that
 * is or was published on the `job_search` channel, and `e:<employer id>` for a new logo. The cache
 * LISTENs on its own connection. Before answering, a search waits for a barrier: a `SELECT 1` on
 * that connection, after which every notification committed before the search began has arrived.
 * The barrier then applies them: the changed listings are matched and ranked again, in SQL,
 * against every kept text at once (`rematch`: one query over the changed rows only), and each
 * entry drops and re-inserts just those listings. So a search sees every write committed before
 * it started, and one edit a second costs one small query a second, not the cache. Searches
 * arriving while a barrier runs share the next one. A cut listening connection empties the cache
 * (notifications may have been missed) and is opened again.
 *
 * The clock: an entry holds the listings visible when it was read and is used for request clocks
 * at or after that instant; each request's clock hides what has expired since and decides "posted
 * within". An earlier clock (a test's) reads a fresh entry.
 */

const CHANNEL = 'job_search';
const DAY_US = 86_400_000_000;
const POSTED_WITHIN = [1, 7, 30] as const;
/** Past this many changed listings in one barrier, starting over is cheaper than re-matching. */
const CLEAR_ABOVE = 2000;
/** An entry is read again after an hour, so listings whose run ended do not pile up in it. */
const ENTRY_MAX_AGE_MS = 3_600_000;
const SUMMARIES_MAX = 20_000;
const CHANGE_LOG_MAX = 200;

export interface CachedJobSearchOptions {
  db: DB;
  /** The connection string, for the listening connection. */
  url: string;
  log: Logger;
  /** At most this many texts kept (least recently used dropped first). */
  maxTexts?: number;
  /** At most this many matches kept over all texts (12–16 bytes each). */
  maxMatches?: number;
}

/** A text's matches, in PostgreSQL's relevance order: featured, then rank (or date), then id, descending. */
interface TextEntry {
  text: string;
  /** The clock the matches were read at (and re-matched at): valid for clocks at or after it. */
  at: Date;
  atUs: number;
  readAtMs: number;
  generation: number;
  /** The table `nums` refers to (the cache's, unless it started over since). */
  facts: ListingFacts;
  /** The matching listings' numbers in `facts`, in relevance order. */
  nums: Int32Array;
  /** The relevance key PostgreSQL gave each: the rank, or published_at in µs with no text. */
  key: Float64Array;
  /** Positions in newest order (published, id descending), sorted when first needed. */
  newest: Int32Array | null;
  counts: ComboCounts | null;
}

/** Visible matches per facet combination for request clocks in [fromUs, untilUs). */
interface ComboCounts extends CombinationCounts {
  fromUs: number;
  untilUs: number;
}

interface ChangeBatch {
  seq: number;
  ids: string[];
  employers: string[];
}

export interface SearchCacheStats {
  texts: number;
  matches: number;
  hits: number;
  reads: number;
  rematched: number;
  summaries: number;
}

export class CachedJobSearch implements JobSearch {
  private readonly entries = new Map<string, TextEntry>();
  private readonly reading = new Map<string, Promise<void>>();
  /** A text not kept is answered by the plain SQL while its entry is read. */
  private readonly sql = new SqlJobSearch();
  private matches = 0;
  private readonly dicts = new FacetDictionaries();
  private readonly table = new CombinationTable();
  private readonly comboByKey = new Map<string, number>();
  private readonly summaries = new Map<string, { employerId: string; summary: JobSummary }>();
  private facts = new ListingFacts();
  private generation = 0;
  /** Bumped for each applied batch of changes; the log says which ids each batch changed. */
  private seq = 0;
  private readonly changeLog: ChangeBatch[] = [];
  private client: pg.Client | null = null;
  private readonly pending = new Set<string>();
  private readonly pendingEmployers = new Set<string>();
  private clearNeeded = true;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;
  private readonly maxTexts: number;
  private readonly maxMatches: number;
  private readonly counters = { hits: 0, reads: 0, rematched: 0 };

  constructor(private readonly options: CachedJobSearchOptions) {
    this.maxTexts = options.maxTexts ?? 500;
    this.maxMatches = options.maxMatches ?? 4_000_000;
  }

  stats(): SearchCacheStats {
    return {
      texts: this.entries.size,
      matches: this.matches,
      ...this.counters,
      summaries: this.summaries.size,
    };
  }

  async close() {
    this.closed = true;
    await this.running?.catch(() => {});
    await this.settled();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  // -------------------------------------------------------------------------------------------
  // Following the database

  /**
   * Resolves once every change committed before the call is applied. Calls that arrive while a
   * barrier runs wait for the next one (the running one may have started before their writes
   * committed); all of them share it.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The job search is closed.'));
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

  private async barrier() {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.client) await this.connect();
        // Notifications of transactions committed before this query arrive before its answer.
        await this.client!.query('SELECT 1');
        break;
      } catch (error) {
        await this.dropConnection();
        if (attempt >= 2) throw error;
      }
    }
    await this.applyPending();
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
        this.clearNeeded = true;
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
    // Whatever changed while nobody listened is unknown: start over.
    this.clearNeeded = true;
  }

  private async dropConnection() {
    const client = this.client;
    this.client = null;
    this.clearNeeded = true;
    await client?.end().catch(() => {});
  }

  /** Empties the cache; entries being read for an older generation are not kept. */
  private clear() {
    this.generation++;
    this.entries.clear();
    this.matches = 0;
    this.summaries.clear();
    this.facts = new ListingFacts();
    this.changeLog.length = 0;
  }

  private async applyPending() {
    if (this.clearNeeded) {
      this.clearNeeded = false;
      this.pending.clear();
      this.pendingEmployers.clear();
      this.seq++;
      this.clear();
      return;
    }
    if (this.pending.size === 0 && this.pendingEmployers.size === 0) return;
    const batch: ChangeBatch = {
      seq: ++this.seq,
      ids: [...this.pending],
      employers: [...this.pendingEmployers],
    };
    this.pending.clear();
    this.pendingEmployers.clear();
    this.changeLog.push(batch);
    if (this.changeLog.length > CHANGE_LOG_MAX) this.changeLog.shift();
    for (const id of batch.ids) this.summaries.delete(id);
    if (batch.employers.length) {
      const employers = new Set(batch.employers);
      for (const [id, s] of this.summaries) if (employers.has(s.employerId)) this.summaries.delete(id);
    }
    if (batch.ids.length === 0) return;
    if (batch.ids.length > CLEAR_ABOVE) {
      this.clear();
      return;
    }
    const entries = [...this.entries.values()];
    await this.rematchInto(entries, batch.ids);
  }

  /**
   * Refreshes the changed listings' facts and re-matches them against some entries' texts. The
   * facts are refreshed even when no entry is given: a later read trusts the table's facts.
   */
  private async rematchInto(entries: readonly TextEntry[], ids: readonly string[]) {
    if (ids.length === 0) return;
    const generation = this.generation;
    const [rows, facts] = await Promise.all([
      entries.length
        ? rematch(
            this.options.db,
            ids,
            entries.map((e) => ({ text: e.text, at: e.at })),
          )
        : [],
      factsOf(this.options.db, ids),
    ]);
    if (generation !== this.generation) return;
    // The changed listings' facts as they are now, before any entry is put in order by them.
    for (const row of facts) this.facts.set(row.id, row.f, row.pub, row.exp, this.comboOf(row));
    this.counters.rematched += ids.length;
    const byText = new Map<string, MatchRow[]>();
    for (const row of rows) {
      const list = byText.get(row.text);
      if (list) list.push(row);
      else byText.set(row.text, [row]);
    }
    const changed = new Uint8Array(this.facts.size);
    for (const id of ids) {
      const n = this.facts.numberFor(id);
      if (n !== undefined) changed[n] = 1;
    }
    for (const entry of entries) this.patch(entry, changed, byText.get(entry.text) ?? []);
  }

  /**
   * Drops the changed listings from an entry and inserts the ones its text matches now, in order.
   * The changed listings (`changed[number]` 1) have their facts refreshed already; the others' are
   * as the entry was sorted by.
   */
  private patch(entry: TextEntry, changed: Uint8Array, rows: MatchRow[]) {
    const facts = entry.facts;
    let dropCount = 0;
    for (let i = 0; i < entry.nums.length; i++) dropCount += changed[entry.nums[i]!]!;
    if (dropCount === 0 && rows.length === 0) return;
    const added = rows.map((row) => ({
      num: facts.numberOrAdd(row.id, row.f, row.pub, row.exp, this.comboOf(row)),
      k: row.k,
    }));
    added.sort((a, b) => compareMatches(facts, b.num, b.k, a.num, a.k));
    const n = entry.nums.length - dropCount + added.length;
    const nums = new Int32Array(n);
    const key = new Float64Array(n);
    let w = 0;
    let r = 0;
    for (let i = 0; i < entry.nums.length; i++) {
      const num = entry.nums[i]!;
      if (changed[num]) continue;
      // Insert the new rows that come before position i in relevance order (descending tuple).
      while (r < added.length && compareMatches(facts, added[r]!.num, added[r]!.k, num, entry.key[i]!) > 0) {
        nums[w] = added[r]!.num;
        key[w++] = added[r++]!.k;
      }
      nums[w] = num;
      key[w++] = entry.key[i]!;
    }
    for (; r < added.length; r++) {
      nums[w] = added[r]!.num;
      key[w++] = added[r]!.k;
    }
    if (this.entries.get(entry.text) === entry) this.matches += n - entry.nums.length;
    Object.assign(entry, { nums, key, newest: null, counts: null });
  }

  /** A combination from its key as textMatchColumns writes it (pt|se|co|wp|cs or ~|sal 1/0). */
  private comboOfKey(key: string) {
    let c = this.comboByKey.get(key);
    if (c === undefined) {
      const [pt, se, co, wp, cs, sal] = ownCopy(key).split('|') as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      c = this.comboOf({ pt, se, co, wp, cs: cs === '~' ? null : cs, sal: sal === '1' });
      this.comboByKey.set(ownCopy(key), c);
    }
    return c;
  }

  private comboOf(row: Pick<ListingFactRow, 'pt' | 'se' | 'co' | 'wp' | 'cs' | 'sal'>) {
    const d = this.dicts;
    return this.table.idOf(
      [
        d.positionTypes.code(row.pt),
        d.sectors.code(row.se),
        d.countries.code(row.co),
        d.workplaces.code(row.wp),
        row.cs === null ? 0 : d.careerStages.code(row.cs),
      ],
      row.sal,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Entries

  /** The kept entry of a text valid at a clock, if any. */
  private keptEntry(text: string, now: Date): TextEntry | null {
    const kept = this.entries.get(text);
    if (!kept || kept.atUs > now.getTime() * 1000 || Date.now() - kept.readAtMs >= ENTRY_MAX_AGE_MS)
      return null;
    this.counters.hits++;
    this.entries.delete(text);
    this.entries.set(text, kept);
    return kept;
  }

  /**
   * Starts reading a text's entry unless a read of it is under way: one read per text at a time.
   * It reads at the earlier of the request's clock and the real one, so the entry serves both.
   */
  private startRead(text: string, now: Date) {
    if (this.reading.has(text) || this.closed) return;
    const at = new Date(Math.min(now.getTime(), Date.now()));
    const read = this.read(this.options.db, text, at)
      .then(() => {})
      .catch((error: unknown) => {
        this.options.log.warn({ err: error }, 'job search: reading a text into the cache failed');
      })
      .finally(() => {
        if (this.reading.get(text) === read) this.reading.delete(text);
      });
    this.reading.set(text, read);
  }

  /** Resolves when no text is being read into the cache (tests wait for it before counting). */
  async settled(): Promise<void> {
    while (this.reading.size) await Promise.all(this.reading.values());
  }

  private async read(db: Executor, text: string, at: Date): Promise<TextEntry> {
    this.counters.reads++;
    const generation = this.generation;
    let seen = this.seq;
    // The table as it is now: if the cache starts over meanwhile, this entry is not kept and its
    // possibly stale facts stay out of the new table.
    const facts = this.facts;
    let entry: TextEntry;
    if (text === '' || !facts.primed) {
      entry = this.build(facts, text, at, generation, await textMatchColumns(db, text, at));
      if (text === '') facts.primed = true;
      else this.startRead('', at);
    } else {
      entry = await this.buildFromKeys(db, facts, text, at, generation, await textMatchKeys(db, text, at));
    }
    // Changes applied while the rows were read: match those listings again before keeping it.
    for (let attempt = 0; attempt < 3 && generation === this.generation && this.seq !== seen; attempt++) {
      const ids = this.changedSince(seen);
      if (!ids) return entry;
      seen = this.seq;
      await this.rematchInto([entry], ids);
    }
    if (generation === this.generation && this.seq === seen) this.keep(entry);
    return entry;
  }

  /**
   * An entry from the columns PostgreSQL sent, put in relevance order by the (featured, key, id) it
   * gave. A listing already in the facts table keeps the facts the table has: they were read or
   * refreshed by a change no older than this read (a change since is re-matched before keeping).
   */
  private build(facts: ListingFacts, text: string, at: Date, generation: number, m: MatchColumns) {
    const n = m.n;
    const nums = new Int32Array(n);
    const keys = new Float64Array(n);
    if (n) {
      const ids = m.ids!.split(',');
      const featured = m.f!.split(',');
      const key = m.k!.split(',');
      const published = m.pub!.split(',');
      const expires = m.exp!.split(',');
      const combos = m.combo!.split(',');
      for (let i = 0; i < n; i++) {
        keys[i] = Number(key[i]);
        nums[i] =
          facts.numberFor(ids[i]!) ??
          facts.numberOrAdd(
            ids[i]!,
            Number(featured[i]),
            Number(published[i]),
            Number(expires[i]),
            this.comboOfKey(combos[i]!),
          );
      }
    }
    return this.entryFrom(facts, text, at, generation, nums, keys);
  }

  /**
   * An entry from ids and ranks alone (the table is primed). A listing the table does not know
   * (published since, its notice not yet applied) has its facts read; one taken off since is left
   * out, as its notice will take it out anyway.
   */
  private async buildFromKeys(
    db: Executor,
    facts: ListingFacts,
    text: string,
    at: Date,
    generation: number,
    m: MatchKeys,
  ) {
    const ids = m.n ? m.ids!.split(',') : [];
    const unknown = ids.filter((id) => facts.numberFor(id) === undefined);
    if (unknown.length) {
      for (const row of await factsOf(db, unknown))
        facts.numberOrAdd(row.id, row.f, row.pub, row.exp, this.comboOf(row));
    }
    const key = m.n ? m.k!.split(',') : [];
    const nums = new Int32Array(ids.length);
    const keys = new Float64Array(ids.length);
    let w = 0;
    for (let i = 0; i < ids.length; i++) {
      const num = facts.numberFor(ids[i]!);
      if (num === undefined) continue;
      nums[w] = num;
      keys[w++] = Number(key[i]);
    }
    return this.entryFrom(facts, text, at, generation, nums.subarray(0, w), keys.subarray(0, w));
  }

  /** An entry of some listings with their keys, put in relevance order (featured, key, id). */
  private entryFrom(
    facts: ListingFacts,
    text: string,
    at: Date,
    generation: number,
    unsorted: Int32Array,
    keys: Float64Array,
  ): TextEntry {
    const n = unsorted.length;
    const order = Int32Array.from(unsorted.keys()).sort((a, b) =>
      compareMatches(facts, unsorted[b]!, keys[b]!, unsorted[a]!, keys[a]!),
    );
    const nums = new Int32Array(n);
    const key = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      nums[p] = unsorted[order[p]!]!;
      key[p] = keys[order[p]!]!;
    }
    return {
      text,
      at,
      atUs: at.getTime() * 1000,
      readAtMs: Date.now(),
      generation,
      facts,
      nums,
      key,
      newest: null,
      counts: null,
    };
  }

  /** The ids changed by batches after `seq`, or null when the log no longer reaches back that far. */
  private changedSince(seq: number): string[] | null {
    const first = this.changeLog[0];
    if (!first || first.seq > seq + 1) return null;
    const ids = new Set<string>();
    for (const b of this.changeLog) if (b.seq > seq) for (const id of b.ids) ids.add(id);
    return [...ids];
  }

  private keep(entry: TextEntry) {
    if (entry.nums.length > this.maxMatches) return;
    const old = this.entries.get(entry.text);
    if (old) {
      this.matches -= old.nums.length;
      this.entries.delete(entry.text);
    }
    while (
      this.entries.size &&
      (this.entries.size >= this.maxTexts || this.matches + entry.nums.length > this.maxMatches)
    ) {
      const [text, oldest] = this.entries.entries().next().value!;
      this.entries.delete(text);
      this.matches -= oldest.nums.length;
    }
    this.entries.set(entry.text, entry);
    this.matches += entry.nums.length;
  }

  /** Positions in newest order: published_at, then id, descending (featured or not). */
  private newestOrder(e: TextEntry): Int32Array {
    const { publishedUs, ids } = e.facts;
    const nums = e.nums;
    e.newest ??= Int32Array.from(nums.keys()).sort(
      (a, b) => publishedUs[nums[b]!]! - publishedUs[nums[a]!]! || compareIds(ids[nums[b]!]!, ids[nums[a]!]!),
    );
    return e.newest;
  }

  /**
   * An entry's visible matches per facet combination at a clock, and the first later instant the
   * clock alone changes them (a match expiring or leaving "posted within 1 / 7 / 30 days").
   */
  private countsAt(e: TextEntry, nowUs: number): ComboCounts {
    const kept = e.counts;
    if (kept && nowUs >= kept.fromUs && nowUs < kept.untilUs) return kept;
    const size = this.table.length;
    const n = new Int32Array(size);
    const within = POSTED_WITHIN.map(() => new Int32Array(size));
    let untilUs = Number.POSITIVE_INFINITY;
    const { expiresUs, publishedUs, combo } = e.facts;
    for (let i = 0; i < e.nums.length; i++) {
      const num = e.nums[i]!;
      const exp = expiresUs[num]!;
      if (exp <= nowUs) continue;
      if (exp < untilUs) untilUs = exp;
      const c = combo[num]!;
      n[c]!++;
      // Posted within N days while published_at > now - N days, i.e. until published + N days.
      for (let w = 0; w < POSTED_WITHIN.length; w++) {
        const end = publishedUs[num]! + POSTED_WITHIN[w]! * DAY_US;
        if (end > nowUs) {
          within[w]![c]!++;
          if (end < untilUs) untilUs = end;
        }
      }
    }
    const present: number[] = [];
    for (let c = 0; c < size; c++) if (n[c]! > 0) present.push(c);
    const pick = (a: Int32Array) => Int32Array.from(present, (c) => a[c]!);
    const counts: ComboCounts = {
      fromUs: nowUs,
      untilUs,
      combo: Int32Array.from(present),
      n: pick(n),
      n1: pick(within[0]!),
      n7: pick(within[1]!),
      n30: pick(within[2]!),
    };
    if (!kept || nowUs >= kept.fromUs) e.counts = counts;
    return counts;
  }

  // -------------------------------------------------------------------------------------------
  // Answering

  async search(
    db: Executor,
    input: JobSearchRequest,
    cursor: Cursor | null,
    now: Date,
  ): Promise<JobSearchOutput> {
    await this.sync();
    const text = input.q.trim().replace(/\s+/g, ' ');
    const e = this.keptEntry(text, now);
    if (!e) {
      // A text's first search costs what the plain SQL costs (a page and the facet counts), not a
      // read of every match; the entry is read beside it for the searches that follow.
      this.startRead(text, now);
      return this.sql.search(db, input, cursor, now);
    }
    const nowUs = now.getTime() * 1000;
    const newest = input.sort === 'newest';

    const { facets: allFacets, passing } = sumFacets(
      this.dicts,
      this.table,
      this.countsAt(e, nowUs),
      input,
      this.dicts.filters(input),
    );
    const { total, ...facets } = allFacets;
    const pass = new Uint8Array(this.table.length);
    for (const c of passing) pass[c] = 1;
    const postedAfterUs = input.postedWithinDays ? nowUs - input.postedWithinDays * DAY_US : null;

    const order = newest ? this.newestOrder(e) : null;
    const at = (p: number) => (order ? order[p]! : p);
    const { ids, featured, publishedUs, expiresUs, combo } = e.facts;
    const nums = e.nums;
    // Keyset: the first position strictly after the cursor, in the order's descending tuple.
    const compare = (i: number, c: Cursor) =>
      newest
        ? publishedUs[nums[i]!]! - c.k || compareIds(ids[nums[i]!]!, c.id)
        : featured[nums[i]!]! - c.f || e.key[i]! - c.k || compareIds(ids[nums[i]!]!, c.id);
    let start = 0;
    if (cursor) {
      let lo = 0;
      let hi = nums.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(at(mid), cursor) >= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const found: number[] = [];
    if (total > 0) {
      for (let p = start; p < nums.length && found.length <= input.limit; p++) {
        const i = at(p);
        const num = nums[i]!;
        if (expiresUs[num]! <= nowUs || !pass[combo[num]!]) continue;
        if (postedAfterUs !== null && publishedUs[num]! <= postedAfterUs) continue;
        found.push(i);
      }
    }
    const more = found.length > input.limit;
    const page = more ? found.slice(0, input.limit) : found;
    const last = page[page.length - 1];
    // The cursor before any await: a change applied meanwhile may refresh these facts.
    const nextCursor =
      more && last !== undefined
        ? encodeCursor(
            newest
              ? { f: 0, k: publishedUs[nums[last]!]!, id: ids[nums[last]!]! }
              : { f: featured[nums[last]!] ? 1 : 0, k: e.key[last]!, id: ids[nums[last]!]! },
          )
        : null;
    const items = await this.summariesFor(
      db,
      page.map((i) => ids[nums[i]!]!),
    );
    return { items, total, facets, nextCursor };
  }

  /** The result summaries of some listings: kept ones, the rest read (and kept unless a change raced the read). */
  private async summariesFor(db: Executor, ids: string[]): Promise<JobSummary[]> {
    const missing = ids.filter((id) => !this.summaries.has(id));
    const read = new Map<string, JobSummary>();
    if (missing.length) {
      const seq = this.seq;
      const rows = await summariesOf(db, missing);
      for (const row of rows) {
        const summary = toSummary(row);
        read.set(row.id, summary);
        if (this.seq === seq) {
          if (this.summaries.size >= SUMMARIES_MAX)
            this.summaries.delete(this.summaries.keys().next().value!);
          this.summaries.set(row.id, { employerId: row.employer_id, summary });
        }
      }
    }
    // A listing deleted since the barrier has no summary: it is left out.
    return ids.flatMap((id) => {
      const summary = this.summaries.get(id)?.summary ?? read.get(id);
      return summary ? [summary] : [];
    });
  }
}

/**
 * Two matches in relevance order (featured, key, id), as PostgreSQL's descending tuple compares:
 * positive when the first comes first.
 */
function compareMatches(facts: ListingFacts, a: number, ka: number, b: number, kb: number) {
  return facts.featured[a]! - facts.featured[b]! || ka - kb || compareIds(facts.ids[a]!, facts.ids[b]!);
}

/** uuids compare as their canonical lowercase text does, as in PostgreSQL. */
function compareIds(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}
