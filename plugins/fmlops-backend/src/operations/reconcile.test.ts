import {
  DEFAULT_POLICY,
  resolvePolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  decide,
  nextStep,
  ObservedEndpoint,
  OperationState,
} from './reconcile';
import { canaryRoutes, sameRoutes } from './traffic';

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
  samples: ObservedEndpoint['samples'] = {},
  extra: Partial<ObservedEndpoint> = {},
): ObservedEndpoint => ({
  configUpdate: 'NOT_UPDATING',
  routes,
  samples,
  ...extra,
});

/** What the metrics export shows at `at`: per version, one minute of [requests, errors, p99]. */
const minuteOf = (
  at: Date,
  perVersion: Record<string, [number, number, number?]>,
): ObservedEndpoint['samples'] =>
  Object.fromEntries(
    Object.entries(perVersion).map(([version, [requests, errors, p99]]) => [
      version,
      [
        {
          at: at.getTime(),
          requests,
          errors,
          ...(p99 === undefined ? {} : { p99LatencyMs: p99 }),
        },
      ],
    ]),
  );

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

    // applied → bake; the minute the export shows now came before the change
    const before = minuteOf(t0, { '3': [1000, 1, 80] });
    d = decide(
      state,
      { now: t0, endpoint: endpoint(canaryRoutes('3', '4', 10), before) },
      policy,
    );
    expect(d.next).toMatchObject({
      phase: 'baking',
      bakeUntil: minutes(30).toISOString(),
      bake: { after: t0.getTime(), samples: {} },
    });
    state = d.next;

    // still baking: each tick measures the minute the export shows, quietly
    const healthy = (m: number) =>
      minuteOf(minutes(m), { '3': [900, 1, 80], '4': [100, 0, 85] });
    for (const m of [1, 10, 20]) {
      d = decide(
        state,
        {
          now: minutes(m),
          endpoint: endpoint(canaryRoutes('3', '4', 10), healthy(m)),
        },
        policy,
      );
      expect(d).toMatchObject({ quiet: true, next: { phase: 'baking' } });
      state = d.next;
    }
    expect(d.message).toMatch(/3 minute\(s\) measured/);

    // bake over, healthy → step 2 (50 %)
    d = decide(
      state,
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), healthy(31)),
      },
      policy,
    );
    expect(d.evidence?.kind).toBe('health-check');
    // four minutes measured, each counted once
    expect(d.evidence?.health?.evidence.challenger).toMatchObject({
      requests: 400,
      errors: 0,
      p99LatencyMs: 85,
      minutes: 4,
    });
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
        endpoint: endpoint(canaryRoutes('3', '4', 10), healthy(31)),
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
        endpoint: endpoint(canaryRoutes('3', '4', 50), healthy(32)),
      },
      policy,
    );
    state = d.next;
    d = decide(
      state,
      {
        now: minutes(70),
        endpoint: endpoint(
          canaryRoutes('3', '4', 50),
          minuteOf(minutes(70), { '3': [500, 0, 80], '4': [500, 1, 84] }),
        ),
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
        endpoint: endpoint(canaryRoutes('3', '4', 50)),
      },
      policy,
    );
    expect(d.command?.kind).toBe('put-routes');
    d = decide(
      state,
      {
        now: minutes(71),
        endpoint: endpoint([{ modelVersion: '4', trafficPercentage: 100 }]),
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

  const baking = (): OperationState => ({
    ...promotion(),
    phase: 'baking',
    expected: canaryRoutes('3', '4', 10),
    bakeUntil: minutes(30).toISOString(),
    bake: { after: t0.getTime(), samples: {} },
  });

  it('counts each minute of the bake once, however many ticks saw it, and continues from the saved state', () => {
    let state = baking();
    // minute 5 seen by three ticks (no timestamp: re-read 10 s and 50 s in), the minute at the
    // bake's start again (not part of it), then minute 6
    const seen: Array<[number, ObservedEndpoint['samples']]> = [
      [5, minuteOf(minutes(5), { '4': [30, 0, 80] })],
      [
        5.2,
        minuteOf(new Date(minutes(5).getTime() + 10_000), { '4': [40, 1, 80] }),
      ],
      [
        5.8,
        minuteOf(new Date(minutes(5).getTime() + 50_000), { '4': [60, 1, 90] }),
      ],
      [5.9, minuteOf(t0, { '4': [999, 9, 80] })],
      [6, minuteOf(minutes(6), { '4': [70, 0, 80] })],
    ];
    for (const [m, samples] of seen) {
      const d = decide(
        state,
        {
          now: minutes(m),
          endpoint: endpoint(canaryRoutes('3', '4', 10), samples),
        },
        policy,
      );
      // what the store keeps is JSON: another replica reads it back and carries on
      state = JSON.parse(JSON.stringify(d.next));
    }
    expect(state.bake?.samples['4']?.map(s => s.requests)).toEqual([60, 70]);
    const d = decide(
      state,
      { now: minutes(31), endpoint: endpoint(canaryRoutes('3', '4', 10)) },
      {
        ...policy,
        rollout: {
          ...policy.rollout,
          health: { ...policy.rollout.health, minRequests: 100 },
        },
      },
    );
    expect(d.evidence?.health?.evidence.challenger).toMatchObject({
      requests: 130,
      errors: 1,
      minutes: 2,
    });
  });

  it('rolls back automatically when the challenger is slow, with the evidence', () => {
    const spiky = minuteOf(minutes(31), {
      '3': [9000, 9, 80],
      '4': [1000, 1, 950],
    });
    let d = decide(
      baking(),
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
    const quiet = minuteOf(minutes(31), {
      '3': [100, 0, 80],
      '4': [3, 0, 81],
    });
    const d = decide(
      baking(),
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), quiet),
      },
      policy,
    );
    expect(d.next.status).toBe('paused');
    expect(d.evidence?.health?.outcome).toBe('Inconclusive');
    expect(d.message).toContain('only 3 requests reached the challenger');
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

  it('calls a bake without traffic Inconclusive, and says so', () => {
    const idle = minuteOf(minutes(31), { '3': [0, 0], '4': [0, 0] });
    const d = decide(
      baking(),
      {
        now: minutes(31),
        endpoint: endpoint(canaryRoutes('3', '4', 10), idle),
      },
      policy,
    );
    expect(d.next.status).toBe('paused');
    expect(d.evidence?.health?.outcome).toBe('Inconclusive');
    expect(d.message).toContain(
      'no requests reached the challenger during the window (1 minute measured): no traffic, nothing to judge',
    );
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
