import { mockCredentials } from '@backstage/backend-test-utils';
import { ReadThroughCache } from '../cache/ReadThroughCache';
import { ReadAccess } from './ReadAccess';
import { ModelReader, ReadPath } from './ReadPath';

const model = {
  entityRef: 'resource:default/fraud-model',
  entity: { kind: 'Resource', metadata: { name: 'fraud-model' } },
  coordinates: {
    workspace: 'dev',
    ucModel: 'main.models.fraud',
    servingEndpoint: 'fraud',
    driftTable: 'main.monitoring.fraud_drift',
  },
} as any;

function setup() {
  const access = {
    resolve: async () => model,
    model: async () => model,
    all: async () => [model],
    listReadable: async () => [model],
  } as unknown as ReadAccess;
  const reader = {
    overview: jest.fn(async (_m: unknown) => ({ entityRef: model.entityRef })),
    portfolio: jest.fn(async (_m: unknown) => []),
    compareDrift: jest.fn(async (..._a: unknown[]) => ({ features: [] })),
  };
  const evaluate = jest.fn(async () => ({ decision: 'promote' } as any));
  const readPath = new ReadPath({
    access,
    reader: reader as unknown as ModelReader,
    cache: new ReadThroughCache({
      freshMs: 15_000,
      staleWhileRevalidateMs: 300_000,
      idleEvictMs: 600_000,
    }),
    evaluate,
  });
  return { readPath, reader, evaluate };
}

const user = mockCredentials.user();

describe('ReadPath', () => {
  it('caches the promotion gate like the overview', async () => {
    const { readPath, evaluate } = setup();
    const ref = { kind: 'resource', namespace: 'default', name: 'fraud-model' };
    const first = JSON.parse(await readPath.evaluationJson(ref, user));
    const second = JSON.parse(await readPath.evaluationJson(ref, user));
    expect(first).toEqual({ decision: 'promote' });
    expect(second).toEqual(first);
    expect(evaluate).toHaveBeenCalledTimes(1);
  });

  it('answers the overview with its freshness, from one Databricks read', async () => {
    const { readPath, reader } = setup();
    const ref = { kind: 'Resource', namespace: 'default', name: 'fraud-model' };
    await readPath.overviewJson(ref, user);
    const overview = await readPath.overview(ref, user);
    expect(overview).toMatchObject({
      entityRef: 'resource:default/fraud-model',
      freshness: { stale: false, source: 'cache' },
    });
    expect(reader.overview).toHaveBeenCalledTimes(1);
  });

  it('shares one drift comparison between spellings of the same window', async () => {
    const { readPath, reader } = setup();
    const ref = { kind: 'resource', namespace: 'default', name: 'fraud-model' };
    await readPath.compareDrift(
      ref,
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
      user,
    );
    await readPath.compareDrift(
      ref,
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T01:00:00+01:00',
      user,
    );
    expect(reader.compareDrift).toHaveBeenCalledTimes(1);
  });
});
