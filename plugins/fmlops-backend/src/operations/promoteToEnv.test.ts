import {
  DEFAULT_POLICY,
  resolvePolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  copiesOf,
  decided,
  ObservedVersion,
  PromotionToEnv,
} from './promoteToEnv';
import {
  decide,
  Observation,
  ObservedEndpoint,
  OperationState,
} from './reconcile';

const prdPolicy = resolvePolicy(DEFAULT_POLICY, {
  name: 'payments-prd',
  rollout: { steps: [25, 100], bakeMinutes: 0 },
  promotion: { requireApproval: true },
});
const now = new Date('2026-12-02T08:00:00Z');

const promotion: PromotionToEnv = {
  sourceEnvironment: 'acc',
  sourceModel: 'fmlops_acc.payments.payments_fraud_scorer',
  sourceVersion: '2',
  sourceRunId: 'run-dev-2',
  targetEnvironment: 'prd',
  targetModel: 'fmlops_prd.payments.payments_fraud_scorer',
  runWorkspaces: ['acc', 'dev'],
};

function promoteToEnv(extra: Partial<OperationState> = {}): OperationState {
  return {
    type: 'promote-to-env',
    status: 'running',
    phase: 'starting-job',
    before: [],
    expected: [],
    steps: [25, 100],
    jobId: '4242',
    jobIdempotencyToken: 'op-1',
    promotion,
    lineage: {
      sourceEnvironment: 'acc',
      sourceModel: promotion.sourceModel,
      sourceVersion: '2',
      runId: 'run-dev-2',
    },
    approval: { required: false },
    ...extra,
  };
}

const champion1: ObservedVersion = {
  version: '1',
  source: 'models:/fmlops_acc.payments.payments_fraud_scorer/1',
  runId: 'run-dev-1',
};
const copy2: ObservedVersion = {
  version: '2',
  source: 'models:/fmlops_acc.payments.payments_fraud_scorer/2',
  runId: 'run-dev-2',
};

const seen = (
  targetVersions: ObservedVersion[] | undefined,
  extra: Partial<Observation> = {},
): Observation => ({ now, promotion: { targetVersions }, ...extra });

const endpoint = (routes: ObservedEndpoint['routes']): ObservedEndpoint => ({
  configUpdate: 'NOT_UPDATING',
  routes,
  samples: {},
});

describe('copies of the source version', () => {
  it('finds the copies of the source version, newest first, whatever the case of the model name', () => {
    const versions = [
      champion1,
      copy2,
      { version: '5', source: 'MODELS:/x/2' },
      {
        version: '4',
        source: 'models:/FMLOPS_ACC.payments.payments_fraud_scorer/2',
      },
      {
        version: '3',
        tags: {
          'fmlops.source_model': promotion.sourceModel,
          'fmlops.source_version': '2',
        },
      },
    ];
    expect(copiesOf(versions, promotion)).toEqual(['4', '3', '2']);
    expect(copiesOf([champion1], promotion)).toEqual([]);
  });
});

