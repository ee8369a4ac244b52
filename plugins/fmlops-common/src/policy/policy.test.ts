import { DEFAULT_POLICY, resolvePolicy } from './policy';

describe('resolvePolicy', () => {
  it('overrides parts of a policy, replacing arrays and merging objects', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, {
      name: 'fast',
      rollout: { steps: [25, 100], health: { minRequests: 10 } },
    });
    expect(policy.rollout.steps).toEqual([25, 100]);
    expect(policy.rollout.health).toEqual({
      ...DEFAULT_POLICY.rollout.health,
      minRequests: 10,
    });
    expect(policy.rollout.bakeMinutes).toBe(DEFAULT_POLICY.rollout.bakeMinutes);
    expect(DEFAULT_POLICY.rollout.steps).toEqual([10, 50, 100]);
  });

  it('names every problem of an invalid policy', () => {
    expect(() =>
      resolvePolicy(DEFAULT_POLICY, {
        primaryMetric: 'accuracy' as never,
        rollout: { steps: [50, 20] },
        retrain: { drift: { windowsInDrift: 5, ofLastWindows: 2 } },
      }),
    ).toThrow(
      'Invalid policy default: primaryMetric must be one of pr_auc, f1, precision, recall, roc_auc; rollout.steps must be increasing whole percentages between 1 and 100 ending at 100; retrain.drift needs whole numbers with 1 ≤ windowsInDrift ≤ ofLastWindows',
    );
  });

  it('accepts a direct rollout without steps', () => {
    expect(
      resolvePolicy(DEFAULT_POLICY, {
        rollout: { strategy: 'direct', steps: [] },
      }).rollout.strategy,
    ).toBe('direct');
  });

  it('merges the metric floors metric by metric', () => {
    const policy = resolvePolicy(DEFAULT_POLICY, {
      retrain: { metricFloors: { f1: 0.4 } },
    });
    expect(policy.retrain.metricFloors).toEqual({ pr_auc: 0.55, f1: 0.4 });
    expect(policy.retrain.drift).toEqual(DEFAULT_POLICY.retrain.drift);
  });

  it('names the key at fault when a value has the wrong type', () => {
    expect(() =>
      resolvePolicy(
        DEFAULT_POLICY,
        { name: 'typos' },
        {
          gates: [{ metric: 'pr_auc', greaterIsBetter: 'yes' as never }],
          rollout: { bakeMinutes: 'soon' as never },
        },
      ),
    ).toThrow(
      'Invalid policy typos: gates[0].greaterIsBetter must be true or false; rollout.bakeMinutes must be zero or more',
    );
  });

  it('takes monitoring thresholds and refuses a pass rate above 1', () => {
    expect(
      resolvePolicy(DEFAULT_POLICY, {
        monitoring: { minExpectationPassRate: 0.99 },
      }).monitoring,
    ).toEqual({ ...DEFAULT_POLICY.monitoring, minExpectationPassRate: 0.99 });
    expect(() =>
      resolvePolicy(DEFAULT_POLICY, {
        monitoring: { minExpectationPassRate: 95, maxDataAgeHours: 0 },
      }),
    ).toThrow(
      'Invalid policy default: monitoring.minExpectationPassRate must be between 0 and 1; monitoring.maxDataAgeHours must be a positive number of hours',
    );
  });

  it('needs no approval to promote into an environment unless the policy says so', () => {
    expect(resolvePolicy(DEFAULT_POLICY).promotion).toEqual({
      requireApproval: false,
    });
    const prd = resolvePolicy(DEFAULT_POLICY, {
      name: 'prd',
      promotion: { requireApproval: true },
    });
    expect(prd.promotion).toEqual({ requireApproval: true });
    // a variant of a policy that requires approval keeps requiring it
    expect(
      resolvePolicy(prd, { rollout: { bakeMinutes: 60 } }).promotion,
    ).toEqual({ requireApproval: true });
    expect(() =>
      resolvePolicy(DEFAULT_POLICY, {
        promotion: { requireApproval: 'yes' as never },
      }),
    ).toThrow(
      'Invalid policy default: promotion.requireApproval must be true or false',
    );
  });
});
