import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LocalWorkspace, startLocalWorkspace } from '../index';
import { advance, all, apiError, sdkClient } from '../__testUtils__/sdk';

/** Three local workspaces (dev, acc, prd) sharing one Unity Catalog metastore. */

jest.setTimeout(60_000);

const DEV_MODEL = 'fmlops_dev.payments.payments_fraud_scorer';
const ACC_MODEL = 'fmlops_acc.payments.payments_fraud_scorer';
const PRD_MODEL = 'fmlops_prd.payments.payments_fraud_scorer';
const ACC_PROMOTION_JOB = 3203;

const THREE = [
  { alias: 'dev', port: 0 },
  { alias: 'acc', port: 0 },
  { alias: 'prd', port: 0 },
];

function byAlias(ws: LocalWorkspace, alias: string): LocalWorkspace {
  return ws.workspaces.find(w => w.alias === alias)!;
}

const client = (ws: LocalWorkspace) => sdkClient(ws.url, ws.token);

async function mlflowVersion(ws: LocalWorkspace, name: string, v: number) {
  const res = await fetch(
    `${ws.url}/api/2.0/mlflow/unity-catalog/model-versions/get?name=${name}&version=${v}`,
    { headers: { Authorization: `Bearer ${ws.token}` } },
  );
  return {
    status: res.status,
    body: (await res.json()) as {
      model_version: {
        source: string;
        run_id: string;
        run_tracking_server_id?: string;
        tags: Array<{ key: string; value: string }>;
      };
    },
  };
}

/** Runs the acc promotion job and lets it finish; answers the run. */
async function promote(
  ws: LocalWorkspace,
  jobParameters: Record<string, string>,
  token?: string,
) {
  const acc = client(byAlias(ws, 'acc'));
  const { run_id } = await acc.jobs.runNow({
    job_id: ACC_PROMOTION_JOB,
    job_parameters: jobParameters,
    ...(token ? { idempotency_token: token } : {}),
  });
  advance(byAlias(ws, 'acc'), 10 * 60);
  return acc.jobs.getRun({ run_id: run_id! });
}

