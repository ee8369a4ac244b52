import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { migrationsDir } from '../database/migrations';
import { OperationStore } from '../database/OperationStore';
import { ResolvedModel } from '../service/ModelCatalog';
import { OperationCommands } from './commands';
import { OperationState } from './reconcile';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const model = {
  entityRef: 'resource:default/payments-fraud-scorer',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-fraud-scorer' },
  },
  environment: 'prd',
  coordinates: {
    workspace: 'prd',
    ucModel: 'fmlops_prd.payments.payments_fraud_scorer',
    servingEndpoint: 'payments-fraud-scorer',
    promotionJobId: '4242',
  },
} as ResolvedModel;

const awaitingApproval = (): OperationState => ({
  type: 'promote-to-env',
  status: 'awaiting-approval',
  phase: 'awaiting-approval',
  before: [],
  expected: [],
  steps: [25, 100],
  jobId: '4242',
  promotion: {
    sourceEnvironment: 'acc',
    sourceModel: 'fmlops_acc.payments.payments_fraud_scorer',
    sourceVersion: '2',
    sourceRunId: 'run-2',
    targetEnvironment: 'prd',
    targetModel: 'fmlops_prd.payments.payments_fraud_scorer',
    runWorkspaces: ['acc', 'dev'],
  },
  lineage: {
    sourceEnvironment: 'acc',
    sourceModel: 'fmlops_acc.payments.payments_fraud_scorer',
    sourceVersion: '2',
    runId: 'run-2',
  },
  approval: { required: true },
});

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory: migrationsDir });
  const store = new OperationStore(knex);
  const audits: AuditEvent[] = [];
  const cancelled: string[] = [];
  let wakes = 0;
  const commands = new OperationCommands({
    store,
    wake: () => {
      wakes += 1;
    },
    onAudit: event => audits.push(event),
    cancelJobRun: async (_model, runId) => {
      cancelled.push(runId);
    },
    deadlineMs: 3_600_000,
    now: () => new Date('2026-12-02T08:00:00Z'),
  });
  const requested = await commands.start(
    model,
    'user:default/guest',
    { type: 'promote-to-env', reason: 'v2 is better' },
    awaitingApproval(),
  );
  return {
    store,
    commands,
    audits,
    cancelled,
    wakes: () => wakes,
    id: requested.operation.id,
    requested,
  };
}