describe('promote-to-env reconciliation', () => {
  it('runs the target environment’s promotion job with the source and target as job parameters', () => {
    const d = decide(promoteToEnv(), seen([champion1]), prdPolicy);
    expect(d.command).toEqual({
      kind: 'run-job',
      jobId: '4242',
      idempotencyToken: 'op-1',
      parameters: {
        source_model: 'fmlops_acc.payments.payments_fraud_scorer',
        source_version: '2',
        target_model: 'fmlops_prd.payments.payments_fraud_scorer',
        source_environment: 'acc',
      },
    });
    expect(d.next.phase).toBe('waiting-for-job');
    // a tick repeated after a crash before the run was recorded asks for the same run: the token makes it one
    expect(
      decide(promoteToEnv(), seen([champion1]), prdPolicy).command,
    ).toEqual(d.command);
  });

  it('takes a copy made before instead of copying the version twice', () => {
    const d = decide(promoteToEnv(), seen([champion1, copy2]), prdPolicy);
    expect(d.command).toBeUndefined();
    expect(d.next.phase).toBe('registering');
    expect(d.message).toMatch(/already copied/);
  });

  it('waits for the target registry when it could not be read', () => {
    const d = decide(promoteToEnv(), seen(undefined), prdPolicy);
    expect(d.command).toBeUndefined();
    expect(d.next).toEqual(promoteToEnv());
  });

  it('follows the job run: running waits, success registers, anything else fails with the run as evidence', () => {
    const waiting = promoteToEnv({ phase: 'waiting-for-job', jobRunId: '77' });
    expect(
      decide(
        waiting,
        { now, jobRun: { runId: '77', lifeCycleState: 'RUNNING' } },
        prdPolicy,
      ).next,
    ).toEqual(waiting);
    expect(
      decide(
        waiting,
        {
          now,
          jobRun: {
            runId: '77',
            lifeCycleState: 'TERMINATED',
            resultState: 'SUCCESS',
          },
        },
        prdPolicy,
      ).next.phase,
    ).toBe('registering');
    const failed = decide(
      waiting,
      {
        now,
        jobRun: {
          runId: '77',
          lifeCycleState: 'TERMINATED',
          resultState: 'FAILED',
          stateMessage: 'copy_model_version: PERMISSION_DENIED',
        },
      },
      prdPolicy,
    );
    expect(failed.next).toMatchObject({ status: 'failed', phase: 'done' });
    expect(failed.message).toBe(
      'promotion job run 77 ended TERMINATED/FAILED: copy_model_version: PERMISSION_DENIED',
    );
    expect(failed.evidence).toMatchObject({ kind: 'error' });
  });

  it('makes the newest copy the challenger, and fails when the job copied nothing', () => {
    const registering = promoteToEnv({ phase: 'registering' });
    const d = decide(registering, seen([champion1, copy2]), prdPolicy);
    expect(d.command).toEqual({ kind: 'set-aliases', challenger: '2' });
    expect(d.next).toMatchObject({ phase: 'gating', challengerVersion: '2' });

    const none = decide(registering, seen([champion1]), prdPolicy);
    expect(none.command).toBeUndefined();
    expect(none.next).toMatchObject({ status: 'failed', phase: 'done' });
    expect(none.evidence?.kind).toBe('error');
  });

  it('waits for the copy to finish registering before it makes it the challenger', () => {
    const registering = promoteToEnv({ phase: 'registering' });
    const pending = decide(
      registering,
      seen([champion1, { ...copy2, status: 'PENDING_REGISTRATION' }]),
      prdPolicy,
    );
    expect(pending.command).toBeUndefined();
    expect(pending.next).toEqual(registering);
    expect(pending.message).toMatch(/v2 is PENDING_REGISTRATION/);
    const failed = decide(
      registering,
      seen([champion1, { ...copy2, status: 'FAILED_REGISTRATION' }]),
      prdPolicy,
    );
    expect(failed.next).toMatchObject({ status: 'failed', phase: 'done' });
    expect(
      decide(
        registering,
        seen([champion1, { ...copy2, status: 'READY' }]),
        prdPolicy,
      ).command,
    ).toEqual({ kind: 'set-aliases', challenger: '2' });
  });

  const gating = () =>
    promoteToEnv({ phase: 'gating', challengerVersion: '2' });
  const champion100 = [{ modelVersion: '1', trafficPercentage: 100 }];

  it('gates the copy on the source run’s metrics under the target policy, then canaries with its steps', () => {
    const d = decide(
      gating(),
      {
        now,
        endpoint: endpoint(champion100),
        promotion: {
          gate: {
            challenger: { pr_auc: 0.82, f1: 0.7 },
            champion: { version: '1', metrics: { pr_auc: 0.8, f1: 0.7 } },
          },
        },
      },
      prdPolicy,
    );
    expect(d.command).toBeUndefined();
    expect(d.evidence).toMatchObject({
      kind: 'gate',
      gate: { decision: 'promote' },
    });
    expect(d.next).toMatchObject({
      phase: 'applying',
      status: 'running',
      before: champion100,
      expected: champion100,
      championVersion: '1',
      challengerVersion: '2',
      steps: [25, 100],
      stepIndex: 0,
      target: [
        { modelVersion: '1', trafficPercentage: 75 },
        { modelVersion: '2', trafficPercentage: 25 },
      ],
      aliases: { champion: '2', challenger: null },
    });
  });

  it('fails a copy that does not pass the target gate, with the checks as evidence', () => {
    const d = decide(
      gating(),
      {
        now,
        endpoint: endpoint(champion100),
        promotion: {
          gate: {
            challenger: { pr_auc: 0.801, f1: 0.7 },
            champion: { version: '1', metrics: { pr_auc: 0.8, f1: 0.7 } },
          },
        },
      },
      prdPolicy,
    );
    expect(d.next).toMatchObject({ status: 'failed', phase: 'done' });
    expect(d.message).toMatch(
      /does not pass the promotion gate of payments-prd/,
    );
    expect(d.evidence?.kind).toBe('gate');
    expect(
      d.evidence?.gate?.checks.find(c => !c.passed && !c.advisory),
    ).toMatchObject({ metric: 'pr_auc', kind: 'min-absolute-change' });
  });

  it('waits for the gate metrics and the endpoint before deciding', () => {
    expect(decide(gating(), { now }, prdPolicy).next).toEqual(gating());
  });

  it('gives the copy all the traffic at once when the target serves nothing else', () => {
    const d = decide(
      gating(),
      {
        now,
        endpoint: endpoint([]),
        promotion: { gate: { challenger: { pr_auc: 0.82, f1: 0.7 } } },
      },
      prdPolicy,
    );
    expect(d.next).toMatchObject({
      phase: 'applying',
      steps: [100],
      target: [{ modelVersion: '2', trafficPercentage: 100 }],
    });
  });

  it('rolls the copy out like a promotion once it passed the gate: each step is health-checked', () => {
    let state = decide(
      gating(),
      {
        now,
        endpoint: endpoint(champion100),
        promotion: {
          gate: {
            challenger: { pr_auc: 0.82, f1: 0.7 },
            champion: { version: '1', metrics: { pr_auc: 0.8, f1: 0.7 } },
          },
        },
      },
      prdPolicy,
    ).next;
    let d = decide(state, { now, endpoint: endpoint(champion100) }, prdPolicy);
    expect(d.command).toEqual({ kind: 'put-routes', routes: state.target });
    state = d.next;
    d = decide(state, { now, endpoint: endpoint(state.target!) }, prdPolicy);
    // a split would end here; a promotion checks the canary's health (no traffic yet: a human decides)
    expect(d.next.phase).toBe('checking-health');
  });

  it('does nothing while it awaits approval', () => {
    const waiting = promoteToEnv({
      status: 'awaiting-approval',
      phase: 'awaiting-approval',
      approval: { required: true },
    });
    expect(decide(waiting, seen([champion1]), prdPolicy)).toEqual({
      next: waiting,
      message: 'waiting for approval',
    });
  });
});

