import { LocalWorkspace, startLocalWorkspace } from '../index';
import { advance, all, sdkClient } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/**
 * POST /__admin/bundle/deploy: a bundle shaped as the anomaly-detection template renders it (the
 * scaffolder's end-to-end test deploys the real rendered one), read back through the real SDK.
 */

jest.setTimeout(60_000);

const REFS =
  'resource:default/cards-watch component:default/cards-watch-pipeline';

const FILES: Record<string, string> = {
  'databricks.yml': `
bundle:
  name: cards-watch
include:
  - resources/*.yml
variables:
  catalog: { default: fmlops_demo }
  schema: { default: watch }
  model_name: { default: cards_watch }
  entity_refs: { default: "${REFS}" }
  experiment_name: { default: /Workspace/Shared/fmlops/cards-watch }
  champion_version: { default: "1" }
  alert_email: { default: "\${workspace.current_user.userName}" }
targets:
  dev:
    mode: development
    default: true
  prd:
    mode: production
    variables:
      schema: watch_prd
`,
  'resources/model.yml': `
resources:
  registered_models:
    model:
      name: \${var.model_name}
      catalog_name: \${var.catalog}
      schema_name: \${var.schema}
      comment: Card fraud watch
  experiments:
    tournament: { name: "\${var.experiment_name}-\${bundle.target}" }
`,
  'resources/serving.yml': `
resources:
  model_serving_endpoints:
    serving:
      name: cards-watch
      config:
        served_entities:
          - name: champion
            entity_name: \${var.catalog}.\${var.schema}.\${resources.registered_models.model.name}
            entity_version: \${var.champion_version}
            workload_size: Small
            scale_to_zero_enabled: true
        traffic_config:
          routes: [{ served_model_name: champion, traffic_percentage: 100 }]
      tags:
        - key: fmlops-entity-refs
          value: \${var.entity_refs}
`,
  'resources/pipeline.yml': `
resources:
  pipelines:
    market_data:
      name: \${bundle.name}-market-data
      catalog: \${var.catalog}
      target: \${var.schema}
      libraries: [{ file: { path: ../pipelines/silver.py } }]
  quality_monitors:
    inference:
      table_name: \${var.catalog}.\${var.schema}.\${resources.registered_models.model.name}_inference
      output_schema_name: \${var.catalog}.\${var.schema}
      assets_dir: \${workspace.root_path}/monitoring
`,
  'resources/jobs.yml': `
resources:
  jobs:
    tournament:
      name: \${bundle.name}-tournament
      email_notifications:
        on_failure: ["\${var.alert_email}"]
      tags:
        fmlops-entity-refs: \${var.entity_refs}
      tasks:
        - task_key: select_winner
          max_retries: 2
          spark_python_task:
            python_file: ../jobs/select_winner.py
            parameters:
              - --entity-refs
              - \${var.entity_refs}
              - --experiment-id
              - \${resources.experiments.tournament.id}
        - task_key: validate_and_deploy
          depends_on: [{ task_key: select_winner }]
          run_job_task:
            job_id: \${resources.jobs.deployment.id}
    deployment:
      name: \${bundle.name}-deployment
      tasks:
        - task_key: roll_out
          spark_python_task: { python_file: ../jobs/deploy_model.py }
    drift:
      name: \${bundle.name}-drift
      tasks:
        - task_key: compute_drift
          spark_python_task: { python_file: ../jobs/compute_drift.py }
    alpha_vantage_history:
      name: \${bundle.name}-alpha-vantage-history
      tasks:
        - task_key: fetch_history
          spark_python_task: { python_file: ../jobs/ingest_alpha_vantage.py }
        - task_key: refresh_pipeline
          pipeline_task:
            pipeline_id: \${resources.pipelines.market_data.id}
`,
  'project_config.yml': 'data:\n  finnhub_symbols: [AAPL, "BINANCE:BTCUSDT"]\n',
  'src/cards_watch/dlt/silver.py': `
import dlt

TRADE_EXPECTATIONS = (
    Expectation("symbol_present", "symbol IS NOT NULL", "drop", None),
    Expectation("price_positive", "price > 0", "drop", None),
)


def define_tables(spark):
    @dlt.table(name="trades_silver", comment="Typed trades.")
    @_guarded(dlt, TRADE_EXPECTATIONS)
    def trades_silver():
        return spark.readStream.table("cards_watch_trades_bronze")

    @dlt.table(name="trade_features_gold")
    @dlt.expect_all_or_drop({"features_finite": "NOT isnan(log_return)"})
    def trade_features_gold():
        return spark.readStream.table("trades_silver")
`,
};

