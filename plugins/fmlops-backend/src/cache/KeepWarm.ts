import { Loader, ReadThroughCache } from './ReadThroughCache';

/** The keys viewers asked for on any replica, with when: a record in the shared cache. */
export interface RequestedKeysRecord {
  get(): Promise<Record<string, number> | undefined>;
  set(keys: Record<string, number>): Promise<void>;
}

export interface KeepWarmOptions {
  cache: ReadThroughCache;
  requested: RequestedKeysRecord;
  /** keys asked for within this long are kept warm */
  activeWithinMs: number;
  /** at most this many keys in the shared record (the most recently asked for win) */
  maxKeys: number;
  /** how to read a key again on any replica; undefined for keys not worth keeping warm */
  loaderFor: (key: string) => Loader<unknown> | undefined;
  now?: () => number;
}

/**
 * Keeps what viewers look at warm, once per cluster. Every replica publishes the keys its viewers
 * asked for (`publish`, a local task); one replica at a time reloads all of them (`refreshAll`, a
 * global task) and its reads reach the other replicas through the shared cache. Two replicas
 * publishing at the same moment may drop each other's keys until their next publish.
 */
export class KeepWarm {
  private readonly now: () => number;

  constructor(private readonly options: KeepWarmOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Forgets idle entries of this replica and adds what its viewers asked for to the record. */
  async publish(): Promise<void> {
    const active = this.options.cache.evictIdle(this.options.activeWithinMs);
    if (active.length === 0) {
      return;
    }
    const merged = this.current(await this.options.requested.get());
    for (const { key, lastRequestedAt } of active) {
      merged.set(key, Math.max(lastRequestedAt, merged.get(key) ?? 0));
    }
    await this.options.requested.set(this.capped(merged));
  }

  /** Reloads every key asked for on any replica within the active window. */
  async refreshAll(): Promise<{ refreshed: number; failed: number }> {
    const keys = this.current(await this.options.requested.get());
    let refreshed = 0;
    let failed = 0;
    for (const key of keys.keys()) {
      const load = this.options.loaderFor(key);
      if (!load) {
        continue;
      }
      try {
        await this.options.cache.refresh(key, load);
        refreshed += 1;
      } catch {
        failed += 1;
      }
    }
    return { refreshed, failed };
  }

  private current(record: Record<string, number> | undefined) {
    const since = this.now() - this.options.activeWithinMs;
    return new Map(
      Object.entries(record ?? {}).filter(([, at]) => at >= since),
    );
  }

  private capped(keys: Map<string, number>): Record<string, number> {
    return Object.fromEntries(
      [...keys].sort((a, b) => b[1] - a[1]).slice(0, this.options.maxKeys),
    );
  }
}