describe('approval of a promote-to-env', () => {
  const waiting = promoteToEnv({
    status: 'awaiting-approval',
    phase: 'awaiting-approval',
    approval: { required: true },
    deadlineAt: '2026-12-01T00:00:00Z',
  });

  it('starts the promotion job once approved, with a deadline counted from the approval', () => {
    expect(
      decided(
        waiting,
        'approved',
        'user:default/reviewer',
        'looks good',
        now,
        3_600_000,
      ),
    ).toMatchObject({
      status: 'running',
      phase: 'starting-job',
      deadlineAt: '2026-12-02T09:00:00.000Z',
      approval: {
        required: true,
        decision: 'approved',
        decidedBy: 'user:default/reviewer',
        decidedAt: now.toISOString(),
        reason: 'looks good',
      },
    });
  });

  it('ends aborted when rejected, without touching anything', () => {
    expect(
      decided(
        waiting,
        'rejected',
        'user:default/reviewer',
        'not this week',
        now,
        1,
      ),
    ).toMatchObject({
      status: 'aborted',
      phase: 'done',
      approval: { decision: 'rejected', reason: 'not this week' },
    });
  });

  it('decides nothing that does not await approval', () => {
    expect(
      decided(
        promoteToEnv(),
        'approved',
        'user:default/reviewer',
        'ok',
        now,
        1,
      ),
    ).toBeUndefined();
  });
});
