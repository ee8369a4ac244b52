import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  annotationsOfSummary,
  createBundleDeployLocalAction,
  withAnnotations,
} from './bundleDeployLocal';
import { examples } from './bundleDeployLocal.examples';

jest.setTimeout(60_000);

const CATALOG_INFO = `# the model
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: cards-watch
  annotations:
    databricks.com/workspace: dev
    databricks.com/serving-endpoint: cards-watch # the endpoint
spec:
  type: ml-model
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cards-watch-pipeline
spec:
  type: ml-pipeline
`;

const BUNDLE = {
  'databricks.yml': `bundle:
  name: cards-watch
include:
  - resources/*.yml
variables:
  schema:
    default: watch
targets:
  dev:
    default: true
`,
  'resources/all.yml': `resources:
  registered_models:
    model:
      name: cards_watch
      catalog_name: fmlops_demo
      schema_name: \${var.schema}
  experiments:
    tournament:
      name: /Shared/cards-watch-\${bundle.target}
  model_serving_endpoints:
    serving:
      name: cards-watch
      config:
        served_entities:
          - entity_name: fmlops_demo.watch.cards_watch
            entity_version: "1"
            workload_size: Small
            scale_to_zero_enabled: true
  pipelines:
    market_data:
      name: cards-watch-market-data
  jobs:
    tournament:
      name: cards-watch-tournament
      tasks:
        - task_key: select_winner
          spark_python_task:
            python_file: ../jobs/select_winner.py
    drift:
      name: cards-watch-drift
      tasks:
        - task_key: compute_drift
          spark_python_task:
            python_file: ../jobs/compute_drift.py
    promotion:
      name: cards-watch-promotion
      tasks:
        - task_key: copy_model_version
          spark_python_task:
            python_file: ../jobs/promote_model_version.py
`,
  'catalog-info.yaml': CATALOG_INFO,
  'tests/test_ignored.yml': 'not: [sent',
};

describe('fmlops:bundle:deploy-local', () => {
  let workspace: LocalWorkspace;
  const directory = createMockDirectory();
  const actionFor = (host: string) =>
    createBundleDeployLocalAction({
      config: mockServices.rootConfig({
        data: {
          fmlops: { workspaces: { dev: { host, token: workspace.token } } },
        },
      }),
    });

  beforeAll(async () => {
    workspace = await startLocalWorkspace({ port: 0, scenarios: [] });
  });
  afterAll(() => workspace.stop());

  it('deploys the bundle, writes the ids of its environment into every entity of catalog-info.yaml, and a retry keeps them', async () => {
    directory.setContent(BUNDLE);
    const step = yaml.parse(examples[0].example).steps[0];
    const action = actionFor(workspace.url);
    expect(step.action).toBe(action.id);
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: directory.path,
    });
    await action.handler(ctx);
    const written = fs.readFileSync(
      path.join(directory.path, 'catalog-info.yaml'),
      'utf8',
    );
    const entities = yaml.parseAllDocuments(written).map(d => d.toJS());
    const resources = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'resources',
    )[1];
    for (const entity of entities) {
      // the dev target's coordinates, scoped to the dev environment
      expect(entity.metadata.annotations).toMatchObject({
        'databricks.com/dev.workspace': 'dev',
        'databricks.com/dev.uc-model': 'fmlops_demo.watch.cards_watch',
        'databricks.com/dev.serving-endpoint': 'cards-watch',
        'databricks.com/dev.drift-table': 'fmlops_demo.watch.cards_watch_drift',
        'databricks.com/dev.tournament-job-id': resources.jobs.tournament.id,
        'databricks.com/dev.drift-job-id': resources.jobs.drift.id,
        'databricks.com/dev.promotion-job-id': resources.jobs.promotion.id,
        'databricks.com/dev.mlflow-experiment':
          resources.experiments.tournament.id,
        'databricks.com/dev.dlt-pipeline-id':
          resources.pipelines.market_data.id,
      });
    }
    // what was there stays: the action adds the environment's annotations
    expect(entities[0].metadata.annotations['databricks.com/workspace']).toBe(
      'dev',
    );
    expect(written).toContain('# the model');
    expect(written).toContain('# the endpoint');

    // the workspace serves the first version the tournament registered
    const endpoint = await fetch(
      `${workspace.url}/api/2.0/serving-endpoints/cards-watch`,
      {
        headers: { Authorization: `Bearer ${workspace.token}` },
      },
    );
    expect(
      (await endpoint.json()).config.served_entities[0].entity_version,
    ).toBe('1');

    fs.writeFileSync(
      path.join(directory.path, 'catalog-info.yaml'),
      CATALOG_INFO,
    );
    const retry = createMockActionContext({
      input: step.input,
      workspacePath: directory.path,
    });
    await action.handler(retry);
    const again = (retry.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'resources',
    )[1];
    expect(again).toEqual(resources);
  });

  it('says what is wrong: no workspace config, no bundle, not the local workspace, a refused bundle', async () => {
    directory.setContent(BUNDLE);
    const run = (
      action: ReturnType<typeof actionFor>,
      workspacePath = directory.path,
      input = { workspace: 'dev' },
    ) =>
      action.handler(
        createMockActionContext({
          input,
          workspacePath,
        }) as unknown as Parameters<typeof action.handler>[0],
      );
    await expect(
      run(actionFor(workspace.url), directory.path, { workspace: 'prd' }),
    ).rejects.toThrow(
      'Workspace "prd" needs a host and a token under fmlops.workspaces',
    );
    const empty = createMockDirectory();
    empty.setContent({ 'README.md': 'nothing' });
    await expect(run(actionFor(workspace.url), empty.path)).rejects.toThrow(
      'No databricks.yml',
    );
    await expect(
      run(actionFor(`${workspace.url}/not-databricks`)),
    ).rejects.toThrow(
      'is not the local workspace (it has no bundle deploy endpoint): deploy a real workspace with the Databricks CLI in CI',
    );
    directory.setContent({ ...BUNDLE, 'databricks.yml': 'bundle: {}\n' });
    await expect(run(actionFor(workspace.url))).rejects.toThrow(
      'The local workspace refused the bundle (400): databricks.yml: bundle.name is required.',
    );
  });
});

describe('annotationsOfSummary and withAnnotations', () => {
  it('names the resource the summary lacks', () => {
    expect(() =>
      annotationsOfSummary(
        {
          bundle: { name: 'x', target: 'dev' },
          resources: {},
        },
        'dev',
      ),
    ).toThrow('resources.registered_models.model');
  });

  it('refuses a broken catalog file', () => {
    expect(() => withAnnotations('metadata: [', { a: 'b' })).toThrow(
      'not valid YAML',
    );
  });
});
