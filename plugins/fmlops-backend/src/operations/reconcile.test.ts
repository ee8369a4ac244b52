import {
  DEFAULT_POLICY,
  resolvePolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  canaryRoutes,
  decide,
  nextStep,
  ObservedEndpoint,
  OperationState,
  sameRoutes,
} from './reconcile';

const policy = resolvePolicy(DEFAULT_POLICY, {
  rollout: { steps: [10, 50, 100], bakeMinutes: 30 },
});
const t0 = new Date('2026-11-22T12:00:00Z');
const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);

const champion100 = [{ modelVersion: '3', trafficPercentage: 100 }];

function promotion(): OperationState {
  return {
    type: 'promote',
    status: 'running',
    phase: 'applying',
    before: champion100,
    expected: champion100,
    championVersion: '3',
    challengerVersion: '4',
    steps: [10, 50, 100],
    stepIndex: 0,
    target: canaryRoutes('3', '4', 10),
    aliases: { champion: '4', challenger: null },
  };
}

const endpoint = (
  routes: ObservedEndpoint['routes'],
  metrics: ObservedEndpoint['metrics'] = {},
  extra: Partial<ObservedEndpoint> = {},
): ObservedEndpoint => ({
  configUpdate: 'NOT_UPDATING',
  routes,
  metrics,
  ...extra,
});

