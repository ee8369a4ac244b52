/**
 * The read path's cache: a response is served from memory while fresh, served and revalidated in
 * the background while merely old, and reloaded otherwise. Concurrent requests for a key share one
 * load (N viewers → one Databricks read). A shared cache (Backstage's cache service) lets replicas
 * share reads; persisted snapshots keep pages rendering, marked stale, when Databricks is down.
 * No Backstage imports: the plugin adapts its services to the small interfaces below.
 */

export interface CachedEntry<T = unknown> {
  value: T;
  /** epoch ms of the Databricks read that produced the value */
  fetchedAt: number;
}

/** A cache shared between backend replicas (Backstage's cache service in the plugin). */
export interface SharedCache {
  get(key: string): Promise<CachedEntry | undefined>;
  set(key: string, entry: CachedEntry, ttlMs: number): Promise<void>;
}

/** Durable last-good reads (the plugin database). */
export interface SnapshotPersistence {
  get(key: string): Promise<CachedEntry | undefined>;
  put(key: string, entry: CachedEntry): Promise<void>;
}

export interface CacheResult<T> {
  value: T;
  fetchedAt: number;
  ageSeconds: number;
  /** true when the value is older than the stale limit or Databricks could not be read */
  stale: boolean;
  source: 'live' | 'cache' | 'snapshot';
}

export interface ReadThroughCacheOptions {
  /** served without revalidation while younger than this */
  freshMs: number;
  /** served while revalidating in the background while younger than this */
  staleWhileRevalidateMs: number;
  /** entries nobody asked for in this long are dropped from memory */
  idleEvictMs: number;
  /**
   * at most this many entries in memory; beyond it the least recently asked for is dropped
   * (unbounded when absent)
   */
  maxEntries?: number;
  shared?: SharedCache;
  snapshots?: SnapshotPersistence;
  now?: () => number;
  onBackgroundError?: (key: string, error: unknown) => void;
  /**
   * false turns the cache into a plain proxy: every request reads Databricks itself (for
   * comparisons in benchmarks; never useful in production)
   */
  enabled?: boolean;
}

export type Loader<T> = () => Promise<T>;

interface MemoryEntry {
  value: unknown;
  fetchedAt: number;
  lastRequestedAt: number;
  /** the last attempt to reload failed: the value is known to be outdated */
  lastLoadFailed: boolean;
  load: Loader<unknown>;
}

export class ReadThroughCache {
  private readonly memory = new Map<string, MemoryEntry>();
  private readonly inflight = new Map<string, Promise<MemoryEntry>>();
  /**
   * when each key was last invalidated: a value read before then (a load already under way, or
   * the shared cache's copy) is outdated and never kept
   */
  private readonly invalidatedAt = new Map<string, number>();
  private readonly now: () => number;
  private loads = 0;

