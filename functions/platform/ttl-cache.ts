/** What a TtlCache needs: how long an entry lives, how many it keeps, and the clock (tests inject one). */
export interface TtlCacheSettings {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now: () => number;
}

/**
 * A small per-execution-environment cache: an entry lives `ttlMs` by the injected clock, at most
 * `maxEntries` are kept (the oldest loaded goes first), and a load in flight is shared, so a burst
 * of requests for one key loads it once. A failed load is forgotten, so the next request tries again.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { loadedAt: number; value: Promise<T> }>();

  /** Settings are read at each call: a test may change the clock of a cache already built. */
  constructor(private readonly settings: TtlCacheSettings) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.settings.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.loadedAt < this.settings.ttlMs) return hit.value;
    // Re-inserted below, so Map order is load order and the first key is the oldest.
    this.entries.delete(key);
    while (this.entries.size >= Math.max(1, this.settings.maxEntries)) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    const value = load();
    const entry = { loadedAt: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
