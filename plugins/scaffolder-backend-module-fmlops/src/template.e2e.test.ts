/*
 * The real Backstage scaffolder runs the real anomaly-detection-pipeline template with its
 * example values: fetch:template renders the skeleton, the fmlops actions check, register and
 * publish it, and the rendered project's own pytest suite runs.
 */
import {
  createServiceFactory,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { scaffolderModuleFmlops } from './module';

const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../templates/anomaly-detection-pipeline',
);
const TEMPLATE_FILE = path.join(TEMPLATE_DIR, 'template.yaml');
const PYTHON = '/usr/bin/python3';

const values = parse(
  fs.readFileSync(path.join(TEMPLATE_DIR, 'example-values.yaml'), 'utf8'),
) as Record<string, any>;
const modelName = values.name.replace(/-/g, '_');
// every environment has its own catalog; the template registers and deploys dev
const devModel = `${values.catalog}_dev.payments.${modelName}`;

function templateEntity(): Entity {
  const entity = parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    // what the catalog sets for a template registered from this file: fetch:template resolves
    // ./skeleton against it
    'backstage.io/managed-by-location': `file:${TEMPLATE_FILE}`,
  };
  return entity;
}

/**
 * The catalog, in memory, with the location behaviour of the real catalog backend configured to
 * allow `file` locations: a file location's entities are read from disk, while a `url` location
 * with a file:// target cannot be read (no URL reader reads file://).
 */
function fakeCatalog(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const registered: Array<{ type: string; target: string }> = [];
  catalog.addLocation = async (
    spec: Parameters<CatalogService['addLocation']>[0],
  ): ReturnType<CatalogService['addLocation']> => {
    const type = spec.type ?? 'url';
    const location = {
      id: `location-${registered.length}`,
      type,
      target: spec.target,
      entityRef: `location:default/generated-${registered.length}`,
    };
    if (type === 'file') {
      if (!fs.existsSync(spec.target)) {
        throw new InputError(`${spec.target} does not exist`);
      }
      const found = parseAllDocuments(fs.readFileSync(spec.target, 'utf8')).map(
        d => d.toJS() as Entity,
      );
      if (!spec.dryRun) registered.push({ type, target: spec.target });
      return { location, entities: spec.dryRun ? found : [] };
    }
    if (spec.dryRun && spec.target.startsWith('file:')) {
      throw new InputError(
        `Unable to read url, NotAllowedError: Reading from '${spec.target}' is not allowed`,
      );
    }
    if (!spec.dryRun) registered.push({ type, target: spec.target });
    return { location, entities: [] };
  };
  return { catalog, registered };
}

function skeletonContents(
  directory: string,
  prefix = '',
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap(entry => {
    const relative = `${prefix}${entry.name}`;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return skeletonContents(full, `${relative}/`);
    return [
      {
        path: relative,
        base64Content: fs.readFileSync(full).toString('base64'),
      },
    ];
  });
}

interface TaskEvent {
  type: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    error?: { message: string };
  };
}

