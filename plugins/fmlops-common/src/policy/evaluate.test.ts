import { evaluateGate, evaluateHealth, evaluateRetrain } from './evaluate';
import { DEFAULT_POLICY, MetricGate } from './policy';

describe('evaluateGate (MLflow MetricThreshold semantics)', () => {
  const gates: MetricGate[] = [
    {
      metric: 'pr_auc',
      greaterIsBetter: true,
      threshold: 0.6,
      minAbsoluteChange: 0.01,
      primary: true,
    },
    { metric: 'f1', greaterIsBetter: true, minRelativeChange: 0.05 },
    { metric: 'recall', greaterIsBetter: true, threshold: 0.5, advisory: true },
  ];

  it('promotes a challenger that clears every bound, one check per bound', () => {
    const result = evaluateGate(
      gates,
      { pr_auc: 0.82, f1: 0.7, recall: 0.6 },
      { pr_auc: 0.8, f1: 0.66 },
    );
    expect(result.decision).toBe('promote');
    expect(result.checks.map(c => [c.metric, c.kind, c.passed])).toEqual([
      ['pr_auc', 'threshold', true],
      ['pr_auc', 'min-absolute-change', true],
      ['f1', 'min-relative-change', true],
      ['recall', 'threshold', true],
    ]);
    expect(result.checks[1]).toMatchObject({
      value: 0.82,
      baseline: 0.8,
      threshold: 0.01,
    });
  });

  it('rejects a challenger that does not improve enough on the champion, saying why', () => {
    const result = evaluateGate(
      gates,
      { pr_auc: 0.805, f1: 0.67, recall: 0.6 },
      { pr_auc: 0.8, f1: 0.66 },
    );
    expect(result.decision).toBe('reject');
    expect(result.reasons).toEqual([
      'pr_auc improves on the champion (0.8) by 0.005, needs 0.01',
      'f1 improves on the champion (0.66) by 1.52 %, needs 5.00 %',
    ]);
  });

  it('does not block on advisory gates and fails missing metrics', () => {
    expect(
      evaluateGate(
        gates,
        { pr_auc: 0.9, f1: 0.9, recall: 0.1 },
        { pr_auc: 0.5, f1: 0.5 },
      ).decision,
    ).toBe('promote');
    const missing = evaluateGate(gates, { f1: 0.9 }, { pr_auc: 0.5, f1: 0.5 });
    expect(missing.decision).toBe('reject');
    expect(missing.checks[0]).toMatchObject({ value: null, passed: false });
  });

  it('checks only absolute thresholds when there is no champion yet', () => {
    const result = evaluateGate(gates, { pr_auc: 0.7, f1: 0.1 });
    expect(result.checks.map(c => c.kind)).toEqual(['threshold', 'threshold']);
    expect(result.decision).toBe('promote');
  });

  it('honours lower-is-better metrics', () => {
    const latencyLike: MetricGate[] = [
      {
        metric: 'roc_auc',
        greaterIsBetter: false,
        threshold: 0.3,
        minAbsoluteChange: 0.05,
      },
    ];
    expect(
      evaluateGate(latencyLike, { roc_auc: 0.2 }, { roc_auc: 0.3 }).decision,
    ).toBe('promote');
    expect(
      evaluateGate(latencyLike, { roc_auc: 0.28 }, { roc_auc: 0.3 }).decision,
    ).toBe('reject');
  });
});

describe('evaluateHealth', () => {
  const policy = DEFAULT_POLICY.rollout.health;
  const champion = { requests: 9000, errors: 9, p99LatencyMs: 80 };

  it('is Successful when the challenger is as fast and reliable as the champion', () => {
    const r = evaluateHealth(
      policy,
      { requests: 1000, errors: 1, p99LatencyMs: 90 },
      champion,
    );
    expect(r.outcome).toBe('Successful');
    expect(r.evidence.maxP99LatencyMs).toBe(120);
  });

  it('Fails on a latency spike and on errors, with the evidence', () => {
    const slow = evaluateHealth(
      policy,
      { requests: 1000, errors: 1, p99LatencyMs: 900 },
      champion,
    );
    expect(slow.outcome).toBe('Failed');
    expect(slow.reasons).toEqual(['p99 latency 900 ms exceeds 120 ms']);
    const failing = evaluateHealth(
      policy,
      { requests: 1000, errors: 50, p99LatencyMs: 90 },
      champion,
    );
    expect(failing.outcome).toBe('Failed');
    expect(failing.evidence.challenger.errorRate).toBe(0.05);
  });

  it('is Inconclusive with too little traffic, so a human decides', () => {
    const r = evaluateHealth(
      policy,
      { requests: 10, errors: 0, p99LatencyMs: 85 },
      champion,
    );
    expect(r.outcome).toBe('Inconclusive');
  });
});

describe('evaluateRetrain', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const rule = DEFAULT_POLICY.retrain;

  it('retrains after drift in N of the last M windows', () => {
    const r = evaluateRetrain(rule, {
      windowStatuses: [
        'stable',
        'stable',
        'drift',
        'warning',
        'drift',
        'drift',
      ],
      now,
    });
    expect(r).toEqual({
      retrain: true,
      reasons: ['drift in 3 of the last 6 windows (rule: 3 of 6)'],
    });
  });

  it('retrains when a live metric falls below its floor', () => {
    const r = evaluateRetrain(rule, {
      windowStatuses: [],
      liveMetrics: { pr_auc: 0.5 },
      now,
    });
    expect(r.retrain).toBe(true);
    expect(r.reasons[0]).toContain('pr_auc 0.5000 is below its floor 0.55');
  });

  it('waits out the cooldown', () => {
    const r = evaluateRetrain(rule, {
      windowStatuses: ['drift', 'drift', 'drift'],
      lastRetrainAt: new Date('2026-11-22T02:00:00Z'),
      now,
    });
    expect(r.retrain).toBe(false);
    expect(r.cooldownUntil).toBe('2026-11-23T02:00:00.000Z');
  });

  it('does nothing while the model is stable', () => {
    expect(
      evaluateRetrain(rule, { windowStatuses: ['stable', 'drift'], now })
        .retrain,
    ).toBe(false);
  });
});
