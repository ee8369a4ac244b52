import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { migrationsDir } from './migrations';
import { OperationStore } from './OperationStore';
import { OperationState } from '../operations/reconcile';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const promote = (): OperationState => ({
  type: 'promote',
  status: 'running',
  phase: 'applying',
  before: [{ modelVersion: '3', trafficPercentage: 100 }],
  expected: [{ modelVersion: '3', trafficPercentage: 100 }],
  target: [
    { modelVersion: '3', trafficPercentage: 90 },
    { modelVersion: '4', trafficPercentage: 10 },
  ],
  championVersion: '3',
  challengerVersion: '4',
  steps: [10, 100],
  stepIndex: 0,
});

async function store(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  await knex.migrate.latest({ directory: migrationsDir });
  return { knex, store: new OperationStore(knex) };
}

describe.each(databases.eachSupportedId())(
  'OperationStore on %p',
  databaseId => {
    it('lets exactly one of 50 concurrent operations on a model run', async () => {
      const { knex, store: ops } = await store(databaseId);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          ops.create({
            id: `op-${i}`,
            entityRef: 'resource:default/m',
            servingTarget: 'dev/m',
            environment: 'dev',
            requestedBy: 'user:default/alice',
            state: promote(),
            message: 'promote requested',
            now: 1_000 + i,
          }),
        ),
      );
      const created = results.filter(r => r.status === 'fulfilled');
      const conflicts = results.filter(
        r => r.status === 'rejected' && r.reason instanceof ConflictError,
      );
      expect(created).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      expect((conflicts[0] as PromiseRejectedResult).reason.message).toMatch(
        /The serving endpoint dev\/m of resource:default\/m already has an active promote operation/,
      );
      await knex.destroy();
    });

    it('writes an audit event with the change it records, or not at all', async () => {
      const { knex, store: ops } = await store(databaseId);
      const event = (
        id: string,
        outcome: AuditEvent['outcome'],
      ): AuditEvent => ({
        id,
        entityRef: 'resource:default/m',
        operationId: 'op-1',
        type: 'promote',
        actor: 'user:default/alice',
        outcome,
        at: new Date(2_000).toISOString(),
      });
      const { operation } = await ops.create({
        id: 'op-1',
        entityRef: 'resource:default/m',
        servingTarget: 'dev/m',
        environment: 'dev',
        requestedBy: 'user:default/alice',
        state: promote(),
        message: 'promote requested',
        now: 1_000,
        audit: event('a-start', 'started'),
      });
      const change = {
        state: { ...promote(), status: 'paused' as const },
        nextTickAt: 3_000,
        now: 3_000,
      };
      expect(
        await ops.update(operation, {
          ...change,
          audit: event('a-1', 'paused'),
        }),
      ).toBe(true);
      // a second writer with the revision it read before: neither its change nor its event lands
      expect(
        await ops.update(operation, {
          ...change,
          audit: event('a-2', 'paused'),
        }),
      ).toBe(false);
      // an event that cannot be written (its id is taken) takes the change back with it
      const current = (await ops.get('op-1'))!;
      await expect(
        ops.update(current, {
          ...change,
          state: { ...promote(), status: 'running' },
          audit: event('a-1', 'recorded'),
        }),
      ).rejects.toThrow();
      expect((await ops.get('op-1'))!.status).toBe('paused');
      expect((await ops.history('dev/m')).map(e => e.id).sort()).toEqual([
        'a-1',
        'a-start',
      ]);
      await knex.destroy();
    });

    it('shares the lock and the history between the entities that name one endpoint', async () => {
      const { knex, store: ops } = await store(databaseId);
      const { operation } = await ops.create({
        id: 'op-1',
        entityRef: 'resource:default/m',
        servingTarget: 'dev/m',
        environment: 'dev',
        requestedBy: 'user:default/alice',
        state: promote(),
        message: 'promote requested',
        now: 1_000,
      });
      const viaComponent = await ops
        .create({
          id: 'op-2',
          entityRef: 'component:default/m-pipeline',
          servingTarget: 'dev/m',
          environment: 'dev',
          requestedBy: 'user:default/bob',
          state: promote(),
          message: 'promote requested',
          now: 2_000,
        })
        .catch(e => e);
      expect(viaComponent).toBeInstanceOf(ConflictError);
      expect(viaComponent.message).toMatch(
        /\(op-1, running, applying, started on resource:default\/m\)/,
      );
      // another endpoint is another model
      await expect(
        ops.create({
          id: 'op-3',
          entityRef: 'resource:default/other',
          servingTarget: 'dev/other',
          environment: 'dev',
          requestedBy: 'user:default/bob',
          state: promote(),
          message: 'promote requested',
          now: 2_000,
        }),
      ).resolves.toMatchObject({ created: true });
      expect((await ops.active('dev/m'))?.id).toBe('op-1');
      await expect(ops.getForTarget('dev/other', 'op-1')).rejects.toThrow(
        /No operation op-1 on the serving endpoint dev\/other/,
      );
      for (const [i, entityRef] of [
        'resource:default/m',
        'component:default/m-pipeline',
      ].entries()) {
        await ops.appendAudit(
          {
            id: `a-${i}`,
            entityRef,
            operationId: operation.id,
            type: 'pause',
            actor: 'user:default/alice',
            outcome: 'recorded',
            at: new Date(3_000 + i).toISOString(),
          },
          'dev/m',
        );
      }
      expect((await ops.history('dev/m')).map(e => e.entityRef)).toEqual([
        'component:default/m-pipeline',
        'resource:default/m',
      ]);
      expect(await ops.history('dev/other')).toEqual([]);
      await knex.destroy();
    });

    it('returns the same operation for a repeated idempotency key', async () => {
      const { knex, store: ops } = await store(databaseId);
      const input = {
        id: 'op-a',
        entityRef: 'resource:default/m',
        servingTarget: 'dev/m',
        environment: 'dev',
        requestedBy: 'user:default/alice',
        idempotencyKey: 'click-1',
        state: promote(),
        message: 'promote requested',
        now: 1_000,
      };
      const first = await ops.create(input);
      const again = await ops.create({ ...input, id: 'op-b' });
      expect(first.created).toBe(true);
      expect(again).toMatchObject({
        created: false,
        operation: { id: 'op-a' },
      });
      await knex.destroy();
    });

    it('records steps with optimistic concurrency and frees the model when it ends', async () => {
      const { knex, store: ops } = await store(databaseId);
      const { operation } = await ops.create({
        id: 'op-1',
        entityRef: 'resource:default/m',
        servingTarget: 'dev/m',
        environment: 'dev',
        requestedBy: 'user:default/alice',
        state: promote(),
        message: 'promote requested',
        now: 1_000,
      });
      const step = {
        state: { ...operation.state, phase: 'baking' as const },
        message: 'baking',
        newHistory: [
          {
            at: new Date(2_000).toISOString(),
            phase: 'baking',
            message: 'baking',
          },
        ],
        nextTickAt: 5_000,
        now: 2_000,
      };
      await expect(ops.update(operation, step)).resolves.toBe(true);
      // a second writer holding the old revision loses
      await expect(ops.update(operation, step)).resolves.toBe(false);
      expect(await ops.due(4_000)).toHaveLength(0);
      const [due] = await ops.due(5_000);
      expect(due).toMatchObject({ phase: 'baking', revision: 1 });
      expect(due.history.map(h => h.message)).toEqual([
        'promote requested',
        'baking',
      ]);

      await ops.update(due, {
        state: { ...due.state, status: 'succeeded', phase: 'done' },
        nextTickAt: 6_000,
        now: 6_000,
      });
      expect(await ops.active('dev/m')).toBeUndefined();
      await expect(
        ops.create({
          id: 'op-2',
          entityRef: 'resource:default/m',
          servingTarget: 'dev/m',
          environment: 'dev',
          requestedBy: 'user:default/bob',
          state: promote(),
          message: 'again',
          now: 7_000,
        }),
      ).resolves.toMatchObject({ created: true });
      await knex.destroy();
    });

    it('moves operations and history from before serving targets to the endpoint their entity names', async () => {
      const { knex, store: ops } = await store(databaseId);
      const legacy = 'entity:resource:default/m';
      // as the migration left them: a running operation, its lock and its history on the old key
      await ops.create({
        id: 'op-old',
        entityRef: 'resource:default/m',
        servingTarget: legacy,
        environment: 'dev',
        requestedBy: 'user:default/alice',
        state: promote(),
        message: 'promote requested',
        now: 1_000,
      });
      await ops.appendAudit(
        {
          id: 'a-old',
          entityRef: 'resource:default/m',
          operationId: 'op-old',
          type: 'promote',
          actor: 'user:default/alice',
          outcome: 'started',
          at: new Date(1_000).toISOString(),
        },
        legacy,
      );
      expect(await ops.entitiesWithLegacyTargets()).toEqual([
        'resource:default/m',
      ]);

      await ops.adoptLegacyTarget('resource:default/m', 'dev/m');
      expect(await ops.entitiesWithLegacyTargets()).toEqual([]);
      const active = await ops.active('dev/m');
      expect(active).toMatchObject({ id: 'op-old', servingTarget: 'dev/m' });
      expect((await ops.history('dev/m')).map(e => e.id)).toEqual(['a-old']);
      // the endpoint is taken now
      await expect(
        ops.create({
          id: 'op-new',
          entityRef: 'component:default/m-pipeline',
          servingTarget: 'dev/m',
          environment: 'dev',
          requestedBy: 'user:default/bob',
          state: promote(),
          message: 'promote requested',
          now: 2_000,
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await ops.update(active!, {
        state: { ...active!.state, status: 'succeeded', phase: 'done' },
        nextTickAt: 3_000,
        now: 3_000,
      });
      expect(await ops.active('dev/m')).toBeUndefined();
      await knex.destroy();
    });

    it('records the environment of an operation and of every event about it, one lock per environment', async () => {
      const { knex, store: ops } = await store(databaseId);
      const event = (id: string, outcome: AuditEvent['outcome']) => ({
        id,
        entityRef: 'resource:default/m',
        operationId: id.slice(0, 4),
        type: 'promote' as const,
        actor: 'user:default/alice',
        outcome,
        at: new Date(2_000).toISOString(),
      });
      const start = (id: string, env: string) =>
        ops.create({
          id,
          entityRef: 'resource:default/m',
          servingTarget: `${env}/m`,
          environment: env,
          requestedBy: 'user:default/alice',
          state: promote(),
          message: 'promote requested',
          now: 1_000,
          audit: event(`${id}-a`, 'started'),
        });
      const { operation: acc } = await start('op-a', 'acc');
      // acc's operation is running: prd (another endpoint) is free
      const { operation: prd } = await start('op-p', 'prd');
      expect([acc.environment, prd.environment]).toEqual(['acc', 'prd']);
      await ops.update(acc, {
        state: { ...acc.state, status: 'succeeded', phase: 'done' },
        nextTickAt: 3_000,
        now: 3_000,
        audit: event('op-a-b', 'succeeded'),
      });
      expect(
        (await ops.history('acc/m')).map(e => [e.id, e.environment]),
      ).toEqual([
        ['op-a-b', 'acc'],
        ['op-a-a', 'acc'],
      ]);
      expect(
        (await ops.history('prd/m')).map(e => [e.id, e.environment]),
      ).toEqual([['op-p-a', 'prd']]);
      // the portfolio's one look at every active operation: prd's runs, acc's ended
      expect([...(await ops.allActive())]).toEqual([
        [
          'prd/m',
          { id: 'op-p', type: 'promote', status: 'running', phase: 'applying' },
        ],
      ]);
      // an event appended without an operation says its environment itself, or none
      await ops.appendAudit(event('none', 'recorded'), 'dev/m');
      expect((await ops.history('dev/m'))[0].environment).toBeUndefined();
      await knex.destroy();
    });

    it('keeps an append-only history, newest first', async () => {
      const { knex, store: ops } = await store(databaseId);
      for (const [i, outcome] of (
        ['started', 'succeeded'] as const
      ).entries()) {
        await ops.appendAudit(
          {
            id: `a-${i}`,
            entityRef: 'resource:default/m',
            operationId: 'op-1',
            type: 'set-split',
            actor: 'user:default/alice',
            reason: 'A/B test',
            outcome,
            at: new Date(1_000 + i).toISOString(),
            before: [{ modelVersion: '3', trafficPercentage: 100 }],
            after: [
              { modelVersion: '3', trafficPercentage: 50 },
              { modelVersion: '4', trafficPercentage: 50 },
            ],
          },
          'dev/m',
        );
      }
      const history = await ops.history('dev/m');
      expect(history.map(h => h.outcome)).toEqual(['succeeded', 'started']);
      expect(history[0].after).toHaveLength(2);
      await knex.destroy();
    });
  },
);