  constructor(private readonly options: ReadThroughCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** How many loads ran (each one is at least one Databricks read); for tests and metrics. */
  get loadCount(): number {
    return this.loads;
  }

  async get<T>(key: string, load: Loader<T>): Promise<CacheResult<T>> {
    const now = this.now();
    if (this.options.enabled === false) {
      this.loads += 1;
      return {
        value: await load(),
        fetchedAt: now,
        ageSeconds: 0,
        stale: false,
        source: 'live',
      };
    }
    const entry = this.memory.get(key);
    if (entry) {
      entry.lastRequestedAt = now;
      entry.load = load;
      this.markRecentlyUsed(key, entry);
      const age = now - entry.fetchedAt;
      if (age < this.options.freshMs && !entry.lastLoadFailed) {
        return this.result(entry, 'cache', false);
      }
      if (age < this.options.staleWhileRevalidateMs) {
        this.revalidate(key, load);
        return this.result(entry, 'cache', entry.lastLoadFailed);
      }
    }
    try {
      const loaded = await this.loadOnce(key, load, now);
      return this.result(
        loaded,
        loaded.fetchedAt >= now ? 'live' : 'cache',
        false,
      );
    } catch (error) {
      const fallback = entry ?? (await this.fromSnapshot(key, load, now));
      if (!fallback) {
        throw error;
      }
      fallback.lastLoadFailed = true;
      return this.result(fallback, entry ? 'cache' : 'snapshot', true);
    }
  }

  /**
   * Reloads one key now (the cluster-wide keep-warm task, which may run on a replica where nobody
   * asked for it): a value another replica put in the shared cache while fresh is taken as is.
   */
  async refresh(key: string, load: Loader<unknown>): Promise<void> {
    const entry = this.memory.get(key);
    const requestedAt = entry?.lastRequestedAt ?? 0;
    await this.loadOnce(key, load, requestedAt).catch(error => {
      if (entry) {
        entry.lastLoadFailed = true;
      }
      throw error;
    });
  }

  /**
   * What memory holds for a key, without loading anything (undefined when it holds nothing).
   * Counts as asked for, so the entry is not dropped as idle.
   */
  peek<T>(key: string): CachedEntry<T> | undefined {
    const entry = this.memory.get(key);
    if (!entry) {
      return undefined;
    }
    entry.lastRequestedAt = this.now();
    return { value: entry.value as T, fetchedAt: entry.fetchedAt };
  }

  /** Drops what nobody asked for within the idle limit; returns the keys asked for within `ms`. */
  evictIdle(
    activeWithinMs: number,
  ): Array<{ key: string; lastRequestedAt: number }> {
    const now = this.now();
    for (const [key, at] of [...this.invalidatedAt]) {
      // by now any value read before the invalidation is past its freshness anyway
      if (now - at > this.options.staleWhileRevalidateMs) {
        this.invalidatedAt.delete(key);
      }
    }
    const active: Array<{ key: string; lastRequestedAt: number }> = [];
    for (const [key, entry] of [...this.memory]) {
      const idle = now - entry.lastRequestedAt;
      if (idle > this.options.idleEvictMs) {
        this.memory.delete(key);
      } else if (idle <= activeWithinMs) {
        active.push({ key, lastRequestedAt: entry.lastRequestedAt });
      }
    }
    return active;
  }

  /** How many entries memory holds (bounded by `maxEntries`). */
  get size(): number {
    return this.memory.size;
  }

  /**
   * Forgets a key, e.g. after an operation changed what it shows. A load under way when it is
   * called, and the shared cache's copy, were read before the change: neither is kept.
   */
  invalidate(key: string): void {
    this.memory.delete(key);
    this.invalidatedAt.set(key, this.now());
  }

  private readBeforeInvalidation(key: string, fetchedAt: number): boolean {
    const at = this.invalidatedAt.get(key);
    return at !== undefined && fetchedAt < at;
  }

  private revalidate(key: string, load: Loader<unknown>) {
    this.loadOnce(key, load, this.now()).catch(error => {
      const entry = this.memory.get(key);
      if (entry) {
        entry.lastLoadFailed = true;
      }
      this.options.onBackgroundError?.(key, error);
    });
  }

  /** One load per key at a time: concurrent callers wait for the same promise. */
  private loadOnce(
    key: string,
    load: Loader<unknown>,
    requestedAt: number,
  ): Promise<MemoryEntry> {
    const running = this.inflight.get(key);
    if (running) {
      return running;
    }
    const promise = this.load(key, load, requestedAt).finally(() => {
      this.inflight.delete(key);
    });
    this.inflight.set(key, promise);
    return promise;
  }

  private async load(
    key: string,
    load: Loader<unknown>,
    requestedAt: number,
  ): Promise<MemoryEntry> {
    const shared = await this.readShared(key);
    if (
      shared &&
      this.now() - shared.fetchedAt < this.options.freshMs &&
      !this.readBeforeInvalidation(key, shared.fetchedAt)
    ) {
      return this.remember(key, shared, load, requestedAt);
    }
    this.loads += 1;
    const fetchedAt = this.now();
    const value = await load();
    const entry = this.remember(key, { value, fetchedAt }, load, requestedAt);
    this.persist(key, { value, fetchedAt });
    return entry;
  }

  private remember(
    key: string,
    { value, fetchedAt }: CachedEntry,
    load: Loader<unknown>,
    requestedAt: number,
  ): MemoryEntry {
    const previous = this.memory.get(key);
    if (previous && previous.fetchedAt > fetchedAt) {
      return previous;
    }
    const entry: MemoryEntry = {
      value,
      fetchedAt,
      lastRequestedAt: Math.max(requestedAt, previous?.lastRequestedAt ?? 0),
      lastLoadFailed: false,
      load,
    };
    if (this.readBeforeInvalidation(key, fetchedAt)) {
      // handed to whoever waited for this load, but not kept for the next request
      return entry;
    }
    this.memory.delete(key);
    this.memory.set(key, entry);
    this.enforceCap();
    return entry;
  }

  /** The memory map is kept in order of last request: its first key is the least recently used. */
  private markRecentlyUsed(key: string, entry: MemoryEntry) {
    this.memory.delete(key);
    this.memory.set(key, entry);
  }

  private enforceCap() {
    const max = this.options.maxEntries ?? Infinity;
    while (this.memory.size > max) {
      const oldest = this.memory.keys().next().value as string;
      this.memory.delete(oldest);
    }
  }

  private async readShared(key: string): Promise<CachedEntry | undefined> {
    try {
      return await this.options.shared?.get(key);
    } catch (error) {
      this.options.onBackgroundError?.(key, error);
      return undefined;
    }
  }

  private persist(key: string, entry: CachedEntry) {
    const { shared, snapshots } = this.options;
    const writes: Array<Promise<void> | undefined> = [
      shared?.set(key, entry, this.options.staleWhileRevalidateMs),
      snapshots?.put(key, entry),
    ];
    for (const write of writes) {
      write?.catch(error => this.options.onBackgroundError?.(key, error));
    }
  }

  private async fromSnapshot(
    key: string,
    load: Loader<unknown>,
    now: number,
  ): Promise<MemoryEntry | undefined> {
    try {
      const snapshot = await this.options.snapshots?.get(key);
      return snapshot ? this.remember(key, snapshot, load, now) : undefined;
    } catch (error) {
      this.options.onBackgroundError?.(key, error);
      return undefined;
    }
  }

  private result<T>(
    entry: MemoryEntry,
    source: CacheResult<T>['source'],
    stale: boolean,
  ): CacheResult<T> {
    const ageMs = Math.max(0, this.now() - entry.fetchedAt);
    return {
      value: entry.value as T,
      fetchedAt: entry.fetchedAt,
      ageSeconds: Math.round(ageMs / 1000),
      // a live read is never stale; a kept one is once it outlived the revalidation window
      stale:
        stale ||
        (source !== 'live' && ageMs > this.options.staleWhileRevalidateMs),
      source,
    };
  }
}
