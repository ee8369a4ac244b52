import { ConfigReader } from '@backstage/config';
import {
  ANNOTATION_POLICY_OVERRIDES,
  DEFAULT_POLICY,
  laxerThan,
  ModelPolicy,
  tightenPolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import { PolicyResolver } from './PolicyResolver';
import { ResolvedModel } from './ModelCatalog';

const model = (policy?: string, workspace = 'dev', overrides?: unknown) =>
  ({
    entityRef: 'resource:default/m',
    entity: {
      apiVersion: 'v1',
      kind: 'Resource',
      metadata: {
        name: 'm',
        annotations:
          overrides === undefined
            ? {}
            : { [ANNOTATION_POLICY_OVERRIDES]: JSON.stringify(overrides) },
      },
    },
    coordinates: {
      workspace,
      ucModel: 'a.b.c',
      servingEndpoint: 'm',
      policy,
    },
  } as ResolvedModel);

describe('PolicyResolver', () => {
  const resolver = PolicyResolver.fromConfig(
    new ConfigReader({
      fmlops: {
        defaultPolicy: { rollout: { bakeMinutes: 15 } },
        policies: {
          'markets-default': {
            rollout: { steps: [25, 100] },
            retrain: { automatic: false },
          },
        },
      },
    }),
  );

  it('applies the configured default and named variants on top of it', () => {
    expect(resolver.policyFor(model()).rollout.bakeMinutes).toBe(15);
    const markets = resolver.policyFor(model('markets-default'));
    expect(markets.name).toBe('markets-default');
    expect(markets.rollout).toMatchObject({
      steps: [25, 100],
      bakeMinutes: 15,
    });
    expect(markets.retrain.automatic).toBe(false);
  });

  it('reads whether promotions into an environment need approval, by default not', () => {
    const approving = PolicyResolver.fromConfig(
      new ConfigReader({
        fmlops: {
          policies: {
            'payments-prd': { promotion: { requireApproval: true } },
          },
        },
      }),
    );
    expect(approving.policyFor(model()).promotion).toEqual({
      requireApproval: false,
    });
    expect(approving.policyFor(model('payments-prd')).promotion).toEqual({
      requireApproval: true,
    });
  });

  it('falls back to the default for an unknown policy name', () => {
    expect(resolver.policyFor(model('nope')).name).toBe('default');
  });

  it('refuses an invalid policy at start-up', () => {
    expect(() =>
      PolicyResolver.fromConfig(
        new ConfigReader({
          fmlops: { policies: { bad: { rollout: { steps: [50, 10] } } } },
        }),
      ),
    ).toThrow(/Invalid policy bad: rollout.steps/);
  });

  describe('with a policy pinned for prd', () => {
    const pinnedConfig = {
      fmlops: {
        policies: {
          'prd-minimum': {
            rollout: { steps: [10, 50, 100], bakeMinutes: 45 },
          },
          fast: { rollout: { steps: [50, 100], bakeMinutes: 5 } },
          careful: { rollout: { steps: [5, 10, 50, 100], bakeMinutes: 60 } },
        },
        workspacePolicies: { prd: 'prd-minimum' },
      },
    };
    const pinned = PolicyResolver.fromConfig(new ConfigReader(pinnedConfig));

    it('runs a laxer policy in prd under the pinned one, and says why', () => {
      expect(pinned.policyFor(model('fast', 'prd')).name).toBe('prd-minimum');
      expect(pinned.pinExplanation(model('fast', 'prd'))).toBe(
        'the policy fast is laxer than prd-minimum, the policy pinned for workspace prd (rollout.steps [50, 100] skip the step 10 of [10, 50, 100]; rollout.bakeMinutes 5 < 45): prd-minimum applies',
      );
      // the default (30-minute bakes) is laxer too: no annotation is no escape
      expect(pinned.policyFor(model(undefined, 'prd')).name).toBe(
        'prd-minimum',
      );
    });

    it('keeps a stricter policy in prd, and any policy elsewhere', () => {
      expect(pinned.policyFor(model('careful', 'prd')).name).toBe('careful');
      expect(pinned.pinExplanation(model('careful', 'prd'))).toBeUndefined();
      expect(pinned.policyFor(model('fast', 'dev')).name).toBe('fast');
    });

    it("refuses a promotion's own laxer roll-out in prd only", () => {
      expect(() =>
        pinned.assertRolloutAllowed(model('careful', 'prd'), {
          strategy: 'direct',
          steps: [100],
        }),
      ).toThrow(
        'Workspace prd pins the policy prd-minimum: this promotion would be laxer (rollout.strategy direct skips the canary)',
      );
      expect(() =>
        pinned.assertRolloutAllowed(model('careful', 'prd'), {
          strategy: 'canary',
          steps: [10, 20, 50, 100],
        }),
      ).not.toThrow();
      expect(() =>
        pinned.assertRolloutAllowed(model('fast', 'dev'), {
          strategy: 'direct',
          steps: [100],
        }),
      ).not.toThrow();
    });

    it('refuses a pin naming no policy at start-up', () => {
      expect(() =>
        PolicyResolver.fromConfig(
          new ConfigReader({
            fmlops: { workspacePolicies: { prd: 'strict' } },
          }),
        ),
      ).toThrow(
        'fmlops.workspacePolicies.prd names the policy strict, which is not under fmlops.policies',
      );
    });
  });
});

describe("a project's own thresholds (fmlops.io/policy-overrides)", () => {
  const gate = (policy: ModelPolicy, metric: string) =>
    policy.gates.find(g => g.metric === metric);

  it('tighten the policy the model names where they are stricter', () => {
    const tightened = tightenPolicy(
      DEFAULT_POLICY,
      JSON.stringify({
        gates: [
          { metric: 'pr_auc', threshold: 0.7, minAbsoluteChange: 0.01 },
          { metric: 'precision', threshold: 0.5 },
        ],
        rollout: {
          strategy: 'canary',
          steps: [5, 50, 100],
          bakeMinutes: 45,
          health: { maxP99LatencyMs: 300, minRequests: 200 },
        },
        promotion: { requireApproval: true },
      }),
    );
    expect(gate(tightened, 'pr_auc')).toMatchObject({
      threshold: 0.7,
      minAbsoluteChange: 0.01,
      primary: true,
    });
    // an advisory gate the project sets a threshold for blocks
    expect(gate(tightened, 'precision')).toEqual({
      metric: 'precision',
      greaterIsBetter: true,
      threshold: 0.5,
    });
    expect(tightened.rollout).toMatchObject({
      strategy: 'canary',
      steps: [5, 10, 50, 100],
      bakeMinutes: 45,
      health: { maxP99LatencyMs: 300, minRequests: 200 },
    });
    expect(tightened.promotion).toEqual({ requireApproval: true });
    expect(laxerThan(tightened, DEFAULT_POLICY)).toEqual([]);
    expect(laxerThan(DEFAULT_POLICY, tightened).length).toBeGreaterThan(0);
  });

  it('never loosen it: an annotation is user input, laxer values are ignored', () => {
    const strict: ModelPolicy = {
      ...DEFAULT_POLICY,
      promotion: { requireApproval: true },
    };
    const attempt = tightenPolicy(
      strict,
      JSON.stringify({
        gates: [
          { metric: 'pr_auc', threshold: 0.1, minAbsoluteChange: 0 },
          { metric: 'f1', threshold: 0.2 },
        ],
        rollout: {
          strategy: 'direct',
          steps: [100],
          bakeMinutes: 1,
          autoRollback: false,
          health: {
            maxP99LatencyRatio: 10,
            maxP99LatencyMs: 60000,
            maxErrorRateIncrease: 1,
            minRequests: 0,
          },
        },
        promotion: { requireApproval: false },
      }),
    );
    expect(attempt).toEqual(strict);
    expect(laxerThan(attempt, strict)).toEqual([]);
  });

  it('ignore malformed annotations and values', () => {
    for (const annotation of [
      undefined,
      '',
      '{not json',
      '[1, 2]',
      '"gates"',
      JSON.stringify({
        gates: [{ metric: 'accuracy', threshold: 0.99 }, 'pr_auc', null],
        rollout: { steps: ['10', -5, 250], bakeMinutes: 'forever' },
        promotion: { requireApproval: 'yes' },
      }),
    ]) {
      expect(tightenPolicy(DEFAULT_POLICY, annotation)).toEqual(DEFAULT_POLICY);
    }
    expect(
      gate(
        tightenPolicy(
          DEFAULT_POLICY,
          JSON.stringify({ gates: [{ metric: 'pr_auc', threshold: 7 }] }),
        ),
        'pr_auc',
      )?.threshold,
    ).toBe(0.6);
  });

  it("turn a direct roll-out into a canary with the project's steps", () => {
    const direct: ModelPolicy = {
      ...DEFAULT_POLICY,
      rollout: { ...DEFAULT_POLICY.rollout, strategy: 'direct', steps: [100] },
    };
    expect(
      tightenPolicy(
        direct,
        JSON.stringify({ rollout: { strategy: 'canary', steps: [25, 100] } }),
      ).rollout,
    ).toMatchObject({ strategy: 'canary', steps: [25, 100] });
  });

  it('apply through the resolver, under a pinned policy too', () => {
    const resolver = PolicyResolver.fromConfig(
      new ConfigReader({
        fmlops: {
          policies: { fast: { rollout: { steps: [50, 100], bakeMinutes: 5 } } },
        },
      }),
    );
    const policy = resolver.policyFor(
      model('fast', 'dev', {
        gates: [{ metric: 'f1', threshold: 0.65 }],
        rollout: { bakeMinutes: 20 },
      }),
    );
    expect(policy.name).toBe('fast');
    expect(gate(policy, 'f1')?.threshold).toBe(0.65);
    expect(policy.rollout).toMatchObject({ steps: [50, 100], bakeMinutes: 20 });
    expect(
      resolver.policyFor(model('fast', 'dev', { rollout: { bakeMinutes: 1 } }))
        .rollout.bakeMinutes,
    ).toBe(5);
  });
});