describe('bundle deploy to the local workspace', () => {
  const local = useLocalWorkspace({
    token: 'dapi-bundle-test',
    scenarios: ['healthy'],
  });
  const deploy = (body: unknown) =>
    local.admin('POST', '/__admin/bundle/deploy', body);

  it('creates what the bundle declares and runs its jobs once, then a repeat keeps the ids', async () => {
    const res = await deploy({ files: FILES });
    expect(res.status).toBe(200);
    const first = await res.json();
    expect(first.bundle).toEqual({ name: 'cards-watch', target: 'dev' });
    const {
      jobs,
      pipelines,
      experiments,
      registered_models,
      model_serving_endpoints,
      quality_monitors,
    } = first.resources;
    expect(Object.keys(jobs).sort()).toEqual([
      'alpha_vantage_history',
      'deployment',
      'drift',
      'tournament',
    ]);
    expect(registered_models.model.id).toBe('fmlops_demo.watch.cards_watch');
    expect(model_serving_endpoints.serving.name).toBe('cards-watch');
    expect(quality_monitors.inference.id).toBe(
      'fmlops_demo.watch.cards_watch_inference',
    );
    expect(first.effects).toEqual({
      tradesLanded: 600,
      pipelineUpdated: true,
      tournamentVersion: 1,
      endpointCreated: true,
      driftWindows: 6,
    });

    const { client } = local;
    // the UC model: version 1 is champion, bound to the project's entities as select_winner binds it
    const model = await client.registeredModels.get({
      full_name: 'fmlops_demo.watch.cards_watch',
      include_aliases: true,
    });
    expect(
      model.aliases?.map(a => `${a.alias_name}=${a.version_num}`).sort(),
    ).toEqual(['challenger=1', 'champion=1']);
    const tags = await local.admin(
      'GET',
      '/api/2.0/mlflow/unity-catalog/registered-models/get?name=fmlops_demo.watch.cards_watch',
    );
    expect((await tags.json()).registered_model.tags).toContainEqual({
      key: 'fmlops-entity-refs',
      value: REFS,
    });
    // the tournament: one run per algorithm in the bundle's experiment
    const runs = await all(
      client.experiments.searchRuns({
        experiment_ids: [experiments.tournament.id],
      }),
    );
    expect(runs).toHaveLength(4);
    expect(
      (
        await client.experiments.getExperiment({
          experiment_id: experiments.tournament.id,
        })
      ).experiment?.name,
    ).toBe('/Workspace/Shared/fmlops/cards-watch-dev');
    // the endpoint serves version 1 under the bundle's served-entity name, with its binding tag
    const endpoint = await client.servingEndpoints.get({ name: 'cards-watch' });
    expect(
      endpoint.config?.served_entities?.map(e => [e.name, e.entity_version]),
    ).toEqual([['champion', '1']]);
    expect(endpoint.config?.traffic_config?.routes).toEqual([
      expect.objectContaining({
        served_model_name: 'champion',
        traffic_percentage: 100,
      }),
    ]);
    expect(endpoint.tags).toContainEqual({
      key: 'fmlops-entity-refs',
      value: REFS,
    });
    // jobs keep their declared settings, references resolved to the created ids
    const tournament = await client.jobs.get({
      job_id: Number(jobs.tournament.id),
    });
    expect(tournament.settings?.name).toBe('cards-watch-tournament');
    expect(tournament.settings?.tags?.['fmlops-entity-refs']).toBe(REFS);
    expect(tournament.settings?.email_notifications?.on_failure).toEqual([
      'fmlops-local@fmlops.example',
    ]);
    expect(tournament.settings?.tasks?.[1].run_job_task?.job_id).toBe(
      Number(jobs.deployment.id),
    );
    expect(
      tournament.settings?.tasks?.[0].spark_python_task?.parameters,
    ).toContain(experiments.tournament.id);
    const refresh = (
      await client.jobs.get({ job_id: Number(jobs.alpha_vantage_history.id) })
    ).settings?.tasks?.[1];
    expect(refresh?.pipeline_task?.pipeline_id).toBe(pipelines.market_data.id);
    // the pipeline's update reports the datasets and expectations its sources declare
    const events = await all(
      client.pipelines.listPipelineEvents({
        pipeline_id: pipelines.market_data.id,
      }),
    );
    const expectations = events
      .flatMap(
        e =>
          (e as any).details?.flow_progress?.data_quality?.expectations ?? [],
      )
      .map((e: { dataset: string; name: string }) => `${e.dataset}.${e.name}`)
      .sort();
    expect(expectations).toEqual([
      'trade_features_gold.features_finite',
      'trades_silver.price_positive',
      'trades_silver.symbol_present',
    ]);
    // the monitor
    const monitor = await local.admin(
      'GET',
      '/api/2.1/unity-catalog/tables/fmlops_demo.watch.cards_watch_inference/monitor',
    );
    expect((await monitor.json()).status).toBe('MONITOR_STATUS_ACTIVE');
    // the drift job's windows and the landed trades
    const drift = await client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement:
        'SELECT COUNT(DISTINCT window_start) AS n FROM fmlops_demo.watch.cards_watch_drift',
      wait_timeout: '10s',
    });
    expect(drift.result?.data_array).toEqual([['6']]);
    const trades = await client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement:
        'SELECT COUNT(DISTINCT symbol) AS n FROM fmlops_demo.watch.cards_watch_trades_bronze',
      wait_timeout: '10s',
    });
    expect(trades.result?.data_array).toEqual([['2']]);

    // a repeated deploy (a retried scaffolder step): same ids, no second tournament or endpoint
    const again = await (await deploy({ files: FILES })).json();
    expect(again.attempts).toBe(2);
    expect(again.resources).toEqual(first.resources);
    expect(
      await all(
        client.experiments.searchRuns({
          experiment_ids: [experiments.tournament.id],
        }),
      ),
    ).toHaveLength(4);
    const listed = await (
      await local.admin('GET', '/__admin/bundle/deployments')
    ).json();
    expect(
      listed.deployments.map(
        (d: { bundle: { name: string } }) => d.bundle.name,
      ),
    ).toEqual(['cards-watch']);
  });

  it('keeps a deployment across a state export and import', async () => {
    const state = await (await local.admin('GET', '/__admin/state')).json();
    expect(state.deployments).toHaveLength(1);
    expect((await local.admin('POST', '/__admin/state', state)).status).toBe(
      200,
    );
    const job = (
      await (await local.admin('GET', '/__admin/bundle/deployments')).json()
    ).deployments[0].resources.jobs.drift;
    const run = await local.client.jobs.runNow({ job_id: Number(job.id) });
    local.advance(600);
    const finished = await local.client.jobs.getRun({ run_id: run.run_id! });
    expect(finished.state?.result_state).toBe('SUCCESS');
  });

  it('refuses a bundle it cannot deploy with a message, and names it cannot take', async () => {
    const problems: Array<[unknown, RegExp]> = [
      [{}, /files/],
      [
        { files: { 'databricks.yml': 'bundle: {}' } },
        /bundle.name is required/,
      ],
      [
        { files: FILES, target: 'staging' },
        /Target "staging" is not defined.*dev, prd/,
      ],
      [
        {
          files: {
            ...FILES,
            'databricks.yml': FILES['databricks.yml'].replace(
              'default: fmlops_demo',
              'description: x',
            ),
          },
        },
        /Variable catalog has no value/,
      ],
      [
        { files: { ...FILES, 'resources/serving.yml': 'resources: {}' } },
        /exactly one serving endpoint/,
      ],
      [
        { files: FILES, variables: { colour: 'red' } },
        /colour is set but not declared/,
      ],
      [
        {
          files: {
            ...FILES,
            'resources/extra.yml': 'resources: { jobs: { drift: {} } }',
          },
        },
        /resources.jobs.drift is defined twice/,
      ],
    ];
    for (const [body, message] of problems) {
      const res = await deploy(body);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(message);
    }
    // the demo model's endpoint name belongs to the demo, not to a bundle
    const clash = await deploy({
      files: {
        ...FILES,
        'resources/serving.yml': FILES['resources/serving.yml'].replace(
          'name: cards-watch',
          'name: card-fraud-detector',
        ),
      },
      target: 'prd',
    });
    expect(clash.status).toBe(409);
    expect((await clash.json()).error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });
});