describe('the anomaly-detection-pipeline template on the real scaffolder', () => {
  let workspace: LocalWorkspace;
  let publishDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let registered: Array<{ type: string; target: string }>;
  const auth = mockCredentials.user.header();

  beforeAll(async () => {
    workspace = await startLocalWorkspace({ port: 0, scenarios: ['healthy'] });
    publishDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'fmlops-template-test-'),
    );
    const fake = fakeCatalog([templateEntity()]);
    registered = fake.registered;
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleFmlops,
        mockServices.rootConfig.factory({
          data: {
            fmlops: {
              workspaces: {
                dev: { host: workspace.url, token: workspace.token },
              },
              scaffolder: { localPublishDir: publishDir },
              localWorkspace: { enabled: true },
            },
          },
        }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => fake.catalog,
        }) as ServiceFactory,
      ],
    });
    server = backend.server;
  }, 60_000);

  afterAll(async () => {
    await workspace?.stop();
    fs.rmSync(publishDir, { recursive: true, force: true });
  });

  it('dry-runs the template: every dry-run step succeeds and renders the bundle', async () => {
    const template = templateEntity();
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values,
        directoryContents: skeletonContents(
          path.join(TEMPLATE_DIR, 'skeleton'),
          'skeleton/',
        ),
      });
    expect(response.status).toBe(200);
    const failed = (response.body.log as TaskEvent[]).filter(
      e => e.body.status === 'failed',
    );
    expect(failed.map(e => e.body.message)).toEqual([]);
    const statuses = Object.fromEntries(
      (response.body.log as TaskEvent[])
        .filter(e => e.body.stepId && e.body.status)
        .map(e => [e.body.stepId, e.body.status]),
    );
    expect(statuses).toMatchObject({
      validate: 'completed',
      render: 'completed',
      bundle: 'completed',
      model: 'completed',
      'publish-local': 'completed',
      'publish-github': 'skipped',
    });
    const files = (
      response.body.directoryContents as Array<{ path: string }>
    ).map(f => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'databricks.yml',
        'catalog-info.yaml',
        'resources/tournament.yml',
        `src/${modelName}/__init__.py`,
      ]),
    );
    // the dry run touched no workspace and no folder
    await expect(
      request(workspace.url)
        .get(`/api/2.1/unity-catalog/models/${devModel}`)
        .set('Authorization', `Bearer ${workspace.token}`),
    ).resolves.toMatchObject({ status: 404 });
    expect(fs.readdirSync(publishDir)).toEqual([]);
  }, 120_000);

  it('runs the template as a task: every step succeeds, the model exists, the project is published and registered', async () => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: 'template:default/anomaly-detection-pipeline',
        values,
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id as string;

    let status = 'open';
    const deadline = Date.now() + 90_000;
    while (
      !['completed', 'failed', 'cancelled'].includes(status) &&
      Date.now() < deadline
    ) {
      await new Promise(resolve => setTimeout(resolve, 250));
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', auth);
      status = task.body.status;
    }
    const events = (
      await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', auth)
    ).body as TaskEvent[];
    const failures = events
      .filter(e => e.body.status === 'failed' || e.body.error)
      .map(e => e.body.error?.message ?? e.body.message);
    expect(failures).toEqual([]);
    expect(status).toBe('completed');

    const stepStatus = new Map<string, string>();
    for (const e of events) {
      if (e.body.stepId && e.body.status)
        stepStatus.set(e.body.stepId, e.body.status);
    }
    expect(Object.fromEntries(stepStatus)).toEqual({
      validate: 'completed',
      render: 'completed',
      bundle: 'completed',
      model: 'completed',
      'deploy-local': 'completed',
      'publish-github': 'skipped',
      'publish-local': 'completed',
      'register-github': 'skipped',
      'register-local': 'completed',
    });

    // Unity Catalog: the schema and the model exist in the workspace the portal reads
    const model = await request(workspace.url)
      .get(`/api/2.1/unity-catalog/models/${devModel}`)
      .set('Authorization', `Bearer ${workspace.token}`);
    expect(model.status).toBe(200);
    expect(model.body.full_name).toBe(devModel);

    // the published project
    const project = path.join(publishDir, values.name);
    for (const file of [
      'databricks.yml',
      'resources/tournament.yml',
      'resources/serving.yml',
      'resources/drift.yml',
      `src/${modelName}/__init__.py`,
      'tests/conftest.py',
      'pyproject.toml',
      'catalog-info.yaml',
    ]) {
      expect(fs.existsSync(path.join(project, file))).toBe(true);
    }
    const bundle = parse(
      fs.readFileSync(path.join(project, 'databricks.yml'), 'utf8'),
    );
    expect(bundle.targets.dev.workspace.host).toBe(values.workspaces.dev);
    expect(bundle.targets.prd.mode).toBe('production');

    const entities = parseAllDocuments(
      fs.readFileSync(path.join(project, 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS() as Entity);
    const resource = entities.find(e => e.kind === 'Resource')!;
    expect(resource.metadata.name).toBe(values.name);
    expect(resource.spec).toMatchObject({
      type: 'ml-model',
      owner: values.owner,
    });
    // dev, acc and prd, each with its own catalog and endpoint
    expect(resource.metadata.annotations).toMatchObject({
      'fmlops.io/environments': 'dev acc prd',
      'databricks.com/dev.workspace': 'dev',
      'databricks.com/dev.uc-model': devModel,
      'databricks.com/dev.serving-endpoint': `${values.name}-dev`,
      'databricks.com/dev.drift-table': `${devModel}_drift`,
      'databricks.com/acc.uc-model': `${values.catalog}_acc.payments.${modelName}`,
      'databricks.com/acc.serving-endpoint': `${values.name}-acc`,
      'databricks.com/prd.uc-model': `${values.catalog}_prd.payments.${modelName}`,
      'databricks.com/prd.serving-endpoint': values.name,
      'fmlops.io/policy': values.policy,
    });
    expect(entities.find(e => e.kind === 'Component')?.metadata.name).toBe(
      `${values.name}-pipeline`,
    );

    // the local deploy: the ids of what the bundle created are in both entities, and the workspace
    // has the model's first version served, its tournament, pipeline and drift windows
    const [deployment] = (
      await request(workspace.url)
        .get('/__admin/bundle/deployments')
        .set('Authorization', `Bearer ${workspace.token}`)
    ).body.deployments;
    expect(deployment.bundle).toEqual({ name: values.name, target: 'dev' });
    expect(deployment.effects).toMatchObject({
      tournamentVersion: 1,
      endpointCreated: true,
      pipelineUpdated: true,
    });
    for (const entity of entities) {
      expect(entity.metadata.annotations).toMatchObject({
        'databricks.com/dev.tournament-job-id':
          deployment.resources.jobs.tournament.id,
        'databricks.com/dev.drift-job-id': deployment.resources.jobs.drift.id,
        'databricks.com/dev.promotion-job-id':
          deployment.resources.jobs.promotion.id,
        'databricks.com/dev.mlflow-experiment':
          deployment.resources.experiments.tournament.id,
        'databricks.com/dev.dlt-pipeline-id':
          deployment.resources.pipelines.market_data.id,
      });
    }
    const endpoint = await request(workspace.url)
      .get(`/api/2.0/serving-endpoints/${values.name}-dev`)
      .set('Authorization', `Bearer ${workspace.token}`);
    expect(endpoint.body.tags).toContainEqual({
      key: 'fmlops-entity-refs',
      value: `resource:default/${values.name} component:default/${values.name}-pipeline`,
    });
    // the promotion job, bound to the project's entities like the tournament job
    const promotion = await request(workspace.url)
      .get('/api/2.1/jobs/get')
      .query({ job_id: deployment.resources.jobs.promotion.id })
      .set('Authorization', `Bearer ${workspace.token}`);
    expect(promotion.body.settings.tags).toMatchObject({
      'fmlops-entity-refs': `resource:default/${values.name} component:default/${values.name}-pipeline`,
    });
    expect(
      (promotion.body.settings.parameters as Array<{ name: string }>).map(
        p => p.name,
      ),
    ).toEqual([
      'source_model',
      'source_version',
      'target_model',
      'source_environment',
    ]);
    // every job the bundle declares, each with the settings the template gave it
    expect(Object.keys(deployment.resources.jobs).sort()).toEqual([
      'alpha_vantage_history',
      'deployment',
      'drift',
      'finnhub_stream',
      'promotion',
      'retraining',
      'rollback',
      'smoke_test',
      'tournament',
    ]);
    const pipelineEvents = await request(workspace.url)
      .get(
        `/api/2.0/pipelines/${deployment.resources.pipelines.market_data.id}/events`,
      )
      .set('Authorization', `Bearer ${workspace.token}`);
    const expectations = (pipelineEvents.body.events as any[]).flatMap(
      e => e.details?.flow_progress?.data_quality?.expectations ?? [],
    );
    expect(expectations.map((e: { dataset: string }) => e.dataset)).toEqual(
      expect.arrayContaining([
        `${modelName}_trades_silver`,
        `${modelName}_bars_silver`,
        `${modelName}_trade_features_gold`,
      ]),
    );

    // the catalog got a location it can read
    expect(registered).toEqual([
      { type: 'file', target: path.join(project, 'catalog-info.yaml') },
    ]);

    // the rendered project's own tests
    const version = spawnSync(PYTHON, ['-m', 'pytest', '--version'], {
      encoding: 'utf8',
    });
    if (version.status !== 0) {
      throw new Error(
        `${PYTHON} -m pytest is not available (${
          version.error?.message ?? version.stderr
        }); install python3 and python3-pytest to run the generated project's tests`,
      );
    }
    const pytest = spawnSync(
      PYTHON,
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
      {
        cwd: project,
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    if (pytest.status !== 0) {
      throw new Error(
        `pytest failed in ${project}:\n${pytest.stdout}\n${pytest.stderr}`,
      );
    }
    expect(pytest.stdout).toMatch(/\d+ passed/);
  }, 360_000);
});
