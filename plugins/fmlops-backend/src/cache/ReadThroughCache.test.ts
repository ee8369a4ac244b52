import {
  CachedEntry,
  ReadThroughCache,
  ReadThroughCacheOptions,
  SnapshotPersistence,
} from './ReadThroughCache';

class MemorySnapshots implements SnapshotPersistence {
  readonly entries = new Map<string, CachedEntry>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async put(key: string, entry: CachedEntry) {
    this.entries.set(key, entry);
  }
}

function setup(overrides: Partial<ReadThroughCacheOptions> = {}) {
  let now = 1_000_000;
  const snapshots = new MemorySnapshots();
  const cache = new ReadThroughCache({
    freshMs: 10_000,
    staleWhileRevalidateMs: 60_000,
    idleEvictMs: 600_000,
    snapshots,
    now: () => now,
    ...overrides,
  });
  return {
    cache,
    snapshots,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('ReadThroughCache', () => {
  it('serves a fresh value without reading Databricks again', async () => {
    const { cache, advance } = setup();
    const load = jest.fn().mockResolvedValue('v1');
    await expect(cache.get('k', load)).resolves.toMatchObject({
      value: 'v1',
      source: 'live',
      stale: false,
    });
    advance(5_000);
    await expect(cache.get('k', load)).resolves.toMatchObject({
      value: 'v1',
      source: 'cache',
      ageSeconds: 5,
      stale: false,
    });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('makes one read for many concurrent viewers', async () => {
    const { cache } = setup();
    let release!: (v: string) => void;
    const load = jest.fn(
      () =>
        new Promise<string>(resolve => {
          release = resolve;
        }),
    );
    const viewers = Array.from({ length: 100 }, () => cache.get('k', load));
    await flush();
    release('v1');
    const results = await Promise.all(viewers);
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(results.map(r => r.value))).toEqual(new Set(['v1']));
  });

  it('serves an old value at once and refreshes it in the background', async () => {
    const { cache, advance } = setup();
    const load = jest.fn().mockResolvedValueOnce('v1').mockResolvedValue('v2');
    await cache.get('k', load);
    advance(20_000);
    await expect(cache.get('k', load)).resolves.toMatchObject({
      value: 'v1',
      ageSeconds: 20,
      stale: false,
    });
    await flush();
    await expect(cache.get('k', load)).resolves.toMatchObject({
      value: 'v2',
      stale: false,
    });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('falls back to the last good value, marked stale, when Databricks fails', async () => {
    const { cache, advance } = setup();
    const load = jest
      .fn()
      .mockResolvedValueOnce('v1')
      .mockRejectedValue(new Error('503'));
    await cache.get('k', load);
    advance(120_000);
    await expect(cache.get('k', load)).resolves.toMatchObject({
      value: 'v1',
      stale: true,
      ageSeconds: 120,
    });
  });

  it('renders from the persisted snapshot after a restart while Databricks is down', async () => {
    const first = setup();
    await first.cache.get('k', async () => 'persisted');
    await flush();

    const now = 2_000_000;
    const restarted = new ReadThroughCache({
      freshMs: 10_000,
      staleWhileRevalidateMs: 60_000,
      idleEvictMs: 600_000,
      snapshots: first.snapshots,
      now: () => now,
    });
    const result = await restarted.get('k', () =>
      Promise.reject(new Error('connection refused')),
    );
    expect(result).toMatchObject({
      value: 'persisted',
      source: 'snapshot',
      stale: true,
      ageSeconds: 1_000,
    });
  });

  it('surfaces the error when there is nothing to fall back to', async () => {
    const { cache } = setup();
    await expect(
      cache.get('k', () => Promise.reject(new Error('403 forbidden'))),
    ).rejects.toThrow('403 forbidden');
  });

  it('uses a fresh value another replica put in the shared cache', async () => {
    const shared = new Map<string, CachedEntry>();
    const { cache } = setup({
      shared: {
        get: async key => shared.get(key),
        set: async (key, entry) => {
          shared.set(key, entry);
        },
      },
    });
    shared.set('k', { value: 'from-replica', fetchedAt: 1_000_000 - 1_000 });
    const load = jest.fn().mockResolvedValue('live');
    await expect(cache.get('k', load)).resolves.toMatchObject({
      value: 'from-replica',
    });
    expect(load).not.toHaveBeenCalled();
  });

  it('forgets idle keys and lists the ones asked for recently', async () => {
    const { cache, advance } = setup({ idleEvictMs: 100_000 });
    await cache.get('cold', async () => 'cold');
    advance(90_000);
    await cache.get('hot', async () => 'hot');
    advance(20_000);
    expect(cache.evictIdle(60_000).map(k => k.key)).toEqual(['hot']);
    expect(cache.size).toBe(1);
  });

  it('holds at most maxEntries, dropping the least recently asked for', async () => {
    const { cache, advance } = setup({ maxEntries: 2 });
    const load = (v: string) => jest.fn().mockResolvedValue(v);
    const a = load('a');
    await cache.get('a', a);
    advance(1);
    await cache.get('b', load('b'));
    advance(1);
    // a is asked for again: b is now the least recently used
    await cache.get('a', a);
    advance(1);
    await cache.get('c', load('c'));
    expect(cache.size).toBe(2);
    const b = load('b-again');
    await expect(cache.get('b', b)).resolves.toMatchObject({
      value: 'b-again',
    });
    expect(a).toHaveBeenCalledTimes(1);
  });

  describe('after an invalidation', () => {
    it('does not keep what a load under way read before it', async () => {
      const { cache, advance } = setup();
      let release: (value: string) => void = () => {};
      const before = cache.get(
        'k',
        () => new Promise<string>(resolve => (release = resolve)),
      );
      await flush();
      advance(5);
      // an operation ends and moves the champion while Databricks is being read
      cache.invalidate('k');
      release('champion v1');
      await expect(before).resolves.toMatchObject({ value: 'champion v1' });
      await expect(
        cache.get('k', async () => 'champion v2'),
      ).resolves.toMatchObject({ value: 'champion v2', source: 'live' });
    });

    it("does not take the shared cache's copy from before it", async () => {
      const shared = new Map<string, CachedEntry>();
      const { cache, advance } = setup({
        shared: {
          get: async key => shared.get(key),
          set: async (key, entry) => {
            shared.set(key, entry);
          },
        },
      });
      await cache.get('k', async () => 'champion v1');
      await flush();
      advance(5);
      cache.invalidate('k');
      await expect(
        cache.get('k', async () => 'champion v2'),
      ).resolves.toMatchObject({ value: 'champion v2', source: 'live' });
    });
  });
});