describe('approving a promote-to-env', () => {
  it('records the request as awaiting approval, with its lineage and the idempotency token of its job run', async () => {
    const { store, audits, requested, id } = await setUp();
    expect(requested.operation).toMatchObject({
      type: 'promote-to-env',
      status: 'awaiting-approval',
      sourceEnvironment: 'acc',
      lineage: {
        sourceModel: 'fmlops_acc.payments.payments_fraud_scorer',
        sourceVersion: '2',
      },
      approval: { required: true },
    });
    expect(requested.operation.message).toMatch(
      /waiting for approval by someone else/,
    );
    expect((await store.get(id))!.state.jobIdempotencyToken).toBe(id);
    expect(audits.map(a => [a.type, a.outcome, a.environment])).toEqual([
      ['promote-to-env', 'awaiting-approval', 'prd'],
    ]);
  });

  it('lets someone other than the requester approve it, and the controller takes it from there', async () => {
    const { commands, audits, wakes } = await setUp();
    const approved = await commands.commandActive(
      model,
      'approve',
      'user:default/reviewer',
      'gate and lineage checked',
    );
    expect(approved).toMatchObject({
      status: 'running',
      phase: 'starting-job',
      approval: {
        required: true,
        decision: 'approved',
        decidedBy: 'user:default/reviewer',
        decidedAt: '2026-12-02T08:00:00.000Z',
        reason: 'gate and lineage checked',
      },
    });
    expect(approved.history.at(-1)?.message).toBe(
      'approved by user:default/reviewer: gate and lineage checked',
    );
    expect(audits.at(-1)).toMatchObject({
      type: 'approve',
      actor: 'user:default/reviewer',
      outcome: 'recorded',
    });
    expect(wakes()).toBe(2);
    // approving again finds nothing awaiting approval
    await expect(
      commands.commandActive(
        model,
        'approve',
        'user:default/reviewer',
        'again',
      ),
    ).rejects.toThrow(
      new ConflictError(
        'Nothing on resource:default/payments-fraud-scorer awaits approval: its active promote-to-env is running',
      ),
    );
  });

  it('refuses the requester’s own approval or rejection with a 403 that says why', async () => {
    const { commands } = await setUp();
    for (const type of ['approve', 'reject'] as const) {
      const error = await commands
        .commandActive(model, type, 'user:default/guest', 'mine')
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        `You requested this promotion, so someone else must ${type} it: approvals need a second person`,
      );
    }
  });

  it('refuses an approval by a service principal: approvals are a person’s decision', async () => {
    const { commands } = await setUp();
    const error = await commands
      .commandActive(model, 'approve', 'service:external:release-bot', 'ok')
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      "An approval is a person's decision: service:external:release-bot may not approve a promotion",
    );
  });

  it('ends the promotion aborted when rejected, and frees the endpoint', async () => {
    const { commands, store, audits } = await setUp();
    const rejected = await commands.commandActive(
      model,
      'reject',
      'user:default/reviewer',
      'not before the freeze ends',
    );
    expect(rejected).toMatchObject({
      status: 'aborted',
      phase: 'done',
      approval: {
        decision: 'rejected',
        decidedBy: 'user:default/reviewer',
        reason: 'not before the freeze ends',
      },
    });
    expect(audits.at(-1)).toMatchObject({ type: 'reject', outcome: 'aborted' });
    expect(await store.active('prd/payments-fraud-scorer')).toBeUndefined();
    await expect(
      commands.commandActive(model, 'reject', 'user:default/reviewer', 'x'),
    ).rejects.toThrow(
      'resource:default/payments-fraud-scorer has no promotion awaiting approval to reject',
    );
  });

  it('refuses to pause or resume a promotion before its approval, but lets it be aborted', async () => {
    const { commands } = await setUp();
    await expect(
      commands.commandActive(model, 'resume', 'user:default/guest'),
    ).rejects.toThrow(
      'The promote-to-env on resource:default/payments-fraud-scorer awaits approval: approve, reject or abort it',
    );
    const aborted = await commands.commandActive(
      model,
      'abort',
      'user:default/guest',
      'wrong version',
    );
    expect(aborted).toMatchObject({ status: 'aborted', phase: 'done' });
  });

  it('cancels the promotion job run when a promotion is aborted while it copies', async () => {
    const { commands, store, cancelled, id } = await setUp();
    await commands.commandActive(
      model,
      'approve',
      'user:default/reviewer',
      'ok',
    );
    const op = (await store.get(id))!;
    await store.update(op, {
      state: { ...op.state, phase: 'waiting-for-job', jobRunId: '901' },
      nextTickAt: 0,
      now: Date.now(),
    });
    const aborted = await commands.commandActive(
      model,
      'abort',
      'user:default/guest',
      'copied the wrong version',
    );
    expect(cancelled).toEqual(['901']);
    expect(aborted.status).toBe('aborted');
    expect(aborted.history.at(-1)?.message).toBe(
      'abort by user:default/guest: copied the wrong version (job run 901 cancelled)',
    );
  });

  it('ends a promotion waiting for approval when a rollback comes: a rollback never waits for an approval', async () => {
    const { commands, store, audits, id } = await setUp();
    const rollback = await commands.start(
      model,
      'fmlops:guardian',
      { type: 'rollback', reason: 'p99 tripled' },
      {
        type: 'rollback',
        status: 'running',
        phase: 'applying',
        before: [{ modelVersion: '2', trafficPercentage: 100 }],
        expected: [{ modelVersion: '2', trafficPercentage: 100 }],
        target: [{ modelVersion: '1', trafficPercentage: 100 }],
        aliases: { champion: '1' },
      },
    );
    expect(rollback.created).toBe(true);
    const superseded = (await store.get(id))!;
    expect(superseded).toMatchObject({ status: 'aborted', phase: 'done' });
    expect(superseded.message).toBe(
      'superseded by a rollback by fmlops:guardian; request the promotion again once the endpoint is healthy',
    );
    expect(audits.map(a => [a.type, a.outcome])).toEqual([
      ['promote-to-env', 'awaiting-approval'],
      ['abort', 'aborted'],
      ['rollback', 'started'],
    ]);
  });
});
