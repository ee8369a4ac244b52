import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from './migrations';
import { ServingSampleStore } from './ServingSampleStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const minute = (n: number) => Date.UTC(2026, 0, 5, 12, n);

describe('ServingSampleStore', () => {
  it.each(databases.eachSupportedId())(
    'keeps one sample per version and minute, the newest minutes first, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new ServingSampleStore(knex);
      const target = 'dev/fraud';
      await store.record(
        target,
        {
          '4': [0, 1, 2].map(n => ({ at: minute(n), requests: n, errors: 0 })),
          '3': [{ at: minute(2), requests: 900, errors: 1 }],
        },
        1_000,
      );
      // minute 2 read again, later in the minute: it replaces the first reading
      await store.record(
        target,
        { '4': [{ at: minute(2) + 30_000, requests: 25, errors: 1 }] },
        2_000,
      );
      await store.record(
        'dev/other',
        { '4': [{ at: minute(2), requests: 7, errors: 0 }] },
        2_000,
      );
      const recent = await store.recent(target, {
        minutes: 2,
        recordedSince: 0,
      });
      expect(recent['4'].map(s => s.requests)).toEqual([1, 25]);
      expect(recent['3'].map(s => s.requests)).toEqual([900]);
      // read before our window: not part of it
      expect(
        (await store.recent(target, { minutes: 10, recordedSince: 1_500 }))[
          '4'
        ],
      ).toHaveLength(1);
      expect(await store.prune(1_500)).toBe(3);
      expect(
        await store.recent(target, { minutes: 10, recordedSince: 0 }),
      ).toEqual({
        '4': [{ at: minute(2) + 30_000, requests: 25, errors: 1 }],
      });
      await knex.destroy();
    },
  );
});
