import { KeepWarm } from './KeepWarm';
import { CachedEntry, ReadThroughCache } from './ReadThroughCache';

/** Two replicas sharing one cache (Redis in production) and one record of requested keys. */
function cluster() {
  let now = 1_000_000;
  const shared = new Map<string, CachedEntry>();
  let record: Record<string, number> | undefined;
  const replica = (
    loaderFor: (key: string) => (() => Promise<unknown>) | undefined,
  ) => {
    const cache = new ReadThroughCache({
      freshMs: 10_000,
      staleWhileRevalidateMs: 300_000,
      idleEvictMs: 1_200_000,
      now: () => now,
      shared: {
        get: async key => shared.get(key),
        set: async (key, entry) => {
          shared.set(key, entry);
        },
      },
    });
    const keepWarm = new KeepWarm({
      cache,
      requested: {
        get: async () => record,
        set: async keys => {
          record = keys;
        },
      },
      activeWithinMs: 600_000,
      maxKeys: 2,
      loaderFor,
      now: () => now,
    });
    return { cache, keepWarm };
  };
  return {
    replica,
    advance: (ms: number) => {
      now += ms;
    },
    record: () => record,
  };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('KeepWarm', () => {
  it('reloads what viewers of another replica look at, once, and that replica serves it', async () => {
    const { replica, advance } = cluster();
    let version = 0;
    const reads = jest.fn(async () => `overview v${++version}`);
    const a = replica(() => reads);
    const b = replica(() => reads);

    await b.cache.get('overview:resource:default/m', reads);
    await b.keepWarm.publish();
    advance(30_000);
    // the global task runs on replica a, where nobody asked for the overview
    await expect(a.keepWarm.refreshAll()).resolves.toEqual({
      refreshed: 1,
      failed: 0,
    });
    expect(reads).toHaveBeenCalledTimes(2);

    // b's copy is old: it serves it and revalidates from the shared cache, not from Databricks
    await b.cache.get('overview:resource:default/m', reads);
    await flush();
    await expect(
      b.cache.get('overview:resource:default/m', reads),
    ).resolves.toMatchObject({ value: 'overview v2' });
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps the most recently asked for keys within its cap and forgets old ones', async () => {
    const { replica, advance, record } = cluster();
    const { cache, keepWarm } = replica(() => async () => 'v');
    await cache.get('k1', async () => 'v');
    advance(1_000);
    await cache.get('k2', async () => 'v');
    advance(1_000);
    await cache.get('k3', async () => 'v');
    await keepWarm.publish();
    expect(Object.keys(record()!).sort()).toEqual(['k2', 'k3']);
    advance(700_000);
    await expect(keepWarm.refreshAll()).resolves.toEqual({
      refreshed: 0,
      failed: 0,
    });
  });
});
