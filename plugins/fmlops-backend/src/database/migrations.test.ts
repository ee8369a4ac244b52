import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { migrationsDir } from './migrations';
import { SnapshotStore } from './SnapshotStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('database', () => {
  it('runs on PostgreSQL in CI, not only on SQLite', () => {
    // ./fmlops test exports the connection string when a server answers; CI must have one
    const required = process.env.CI
      ? ['POSTGRES_15', 'SQLITE_3']
      : ['SQLITE_3'];
    expect(
      required.filter(id => !databases.supports(id as 'SQLITE_3')),
    ).toEqual([]);
  });

  it.each(databases.eachSupportedId())(
    'migrates every step up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const steps = fs
        .readdirSync(migrationsDir)
        .filter(f => f.endsWith('.js'))
        .sort();
      for (const _ of steps) {
        await knex.migrate.up({ directory: migrationsDir });
      }
      for (const table of [
        'fmlops_snapshots',
        'fmlops_operations',
        'fmlops_operation_locks',
        'fmlops_audit',
        'fmlops_serving_samples',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      for (const _ of steps) {
        await knex.migrate.down({ directory: migrationsDir });
      }
      expect(await knex.schema.hasTable('fmlops_snapshots')).toBe(false);
      expect(await knex.schema.hasTable('fmlops_operations')).toBe(false);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'moves a running operation and its lock to a serving target, and back, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // up to the per-entity lock
      await knex.migrate.up({ directory: migrationsDir });
      await knex.migrate.up({ directory: migrationsDir });
      const entityRef = 'resource:default/card-fraud-detector';
      await knex('fmlops_operations').insert({
        id: 'op-1',
        entity_ref: entityRef,
        type: 'promote',
        status: 'running',
        phase: 'baking',
        requested_by: 'user:default/alice',
        state: '{}',
        evidence: '[]',
        history: '[]',
        created_at: 1_000,
        updated_at: 1_000,
        next_tick_at: 1_000,
      });
      await knex('fmlops_active_operations').insert({
        entity_ref: entityRef,
        operation_id: 'op-1',
      });
      await knex('fmlops_audit').insert({
        id: 'a-1',
        entity_ref: entityRef,
        operation_id: 'op-1',
        type: 'promote',
        actor: 'user:default/alice',
        outcome: 'started',
        at: 1_000,
      });

      await knex.migrate.up({ directory: migrationsDir });
      // the old rows do not know their endpoint: they keep their entity's key
      const target = `entity:${entityRef}`;
      expect(await knex('fmlops_operation_locks').select()).toEqual([
        { serving_target: target, operation_id: 'op-1', entity_ref: entityRef },
      ]);
      expect(await knex('fmlops_operations').pluck('serving_target')).toEqual([
        target,
      ]);
      expect(await knex('fmlops_audit').pluck('serving_target')).toEqual([
        target,
      ]);
      await expect(
        knex('fmlops_operations').insert({
          id: 'op-2',
          entity_ref: entityRef,
          type: 'promote',
          status: 'running',
          phase: 'applying',
          requested_by: 'user:default/alice',
          state: '{}',
          evidence: '[]',
          history: '[]',
          created_at: 2_000,
          updated_at: 2_000,
          next_tick_at: 2_000,
        }),
      ).rejects.toThrow(/serving_target/);

      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex('fmlops_active_operations').select()).toEqual([
        { entity_ref: entityRef, operation_id: 'op-1' },
      ]);
      expect(
        await knex.schema.hasColumn('fmlops_audit', 'serving_target'),
      ).toBe(false);
      expect(await knex.schema.hasTable('fmlops_operation_locks')).toBe(false);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the environment of rows from before environments empty (the default one), on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const steps = fs
        .readdirSync(migrationsDir)
        .filter(f => f.endsWith('.js'))
        .sort();
      const environments = steps.indexOf('20261203120000_environments.js');
      for (const _ of steps.slice(0, environments)) {
        await knex.migrate.up({ directory: migrationsDir });
      }
      await knex('fmlops_audit').insert({
        id: 'a-1',
        entity_ref: 'resource:default/m',
        serving_target: 'dev/m',
        type: 'promote',
        actor: 'user:default/alice',
        outcome: 'started',
        at: 1_000,
      });
      await knex.migrate.up({ directory: migrationsDir });
      expect(await knex('fmlops_audit').pluck('environment')).toEqual([null]);
      await knex.migrate.down({ directory: migrationsDir });
      for (const table of ['fmlops_operations', 'fmlops_audit']) {
        expect(await knex.schema.hasColumn(table, 'environment')).toBe(false);
      }
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the newest snapshot per key on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new SnapshotStore(knex);

      await store.put('overview:resource:default/a', { v: 1 }, 1_000);
      await store.put('overview:resource:default/a', { v: 2 }, 2_000);
      // a slow read that finishes late must not replace a newer one
      await store.put('overview:resource:default/a', { v: 0 }, 500);
      await expect(store.get('overview:resource:default/a')).resolves.toEqual({
        key: 'overview:resource:default/a',
        payload: { v: 2 },
        fetchedAt: 2_000,
      });
      await expect(store.get('missing')).resolves.toBeUndefined();

      await store.put('portfolio', { items: [] }, 1_500);
      await store.touch(['portfolio'], 10_000);
      expect(await store.hotKeys(5_000, 10)).toEqual(['portfolio']);
      expect(await store.prune(5_000)).toBe(1);
      await expect(
        store.get('overview:resource:default/a'),
      ).resolves.toBeUndefined();
      await knex.destroy();
    },
  );
});
