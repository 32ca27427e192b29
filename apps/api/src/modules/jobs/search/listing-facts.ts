/**
 * What the search cache knows of each listing it has read, once per process: its id and the facts
 * ordering, paging and facet counting look at (featured, published, expires, facet combination).
 * Entries then hold listing numbers into this table (4 bytes a match) instead of a copy of every
 * fact per text. The facts are PostgreSQL's rows: the cache refreshes a listing's facts whenever a
 * change to it is notified (search-cache.ts), and never decides a match itself. When the cache
 * starts over it makes a new table (entries keep the table their numbers refer to).
 */
export class ListingFacts {
  private readonly numberOf = new Map<string, number>();
  ids: string[] = [];
  featured = new Uint8Array(1024);
  publishedUs = new Float64Array(1024);
  expiresUs = new Float64Array(1024);
  combo = new Int32Array(1024);
  /**
   * Set once the no-text entry (every visible listing) was read into this table: from then on a
   * text's read needs only ids and ranks, and looks up the few listings it does not know.
   */
  primed = false;

  get size() {
    return this.ids.length;
  }

  numberFor(id: string): number | undefined {
    return this.numberOf.get(id);
  }

  /** A listing's number; a listing seen for the first time is added with these facts. */
  numberOrAdd(id: string, featured: number, publishedUs: number, expiresUs: number, combo: number) {
    const known = this.numberOf.get(id);
    return known ?? this.add(id, featured, publishedUs, expiresUs, combo);
  }

  /** Sets a listing's facts as PostgreSQL has them now (adding it if new); returns its number. */
  set(id: string, featured: number, publishedUs: number, expiresUs: number, combo: number) {
    const n = this.numberOf.get(id);
    if (n === undefined) return this.add(id, featured, publishedUs, expiresUs, combo);
    this.featured[n] = featured;
    this.publishedUs[n] = publishedUs;
    this.expiresUs[n] = expiresUs;
    this.combo[n] = combo;
    return n;
  }

  private add(id: string, featured: number, publishedUs: number, expiresUs: number, combo: number) {
    const n = this.ids.length;
    if (n === this.featured.length) this.grow();
    const own = ownCopy(id);
    this.ids.push(own);
    this.numberOf.set(own, n);
    this.featured[n] = featured;
    this.publishedUs[n] = publishedUs;
    this.expiresUs[n] = expiresUs;
    this.combo[n] = combo;
    return n;
  }

  private grow() {
    const size = this.featured.length * 2;
    const widen = <T extends Uint8Array | Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a as never);
      return b;
    };
    this.featured = widen(this.featured, (n) => new Uint8Array(n));
    this.publishedUs = widen(this.publishedUs, (n) => new Float64Array(n));
    this.expiresUs = widen(this.expiresUs, (n) => new Float64Array(n));
    this.combo = widen(this.combo, (n) => new Int32Array(n));
  }
}

/**
 * A string of its own: one split from a read's aggregated string is a slice that keeps the whole
 * string (megabytes at 100k matches) alive for as long as it is kept.
 */
export function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