/** The generated project's promotion job (the skeleton's resources/promotion.yml, trimmed). */
const PROMOTION = `
resources:
  jobs:
    promotion:
      name: \${bundle.name}-promotion
      max_concurrent_runs: 1
      tags:
        fmlops-entity-refs: \${var.entity_refs}
      parameters:
        - name: source_model
          default: ""
        - name: source_version
          default: ""
        - name: target_model
          default: \${var.catalog}.\${var.schema}.\${resources.registered_models.model.name}
        - name: source_environment
          default: ""
      tasks:
        - task_key: copy_model_version
          max_retries: 2
          spark_python_task:
            python_file: ../jobs/promote_model_version.py
            parameters:
              - --source-model
              - "{{job.parameters.source_model}}"
              - --source-version
              - "{{job.parameters.source_version}}"
              - --target-model
              - "{{job.parameters.target_model}}"
              - --source-environment
              - "{{job.parameters.source_environment}}"
              - --allowed-target-model
              - \${var.catalog}.\${var.schema}.\${resources.registered_models.model.name}
`;

/** Per-target catalogs and endpoint names, as the template's databricks.yml declares them. */
const PER_TARGET: Record<string, string> = {
  ...FILES,
  'databricks.yml': `
bundle:
  name: cards-watch
include:
  - resources/*.yml
variables:
  catalog: { default: cards_dev }
  schema: { default: watch }
  model_name: { default: cards_watch }
  endpoint_name: { default: cards-watch-dev }
  entity_refs: { default: "${REFS}" }
  experiment_name: { default: /Workspace/Shared/fmlops/cards-watch }
  champion_version: { default: "1" }
  alert_email: { default: "\${workspace.current_user.userName}" }
targets:
  dev:
    mode: development
    default: true
  acc:
    mode: production
    variables: { catalog: cards_acc, endpoint_name: cards-watch-acc }
  prd:
    mode: production
    variables: { catalog: cards_prd, endpoint_name: cards-watch }
`,
  'resources/serving.yml': FILES['resources/serving.yml'].replace(
    'name: cards-watch',
    'name: ${var.endpoint_name}',
  ),
  'resources/promotion.yml': PROMOTION,
};