describe('rollout reconciliation', () => {
  it('walks a canary through its steps to promotion when every check is healthy', () => {
    let state = promotion();
    // step 1: the endpoint still shows the champion alone → move 10 % to the challenger
    let d = decide(state, { now: t0, endpoint: endpoint(champion100) }, policy);
    expect(d.command).toEqual({
      kind: 'put-routes',
      routes: canaryRoutes('3', '4', 10),
    });

    // while the config rolls out, wait
    d = decide(
      state,
      {
        now: t0,
        endpoint: endpoint(
          champion100,
          {},
          {
            configUpdate: 'IN_PROGRESS',
            pendingRoutes: canaryRoutes('3', '4', 10),
          },
        ),
      },
      policy,
    );
    expect(d.command).toBeUndefined();
    expect(d.next.phase).toBe('applying');

    // applied → bake with the counters at the start
    const start = {
      '3': { requests: 1000, errors: 1, p99LatencyMs: 80 },
      '4': { requests: 0, errors: 0 },
    };
    d = decide(
      state,
      { now: t0, endpoint: endpoint(canaryRoutes('3', '4', 10), start) },
      policy,
    );
    expect(d.next).toMatchObject({
      phase: 'baking',
      bakeUntil: minutes(30).toISOString(),
      bakeStart: start,
    });
    state = d.next;

    // still baking
    expect(
      decide(
        state,
        {
          now: minutes(10),
          endpoint: endpoint(canaryRoutes('3', '4', 10), start),
        },
        policy,
      ).next.phase,
    ).toBe('baking');

    // bake over, healthy → step 2 (50 %)
    const after = {
      '3': { requests: 10000, errors: 10, p99LatencyMs: 80 },
      '4': { requests: 1000, errors: 1, p99LatencyMs: 85 },
    };
    d = decide(
      state,
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), after),
      },
      policy,
    );
    expect(d.evidence?.kind).toBe('health-check');
    expect(d.next).toMatchObject({
      phase: 'applying',
      stepIndex: 1,
      target: canaryRoutes('3', '4', 50),
    });
    state = d.next;

    // step 2 applies from what step 1 left
    d = decide(
      state,
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), after),
      },
      policy,
    );
    expect(d.command).toEqual({
      kind: 'put-routes',
      routes: canaryRoutes('3', '4', 50),
    });
    d = decide(
      state,
      {
        now: minutes(32),
        endpoint: endpoint(canaryRoutes('3', '4', 50), after),
      },
      policy,
    );
    state = d.next;
    const later = {
      '3': { requests: 15000, errors: 15, p99LatencyMs: 80 },
      '4': { requests: 6000, errors: 6, p99LatencyMs: 84 },
    };
    d = decide(
      state,
      {
        now: minutes(70),
        endpoint: endpoint(canaryRoutes('3', '4', 50), later),
      },
      policy,
    );
    expect(d.next).toMatchObject({
      stepIndex: 2,
      target: [{ modelVersion: '4', trafficPercentage: 100 }],
    });
    state = d.next;

    // last step: no bake, straight to the aliases
    d = decide(
      state,
      {
        now: minutes(70),
        endpoint: endpoint(canaryRoutes('3', '4', 50), later),
      },
      policy,
    );
    expect(d.command?.kind).toBe('put-routes');
    d = decide(
      state,
      {
        now: minutes(71),
        endpoint: endpoint(
          [{ modelVersion: '4', trafficPercentage: 100 }],
          later,
        ),
      },
      policy,
    );
    expect(d.next.phase).toBe('setting-aliases');
    d = decide(d.next, { now: minutes(71) }, policy);
    expect(d.command).toEqual({
      kind: 'set-aliases',
      champion: '4',
      challenger: null,
    });
    expect(d.next.status).toBe('succeeded');
  });

  it('rolls back automatically when the challenger is slow, with the evidence', () => {
    const start = {
      '3': { requests: 0, errors: 0 },
      '4': { requests: 0, errors: 0 },
    };
    const baking: OperationState = {
      ...promotion(),
      phase: 'baking',
      expected: canaryRoutes('3', '4', 10),
      bakeUntil: minutes(30).toISOString(),
      bakeStart: start,
    };
    const spiky = {
      '3': { requests: 9000, errors: 9, p99LatencyMs: 80 },
      '4': { requests: 1000, errors: 1, p99LatencyMs: 950 },
    };
    let d = decide(
      baking,
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), spiky),
      },
      policy,
    );
    expect(d.next.phase).toBe('rolling-back');
    expect(d.evidence?.health?.outcome).toBe('Failed');
    expect(d.message).toContain('p99 latency 950 ms exceeds 120 ms');

    d = decide(
      d.next,
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), spiky),
      },
      policy,
    );
    expect(d.command).toEqual({ kind: 'put-routes', routes: champion100 });
    d = decide(
      d.next,
      { now: minutes(32), endpoint: endpoint(champion100, spiky) },
      policy,
    );
    expect(d.next).toMatchObject({ status: 'rolled-back', phase: 'done' });
  });

  it('pauses for a human on an inconclusive check, and resuming moves on', () => {
    const baking: OperationState = {
      ...promotion(),
      phase: 'baking',
      expected: canaryRoutes('3', '4', 10),
      bakeUntil: minutes(30).toISOString(),
      bakeStart: {},
    };
    const quiet = {
      '3': { requests: 100, errors: 0, p99LatencyMs: 80 },
      '4': { requests: 3, errors: 0, p99LatencyMs: 81 },
    };
    const d = decide(
      baking,
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), quiet),
      },
      policy,
    );
    expect(d.next.status).toBe('paused');
    expect(d.evidence?.health?.outcome).toBe('Inconclusive');
    expect(
      decide(
        d.next,
        {
          now: minutes(40),
          endpoint: endpoint(canaryRoutes('3', '4', 10), quiet),
        },
        policy,
      ).command,
    ).toBeUndefined();
    expect(nextStep({ ...d.next, status: 'running' }).next).toMatchObject({
      stepIndex: 1,
      phase: 'applying',
    });
  });

  it('never overwrites a change somebody else made; it pauses and says so', () => {
    const foreign = [
      { modelVersion: '3', trafficPercentage: 70 },
      { modelVersion: '5', trafficPercentage: 30 },
    ];
    const d = decide(
      promotion(),
      { now: t0, endpoint: endpoint(foreign) },
      policy,
    );
    expect(d.command).toBeUndefined();
    expect(d.next.status).toBe('paused');
    expect(d.evidence?.kind).toBe('config-drift');
    expect(d.message).toContain('changed by someone else');
  });

  it('repeating a tick after a crash does not repeat a change that already landed', () => {
    // the put-routes call landed but the backend died before recording it
    const d = decide(
      promotion(),
      { now: t0, endpoint: endpoint(canaryRoutes('3', '4', 10)) },
      policy,
    );
    expect(d.command).toBeUndefined();
    expect(d.next.phase).toBe('baking');
  });

  it('restores the previous split when the endpoint fails to apply a change', () => {
    const failed = endpoint(champion100, {}, { configUpdate: 'UPDATE_FAILED' });
    let d = decide(promotion(), { now: t0, endpoint: failed }, policy);
    expect(d.next.phase).toBe('rolling-back');
    expect(d.evidence?.kind).toBe('error');
    // the endpoint still serves `before`: nothing to restore, the operation ends failed
    d = decide(d.next, { now: t0, endpoint: failed }, policy);
    expect(d.command).toBeUndefined();
    expect(d.next.status).toBe('failed');
  });

  it('follows a retrain job run to its end', () => {
    const retrain: OperationState = {
      type: 'retrain',
      status: 'running',
      phase: 'starting-job',
      before: [],
      expected: [],
      jobId: '2011',
      jobIdempotencyToken: 'op-1',
    };
    let d = decide(retrain, { now: t0 }, policy);
    expect(d.command).toEqual({
      kind: 'run-job',
      jobId: '2011',
      idempotencyToken: 'op-1',
    });
    d = decide(
      { ...d.next, jobRunId: '77' },
      { now: t0, jobRun: { runId: '77', lifeCycleState: 'RUNNING' } },
      policy,
    );
    expect(d.next.phase).toBe('waiting-for-job');
    d = decide(
      d.next,
      {
        now: t0,
        jobRun: {
          runId: '77',
          lifeCycleState: 'TERMINATED',
          resultState: 'FAILED',
          stateMessage: 'OOM',
        },
      },
      policy,
    );
    expect(d.next.status).toBe('failed');
    expect(d.message).toBe('job run 77 ended TERMINATED/FAILED: OOM');
  });

  it('compares routes regardless of order and zero-traffic routes', () => {
    expect(
      sameRoutes(
        [
          { modelVersion: '4', trafficPercentage: 10 },
          { modelVersion: '3', trafficPercentage: 90 },
          { modelVersion: '2', trafficPercentage: 0 },
        ],
        canaryRoutes('3', '4', 10),
      ),
    ).toBe(true);
    expect(sameRoutes(champion100, canaryRoutes('3', '4', 10))).toBe(false);
  });
});
