import { ConfigReader } from '@backstage/config';
import { PolicyResolver } from './PolicyResolver';
import { ResolvedModel } from './ModelCatalog';

const model = (policy?: string) =>
  ({
    entityRef: 'resource:default/m',
    entity: { apiVersion: 'v1', kind: 'Resource', metadata: { name: 'm' } },
    coordinates: {
      workspace: 'dev',
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
});