describe('a generated bundle deployed to dev, acc and prd', () => {
  let ws: LocalWorkspace;
  const at = (alias: string) => ws.workspaces.find(w => w.alias === alias)!;
  const deployTo = async (alias: string) => {
    const res = await fetch(`${at(alias).url}/__admin/bundle/deploy`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${at(alias).token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ files: PER_TARGET, target: alias }),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  beforeAll(async () => {
    ws = await startLocalWorkspace({
      workspaces: [
        { alias: 'dev', port: 0 },
        { alias: 'acc', port: 0 },
        { alias: 'prd', port: 0 },
      ],
    });
  });
  afterAll(() => ws.stop());

  it("gets each target's catalog, endpoint and jobs in its workspace, and a promotion job run copies a version between targets' catalogs that a repeat deploy keeps", async () => {
    const deployed: Record<string, any> = {};
    for (const alias of ['dev', 'acc', 'prd'])
      deployed[alias] = await deployTo(alias);
    expect(
      Object.values(deployed).map(d => [
        d.bundle.target,
        d.resources.registered_models.model.id,
        d.resources.model_serving_endpoints.serving.name,
      ]),
    ).toEqual([
      ['dev', 'cards_dev.watch.cards_watch', 'cards-watch-dev'],
      ['acc', 'cards_acc.watch.cards_watch', 'cards-watch-acc'],
      ['prd', 'cards_prd.watch.cards_watch', 'cards-watch'],
    ]);
    // each workspace serves its own target's endpoint and runs its own jobs
    const acc = sdkClient(at('acc').url, at('acc').token);
    const endpoints = (await all(acc.servingEndpoints.list())).map(e => e.name);
    expect(endpoints).toContain('cards-watch-acc');
    expect(endpoints).not.toContain('cards-watch-dev');
    const jobId = Number(deployed.acc.resources.jobs.promotion.id);
    const job = await acc.jobs.get({ job_id: jobId });
    expect(job.settings?.parameters).toContainEqual({
      name: 'target_model',
      default: 'cards_acc.watch.cards_watch',
    });

    // acc's promotion job copies dev's version 1 into acc's model (acc's own tournament made v1)
    const request = {
      job_id: jobId,
      idempotency_token: 'promote-dev-1',
      job_parameters: {
        source_model: 'cards_dev.watch.cards_watch',
        source_version: '1',
        source_environment: 'dev',
      },
    };
    const { run_id } = await acc.jobs.runNow(request);
    advance(at('acc'), 10 * 60);
    const run = await acc.jobs.getRun({ run_id: run_id! });
    expect(run.state?.result_state).toBe('SUCCESS');
    expect(run.job_parameters).toContainEqual(
      expect.objectContaining({
        name: 'target_model',
        value: 'cards_acc.watch.cards_watch',
      }),
    );
    const copy = await acc.modelVersions.get({
      full_name: 'cards_acc.watch.cards_watch',
      version: 2,
    });
    const source = await acc.modelVersions.get({
      full_name: 'cards_dev.watch.cards_watch',
      version: 1,
    });
    expect(copy.source).toBe('models:/cards_dev.watch.cards_watch/1');
    expect(copy.run_id).toBe(source.run_id);

    // a second run of the same promotion finds the copy instead of copying again
    const again = await acc.jobs.runNow({
      ...request,
      idempotency_token: 'promote-dev-1-again',
    });
    advance(at('acc'), 10 * 60);
    expect(
      (await acc.jobs.getRun({ run_id: again.run_id! })).state?.result_state,
    ).toBe('SUCCESS');
    const versions = await all(
      acc.modelVersions.list({ full_name: 'cards_acc.watch.cards_watch' }),
    );
    expect(versions.map(v => v.version).sort()).toEqual([1, 2]);

    // the job writes only into its own environment's model
    const elsewhere = await acc.jobs.runNow({
      job_id: jobId,
      job_parameters: {
        ...request.job_parameters,
        target_model: 'cards_prd.watch.cards_watch',
      },
    });
    advance(at('acc'), 10 * 60);
    const refused = await acc.jobs.getRun({ run_id: elsewhere.run_id! });
    expect(refused.state?.result_state).toBe('FAILED');
    expect(refused.state?.state_message).toMatch(
      /cards_prd.watch.cards_watch is not this environment's model cards_acc.watch.cards_watch/,
    );

    // a repeat deploy of acc keeps the copy's lineage tags
    await deployTo('acc');
    const res = await fetch(
      `${
        at('acc').url
      }/api/2.0/mlflow/unity-catalog/model-versions/get?name=cards_acc.watch.cards_watch&version=2`,
      { headers: { Authorization: `Bearer ${at('acc').token}` } },
    );
    expect((await res.json()).model_version.tags).toEqual(
      expect.arrayContaining([
        { key: 'fmlops.source_model', value: 'cards_dev.watch.cards_watch' },
        { key: 'fmlops.source_version', value: '1' },
        { key: 'fmlops.source_environment', value: 'dev' },
      ]),
    );
  });
});
