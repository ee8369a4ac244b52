import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { DEFAULT_POLICY } from '@fmlops/backstage-plugin-fmlops-common';
import { modelOf, ResolvedModel } from '../service/ModelCatalog';
import {
  DatabricksModelReader,
  DatabricksReadPort,
} from './DatabricksModelReader';

function model(name: string): ResolvedModel {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'databricks.com/workspace': 'dev',
        'databricks.com/uc-model': `main.models.${name}`,
        'databricks.com/serving-endpoint': name,
        'databricks.com/drift-table': `main.monitoring.${name}_drift`,
      },
    },
    spec: { type: 'ml-model', owner: 'group:default/team' },
  };
  return modelOf(entity)!;
}

/** A workspace where every endpoint is ready and every drift table but `broken` is readable. */
function workspace(options: { broken?: string[]; down?: boolean }) {
  const statements: string[] = [];
  const port = {
    listServingEndpoints: async () =>
      ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map(name => ({
        name,
        state: { ready: 'READY', config_update: 'NOT_UPDATING' },
        config: { served_entities: [{ entity_version: '1' }] },
      })),
    executeSql: async (_workspace: string, statement: string) => {
      statements.push(statement);
      if (options.down) {
        throw new ServiceUnavailableError('the warehouse is stopped');
      }
      const bad = options.broken?.find(t => statement.includes(`${t}_drift`));
      if (bad) {
        throw new InputError(
          `[TABLE_OR_VIEW_NOT_FOUND] main.monitoring.${bad}_drift`,
        );
      }
      return [...statement.matchAll(/SELECT '([^']+)' AS drift_table/g)].map(
        ([, table]) => ({
          drift_table: table,
          window_start: new Date(Date.now() - 3_600_000).toISOString(),
          max_psi: 0.02,
          max_js_distance: 0.01,
        }),
      );
    },
  } as unknown as DatabricksReadPort;
  const reader = new DatabricksModelReader(port, {
    driftTrendWindows: 24,
    tournamentHistory: 10,
    recentJobRuns: 5,
    primaryMetric: () => 'f1',
    monitoring: () => DEFAULT_POLICY.monitoring,
  });
  return { reader, statements };
}

const models = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map(model);
const nothingKnown = () => undefined;

describe('DatabricksModelReader portfolio', () => {
  it('reads every drift table in one statement when all are readable', async () => {
    const { reader, statements } = workspace({});
    const items = await reader.portfolio(models, nothingKnown);
    expect(items.map(i => i.driftStatus)).toEqual(Array(6).fill('stable'));
    expect(statements).toHaveLength(1);
  });

  it('gives only the model with an unreadable drift table an unknown drift, with the reason', async () => {
    const { reader, statements } = workspace({ broken: ['m4'] });
    const items = await reader.portfolio(models, nothingKnown);
    const byName = Object.fromEntries(
      items.map(i => [i.entityRef.split('/')[1], i]),
    );
    expect(byName.m4).toMatchObject({ health: 'unknown' });
    expect(byName.m4.driftStatus).toBeUndefined();
    expect(byName.m4.healthReasons.join()).toMatch(
      /drift could not be read: .*TABLE_OR_VIEW_NOT_FOUND/,
    );
    for (const name of ['m1', 'm2', 'm3', 'm5', 'm6']) {
      expect(byName[name]).toMatchObject({
        health: 'healthy',
        driftStatus: 'stable',
      });
    }
    // the failed statement, then halves of halves down to the bad table: 1 + 2 × 3
    expect(statements.length).toBeLessThanOrEqual(7);
  });

  it('judges pipeline and jobs from what is known of them, and says when nothing is', async () => {
    const { reader } = workspace({});
    const withJobs = ['m1', 'm2'].map(name => {
      const m = model(name);
      return { ...m, coordinates: { ...m.coordinates, tournamentJobId: '7' } };
    });
    const items = await reader.portfolio(withJobs, m =>
      m.entityRef.endsWith('m1')
        ? {
            pipeline: {
              status: 'not-configured',
              reason: 'no pipeline annotation',
            },
            jobs: {
              status: 'ok',
              data: [
                {
                  jobId: '7',
                  runId: '1',
                  role: 'tournament',
                  lifeCycleState: 'TERMINATED',
                  resultState: 'FAILED',
                  startTime: new Date().toISOString(),
                },
              ],
            },
          }
        : undefined,
    );
    expect(items[0].health).not.toBe('healthy');
    expect(items[0].healthReasons.join()).toMatch(/tournament/i);
    expect(items[1]).toMatchObject({ health: 'healthy' });
    expect(items[1].healthReasons).toContain(
      'pipeline and job runs not read yet',
    );
  });

  it('does not split statements when the warehouse itself is down', async () => {
    const { reader, statements } = workspace({ down: true });
    const items = await reader.portfolio(models, nothingKnown);
    expect(items.every(i => i.health === 'unknown')).toBe(true);
    expect(statements).toHaveLength(1);
  });
});

describe('DatabricksModelReader overview', () => {
  /** A workspace that answers every read with `error`. */
  const answering = (error: () => Error) =>
    new DatabricksModelReader(
      new Proxy({} as DatabricksReadPort, {
        get: () => async () => {
          throw error();
        },
      }),
      {
        driftTrendWindows: 24,
        tournamentHistory: 10,
        recentJobRuns: 5,
        primaryMetric: () => 'f1',
        monitoring: () => DEFAULT_POLICY.monitoring,
      },
    );

  it('says section by section that nothing is there in an environment not deployed yet', async () => {
    const overview = await answering(
      () => new NotFoundError('the serving endpoint does not exist'),
    ).overview(model('m1'));
    expect(overview.serving).toMatchObject({
      status: 'unavailable',
      reason: 'the serving endpoint does not exist',
    });
    expect(overview.registry.status).toBe('unavailable');
  });

  it('fails as unavailable when the workspace is down, so the last good overview is served', async () => {
    await expect(
      answering(
        () => new ServiceUnavailableError('the workspace is down'),
      ).overview(model('m1')),
    ).rejects.toThrow(/Databricks could not be read: the workspace is down/);
  });
});