describe('several local workspaces', () => {
  let ws: LocalWorkspace;
  beforeAll(async () => {
    ws = await startLocalWorkspace({ workspaces: THREE });
  });
  afterAll(() => ws.stop());

  it('runs each on its own port, with its own endpoints and jobs: the demo models in dev, payments-fraud-scorer in all three', async () => {
    expect(ws.workspaces.map(w => w.alias)).toEqual(['dev', 'acc', 'prd']);
    expect(new Set(ws.workspaces.map(w => w.url)).size).toBe(3);
    const names = async (alias: string) =>
      (await all(client(byAlias(ws, alias)).servingEndpoints.list()))
        .map(e => e.name)
        .sort();
    expect(await names('dev')).toEqual([
      'ach-payment-anomaly',
      'card-fraud-detector',
      'market-abuse-detector',
      'payments-fraud-scorer-dev',
      'trade-anomaly-detector',
      'wire-fraud-detector',
    ]);
    expect(await names('acc')).toEqual(['payments-fraud-scorer-acc']);
    expect(await names('prd')).toEqual(['payments-fraud-scorer']);
    // a job of dev does not exist in prd
    const dev = client(byAlias(ws, 'dev'));
    expect((await dev.jobs.get({ job_id: 3101 })).settings?.name).toBe(
      '[payments-fraud-scorer-dev] tournament',
    );
    const missing = await apiError(
      client(byAlias(ws, 'prd')).jobs.get({ job_id: 3101 }),
    );
    expect(missing.message).toMatch(/Job 3101 does not exist/);
    // faults are injected per workspace
    const fault = byAlias(ws, 'acc').faults.add({
      path: '/api/2.0/serving-endpoints',
      kind: 'error',
      status: 500,
    });
    try {
      await expect(
        all(client(byAlias(ws, 'acc')).servingEndpoints.list()),
      ).rejects.toThrow();
      expect(await names('dev')).toContain('payments-fraud-scorer-dev');
    } finally {
      byAlias(ws, 'acc').faults.remove(fault.id);
    }
  });

  it('shares one metastore: every workspace sees every catalog, and acc and prd hold copies of the dev champion whose run stays in dev', async () => {
    const prd = client(byAlias(ws, 'prd'));
    const devChampion = await prd.modelVersions.getByAlias({
      full_name: DEV_MODEL,
      alias: 'champion',
    });
    const devChallenger = await prd.modelVersions.getByAlias({
      full_name: DEV_MODEL,
      alias: 'challenger',
    });
    expect([devChampion.version, devChallenger.version]).toEqual([1, 2]);
    const accV1 = await prd.modelVersions.get({
      full_name: ACC_MODEL,
      version: 1,
    });
    const prdV1 = await prd.modelVersions.get({
      full_name: PRD_MODEL,
      version: 1,
    });
    expect(accV1.source).toBe(`models:/${DEV_MODEL}/1`);
    expect(prdV1.source).toBe(`models:/${ACC_MODEL}/1`);
    expect(accV1.run_id).toBe(devChampion.run_id);
    expect(prdV1.run_id).toBe(devChampion.run_id);
    expect(prdV1.run_workspace_id).toBe(devChampion.run_workspace_id);
    // prd's promotion job made its version 1
    const [made] = await all(
      client(byAlias(ws, 'prd')).jobs.listRuns({ job_id: 3303 }),
    );
    const run = await client(byAlias(ws, 'prd')).jobs.getRun({
      run_id: made.run_id!,
    });
    expect(run.state?.result_state).toBe('SUCCESS');
    expect(run.job_parameters).toContainEqual(
      expect.objectContaining({ name: 'source_model', value: ACC_MODEL }),
    );
    const lineage = await mlflowVersion(byAlias(ws, 'dev'), PRD_MODEL, 1);
    expect(lineage.body.model_version.tags).toEqual(
      expect.arrayContaining([
        { key: 'fmlops.source_model', value: ACC_MODEL },
        { key: 'fmlops.source_version', value: '1' },
        { key: 'fmlops.source_environment', value: 'acc' },
      ]),
    );
    // the run is in dev's tracking server only
    const trained = await client(byAlias(ws, 'dev')).experiments.getRun({
      run_id: devChampion.run_id!,
    });
    expect(trained.run?.info?.run_id).toBe(devChampion.run_id);
    await expect(
      prd.experiments.getRun({ run_id: devChampion.run_id! }),
    ).rejects.toThrow();
    // dev's drift table is read by SQL from prd's warehouse
    const statement = await prd.statementExecution.executeStatement({
      warehouse_id: byAlias(ws, 'prd').warehouseId,
      statement: `SELECT count(*) AS n FROM ${DEV_MODEL}_drift`,
      wait_timeout: '10s',
    });
    expect(Number(statement.result?.data_array?.[0]?.[0])).toBeGreaterThan(0);
  });

  it('promotes with the promotion job: it copies the version with its source, run and lineage tags, once per idempotency token', async () => {
    const params = {
      source_model: DEV_MODEL,
      source_version: '2',
      target_model: ACC_MODEL,
      source_environment: 'dev',
    };
    const acc = client(byAlias(ws, 'acc'));
    const first = await acc.jobs.runNow({
      job_id: ACC_PROMOTION_JOB,
      job_parameters: params,
      idempotency_token: 'promote-dev-2',
    });
    const again = await acc.jobs.runNow({
      job_id: ACC_PROMOTION_JOB,
      job_parameters: params,
      idempotency_token: 'promote-dev-2',
    });
    expect(again.run_id).toBe(first.run_id);
    advance(byAlias(ws, 'acc'), 10 * 60);
    const run = await acc.jobs.getRun({ run_id: first.run_id! });
    expect(run.state?.result_state).toBe('SUCCESS');
    expect(run.job_parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'source_version', value: '2' }),
      ]),
    );
    const versions = await all(
      acc.modelVersions.list({ full_name: ACC_MODEL }),
    );
    expect(versions.map(v => v.version)).toEqual([1, 2]);
    const source = await acc.modelVersions.get({
      full_name: DEV_MODEL,
      version: 2,
    });
    const copy = await acc.modelVersions.get({
      full_name: ACC_MODEL,
      version: 2,
    });
    expect(copy).toMatchObject({
      source: `models:/${DEV_MODEL}/2`,
      run_id: source.run_id,
      status: 'READY',
    });
    const tags = (await mlflowVersion(byAlias(ws, 'acc'), ACC_MODEL, 2)).body
      .model_version.tags;
    expect(tags).toEqual(
      expect.arrayContaining([
        { key: 'fmlops.source_model', value: DEV_MODEL },
        { key: 'fmlops.source_version', value: '2' },
        { key: 'fmlops.source_environment', value: 'dev' },
      ]),
    );

    // the copy is servable in acc
    await acc.servingEndpoints.updateConfig({
      name: 'payments-fraud-scorer-acc',
      served_entities: [
        {
          entity_name: ACC_MODEL,
          entity_version: '2',
          workload_size: 'Small',
          scale_to_zero_enabled: false,
        },
      ],
    });
    advance(byAlias(ws, 'acc'), 60);
    const endpoint = await acc.servingEndpoints.get({
      name: 'payments-fraud-scorer-acc',
    });
    expect(endpoint.config?.served_entities?.[0]?.entity_version).toBe('2');
    expect(endpoint.state?.config_update).toBe('NOT_UPDATING');
  });

  it('creates the target model when it is absent, and fails the run with a message when the source does not exist', async () => {
    const created = await promote(ws, {
      source_model: DEV_MODEL,
      source_version: '1',
      target_model: 'fmlops_acc.payments.payments_fraud_scorer_shadow',
    });
    expect(created.state?.result_state).toBe('SUCCESS');
    const shadow = await client(byAlias(ws, 'dev')).modelVersions.get({
      full_name: 'fmlops_acc.payments.payments_fraud_scorer_shadow',
      version: 1,
    });
    expect(shadow.source).toBe(`models:/${DEV_MODEL}/1`);

    const failed = await promote(ws, {
      source_model: DEV_MODEL,
      source_version: '99',
      target_model: ACC_MODEL,
    });
    expect(failed.state?.result_state).toBe('FAILED');
    expect(failed.state?.state_message).toMatch(
      /Model version 99 of 'fmlops_dev.payments.payments_fraud_scorer' does not exist/,
    );
  });

  it("serves a copy with its source version's latency and error profile", async () => {
    const dev = byAlias(ws, 'dev');
    const set = await fetch(
      `${dev.url}/__admin/serving-endpoints/payments-fraud-scorer-dev/profiles/1`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${dev.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ p50Ms: 33, p99Ms: 140, errorRate: 0.002 }),
      },
    );
    expect(set.status).toBe(200);
    const run = await promote(ws, {
      source_model: DEV_MODEL,
      source_version: '1',
      target_model: ACC_MODEL,
    });
    expect(run.state?.result_state).toBe('SUCCESS');
    await client(byAlias(ws, 'acc')).servingEndpoints.updateConfig({
      name: 'payments-fraud-scorer-acc',
      served_entities: [
        {
          entity_name: ACC_MODEL,
          entity_version: '3',
          workload_size: 'Small',
          scale_to_zero_enabled: false,
        },
      ],
    });
    const endpoint = byAlias(ws, 'acc')
      .state.snapshot()
      .endpoints.find(e => e.name === 'payments-fraud-scorer-acc')!;
    expect(Object.fromEntries(endpoint.profiles)['3']).toEqual({
      p50Ms: 33,
      p99Ms: 140,
      errorRate: 0.002,
    });
  });

  it('refuses job parameters that are not strings', async () => {
    const error = await apiError(
      client(byAlias(ws, 'acc')).jobs.runNow({
        job_id: ACC_PROMOTION_JOB,
        job_parameters: { source_version: 2 } as unknown as Record<
          string,
          string
        >,
      }),
    );
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
  });

  it("serves every coordinate examples/environments.yaml names, each in its environment's workspace", async () => {
    const entities = parseAllDocuments(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../examples/environments.yaml'),
        'utf8',
      ),
    ).map(
      d => d.toJSON() as { metadata: { annotations: Record<string, string> } },
    );
    for (const { metadata } of entities) {
      const a = metadata.annotations;
      expect(a['fmlops.io/environments']).toBe('dev acc prd');
      for (const env of ['dev', 'acc', 'prd']) {
        const at = (key: string) => a[`databricks.com/${env}.${key}`];
        const c = client(byAlias(ws, at('workspace')));
        await c.servingEndpoints.get({ name: at('serving-endpoint') });
        await c.registeredModels.get({ full_name: at('uc-model') });
        await c.experiments.getExperiment({
          experiment_id: at('mlflow-experiment'),
        });
        for (const job of [
          'tournament-job-id',
          'drift-job-id',
          'promotion-job-id',
        ])
          await c.jobs.get({ job_id: Number(at(job)) });
        await c.pipelines.get({ pipeline_id: at('dlt-pipeline-id') });
        expect(at('drift-table')).toBe(`${at('uc-model')}_drift`);
      }
    }
  });

  it('resets all of them together, the shared metastore with them', async () => {
    const acc = byAlias(ws, 'acc');
    const res = await fetch(`${acc.url}/__admin/scenarios/reset`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${acc.token}` },
    });
    expect(res.status).toBe(200);
    const versions = await all(
      client(byAlias(ws, 'prd')).modelVersions.list({ full_name: ACC_MODEL }),
    );
    expect(versions.map(v => v.version)).toEqual([1]);
    expect(
      (await all(client(byAlias(ws, 'dev')).servingEndpoints.list())).length,
    ).toBe(6);
  });
});

describe('the state file of several workspaces', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-workspaces-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const options = (stateFile: string) => ({
    stateFile,
    workspaces: [
      { alias: 'dev', port: 0, scenarios: ['payments-fraud-scorer-dev'] },
      { alias: 'acc', port: 0 },
      { alias: 'prd', port: 0 },
    ],
  });

  it('keeps the metastore once and each workspace beside it, and brings a copy and its runs back', async () => {
    const stateFile = path.join(dir, 'state.json');
    const first = await startLocalWorkspace(options(stateFile));
    const run = await promote(
      first,
      {
        source_model: DEV_MODEL,
        source_version: '2',
        target_model: ACC_MODEL,
        source_environment: 'dev',
      },
      'round-trip',
    );
    expect(run.state?.result_state).toBe('SUCCESS');
    await first.stop();

    const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    expect(saved.format).toBe('fmlops-local-workspaces/1');
    expect(saved.workspaces.map((w: { alias: string }) => w.alias)).toEqual([
      'dev',
      'acc',
      'prd',
    ]);
    expect(saved.workspaces[1].state.models).toEqual([]);
    expect(
      saved.metastore.models.map((m: { fullName: string }) => m.fullName),
    ).toEqual(expect.arrayContaining([DEV_MODEL, ACC_MODEL, PRD_MODEL]));

    const second = await startLocalWorkspace(options(stateFile));
    try {
      const acc = client(byAlias(second, 'acc'));
      const copy = await acc.modelVersions.get({
        full_name: ACC_MODEL,
        version: 2,
      });
      expect(copy.source).toBe(`models:/${DEV_MODEL}/2`);
      const tags = (await mlflowVersion(byAlias(second, 'prd'), ACC_MODEL, 2))
        .body.model_version.tags;
      expect(tags).toContainEqual({
        key: 'fmlops.source_environment',
        value: 'dev',
      });
      // the same token answers the run it started before the restart
      const again = await acc.jobs.runNow({
        job_id: ACC_PROMOTION_JOB,
        idempotency_token: 'round-trip',
      });
      expect(again.run_id).toBe(run.run_id);
      await expect(
        client(byAlias(second, 'prd')).jobs.getRun({ run_id: run.run_id! }),
      ).rejects.toThrow();
    } finally {
      await second.stop();
    }
  });

  it('loads the state file of several into a single workspace: the first one and the metastore', async () => {
    const stateFile = path.join(dir, 'several.json');
    const several = await startLocalWorkspace(options(stateFile));
    await promote(several, {
      source_model: DEV_MODEL,
      source_version: '2',
      target_model: ACC_MODEL,
    });
    await several.stop();

    const single = await startLocalWorkspace({
      port: 0,
      scenarios: ['payments-fraud-scorer-dev'],
      stateFile,
    });
    try {
      const c = client(single);
      expect(
        (await c.modelVersions.get({ full_name: ACC_MODEL, version: 2 }))
          .source,
      ).toBe(`models:/${DEV_MODEL}/2`);
      expect((await all(c.servingEndpoints.list())).map(e => e.name)).toEqual([
        'payments-fraud-scorer-dev',
      ]);
    } finally {
      await single.stop();
    }
  });

  it("loads a single workspace's state file into the first of several, keeping what was seeded since", async () => {
    const stateFile = path.join(dir, 'single.json');
    const single = await startLocalWorkspace({
      port: 0,
      scenarios: ['healthy'],
      stateFile,
    });
    await client(single).registeredModels.setAlias({
      full_name: 'fmlops_demo.cards.card_fraud_detector',
      alias: 'previous',
      version_num: 1,
    });
    await single.stop();

    const several = await startLocalWorkspace({
      stateFile,
      workspaces: [
        {
          alias: 'dev',
          port: 0,
          scenarios: ['healthy', 'payments-fraud-scorer-dev'],
        },
        { alias: 'acc', port: 0 },
        { alias: 'prd', port: 0 },
      ],
    });
    try {
      const prd = client(byAlias(several, 'prd'));
      expect(
        (
          await prd.modelVersions.getByAlias({
            full_name: 'fmlops_demo.cards.card_fraud_detector',
            alias: 'previous',
          })
        ).version,
      ).toBe(1);
      // what was seeded since the state was saved stays: dev's new model, acc's and prd's copies
      const dev = client(byAlias(several, 'dev'));
      expect(
        (await all(dev.servingEndpoints.list())).map(e => e.name).sort(),
      ).toEqual(['card-fraud-detector', 'payments-fraud-scorer-dev']);
      await dev.pipelines.get({
        pipeline_id: '4f1c2a10-0031-4d6e-9a3b-000000000031',
      });
      expect(
        (await prd.modelVersions.get({ full_name: PRD_MODEL, version: 1 }))
          .source,
      ).toBe(`models:/${ACC_MODEL}/1`);
    } finally {
      await several.stop();
    }
  });
});
