import { DEFAULT_POLICY, resolvePolicy } from './policy';
import { laxerRollout, laxerThan } from './strictness';

const minimum = resolvePolicy(DEFAULT_POLICY, { name: 'prd-minimum' });
const variant = (override: Parameters<typeof resolvePolicy>[1]) =>
  resolvePolicy(minimum, { name: 'variant', ...override });

describe('laxerThan', () => {
  it('finds a policy without approval laxer than a minimum that requires it', () => {
    const approved = variant({ promotion: { requireApproval: true } });
    expect(laxerThan(minimum, approved)).toEqual([
      'promotion.requireApproval is off',
    ]);
    expect(laxerThan(approved, minimum)).toEqual([]);
  });

  it('finds nothing laxer in the same policy, or in a stricter one', () => {
    expect(laxerThan(minimum, minimum)).toEqual([]);
    const stricter = variant({
      gates: [
        ...minimum.gates,
        { metric: 'roc_auc', greaterIsBetter: true, threshold: 0.7 },
      ],
      rollout: {
        steps: [5, 10, 25, 50, 100],
        bakeMinutes: 60,
        health: { maxP99LatencyRatio: 1.2, minRequests: 500 },
      },
    });
    expect(laxerThan(stricter, minimum)).toEqual([]);
  });

  it('names each roll-out key that moves faster or checks less', () => {
    const lax = variant({
      rollout: {
        steps: [25, 100],
        bakeMinutes: 5,
        autoRollback: false,
        health: {
          maxP99LatencyRatio: 3,
          maxErrorRateIncrease: 0.05,
          minRequests: 10,
        },
      },
    });
    expect(laxerThan(lax, minimum)).toEqual([
      'rollout.steps [25, 100] skip the steps 10, 50 of [10, 50, 100]',
      'rollout.bakeMinutes 5 < 30',
      'rollout.autoRollback is off',
      'rollout.health.maxP99LatencyRatio 3 > 1.5',
      'rollout.health.maxErrorRateIncrease 0.05 > 0.01',
      'rollout.health.minRequests 10 < 50',
    ]);
  });

  it('calls a direct roll-out laxer than a canary, but not the other way round', () => {
    const direct = variant({ rollout: { strategy: 'direct' } });
    expect(laxerThan(direct, minimum)).toEqual([
      'rollout.strategy direct skips the canary',
    ]);
    expect(laxerThan(minimum, direct)).toEqual([]);
  });

  it('needs every blocking gate of the minimum, at least as demanding', () => {
    const missingF1 = variant({
      gates: minimum.gates.filter(g => g.metric !== 'f1'),
    });
    expect(laxerThan(missingF1, minimum)).toEqual([
      'gates: no blocking gate on f1',
    ]);
    const advisoryF1 = variant({
      gates: minimum.gates.map(g =>
        g.metric === 'f1' ? { ...g, advisory: true } : g,
      ),
    });
    expect(laxerThan(advisoryF1, minimum)).toEqual([
      'gates: no blocking gate on f1',
    ]);
    const lower = variant({
      gates: minimum.gates.map(g =>
        g.metric === 'pr_auc'
          ? { ...g, threshold: 0.5, minAbsoluteChange: undefined }
          : g,
      ),
    });
    expect(laxerThan(lower, minimum)).toEqual([
      'gates[pr_auc].threshold 0.5 < 0.6',
      'gates[pr_auc].minAbsoluteChange unset < 0.005',
    ]);
  });

  it("ignores the minimum's advisory gates and the retraining rule", () => {
    const relaxed = variant({
      gates: minimum.gates.filter(g => !g.advisory),
      retrain: { automatic: false, cooldownHours: 1 },
    });
    expect(laxerThan(relaxed, minimum)).toEqual([]);
  });

  it('reads thresholds in the direction of the metric', () => {
    const lowerIsBetter = (threshold: number) =>
      variant({
        gates: [
          ...minimum.gates,
          { metric: 'roc_auc', greaterIsBetter: false, threshold },
        ],
      });
    expect(laxerThan(lowerIsBetter(0.3), lowerIsBetter(0.4))).toEqual([]);
    expect(laxerThan(lowerIsBetter(0.5), lowerIsBetter(0.4))).toEqual([
      'gates[roc_auc].threshold 0.5 > 0.4',
    ]);
  });
});

describe('laxerRollout', () => {
  it("judges a request's own strategy and steps against the minimum", () => {
    expect(
      laxerRollout(
        { ...minimum.rollout, strategy: 'canary', steps: [10, 20, 50, 100] },
        minimum.rollout,
      ),
    ).toEqual([]);
    expect(
      laxerRollout({ ...minimum.rollout, steps: [50, 100] }, minimum.rollout),
    ).toEqual(['rollout.steps [50, 100] skip the step 10 of [10, 50, 100]']);
  });
});
