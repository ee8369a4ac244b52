import { ConfigReader } from '@backstage/config';
import { PolicyResolver } from './PolicyResolver';
import { ResolvedModel } from './ModelCatalog';

const model = (policy?: string, workspace = 'dev') =>
  ({
    entityRef: 'resource:default/m',
    entity: { apiVersion: 'v1', kind: 'Resource', metadata: { name: 'm' } },
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
          policies: { 'payments-prd': { promotion: { requireApproval: true } } },
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
