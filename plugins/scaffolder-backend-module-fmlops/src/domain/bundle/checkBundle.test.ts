import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBundleSchemaFixture } from '../../__fixtures__/bundleSchema';
import { loadBundleSchema } from './bundleSchema';
import { checkBundle, type BundleCheckOptions } from './checkBundle';
import { formatBundleProblems } from './problems';

const ROOT = `bundle:
  name: card-fraud-detector
include:
  - resources/*.yml
variables:
  catalog:
    default: fmlops_demo
  node_type_id:
    default: i3.xlarge
  scale_to_zero:
    default: true
targets:
  dev:
    mode: development
    default: true
    workspace:
      host: http://127.0.0.1:8787
  prd:
    mode: production
    workspace:
      host: https://adb-2.azuredatabricks.net
      root_path: /Workspace/Shared/.bundle/\${bundle.name}/\${bundle.target}
    variables:
      scale_to_zero: false
`;

const JOBS = `resources:
  jobs:
    tournament:
      name: \${bundle.name}-tournament
      tasks:
        - task_key: build_features
          spark_python_task:
            python_file: ../jobs/build_features.py
            parameters:
              - --catalog
              - \${var.catalog}
        - task_key: train_xgboost
          depends_on:
            - task_key: build_features
          notebook_task:
            notebook_path: ../notebooks/train
        - task_key: deploy
          depends_on:
            - task_key: train_xgboost
          run_job_task:
            job_id: \${resources.jobs.deployment.id}
    deployment:
      name: deployment
      tasks:
        - task_key: gate
          spark_python_task:
            python_file: ../jobs/gate.py
  registered_models:
    model:
      catalog_name: \${var.catalog}
      schema_name: cards
      name: card_fraud_detector
`;

const PIPELINES = `resources:
  pipelines:
    market_data:
      name: market-data
      catalog: \${var.catalog}
      libraries:
        - file:
            path: ../pipelines/bronze.py
        - notebook:
            path: ../pipelines/silver
        - glob:
            include: ../pipelines/gold/
  model_serving_endpoints:
    serving:
      name: card-fraud-detector
      config:
        served_entities:
          - name: champion
            entity_name: fmlops_demo.cards.\${resources.registered_models.model.name}
            entity_version: "1"
            scale_to_zero_enabled: \${var.scale_to_zero}
        traffic_config:
          routes:
            - served_model_name: champion
              traffic_percentage: 100
`;

const SOURCES = {
  'jobs/build_features.py': 'print(1)\n',
  'jobs/gate.py': 'print(1)\n',
  'notebooks/train.ipynb': '{}\n',
  'pipelines/bronze.py': '\n',
  'pipelines/silver.py': '\n',
  'pipelines/gold/features.py': '\n',
};

function bundleDir(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-bundle-test-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const validBundle = (overrides: Record<string, string> = {}) =>
  bundleDir({
    'databricks.yml': ROOT,
    'resources/jobs.yml': JOBS,
    'resources/pipelines.yml': PIPELINES,
    ...SOURCES,
    ...overrides,
  });

const messages = (root: string, options?: BundleCheckOptions) =>
  checkBundle(root, options).problems.map(
    p => `${p.file} ${p.at}: ${p.message}`,
  );

describe('checkBundle', () => {
  it('accepts a consistent bundle and lists its resources, files and targets', () => {
    const report = checkBundle(validBundle());
    expect(report.problems).toEqual([]);
    expect(report.resources).toEqual({
      jobs: ['tournament', 'deployment'],
      registered_models: ['model'],
      pipelines: ['market_data'],
      model_serving_endpoints: ['serving'],
    });
    expect(report.files).toEqual([
      'databricks.yml',
      'resources/jobs.yml',
      'resources/pipelines.yml',
    ]);
    expect(report.targets).toEqual(['dev', 'prd']);
  });

  it('reports a missing configuration file and invalid YAML with its line', () => {
    expect(messages(bundleDir({ 'README.md': '' }))[0]).toMatch(
      /^databricks.yml : no bundle configuration found/,
    );
    expect(
      messages(
        validBundle({ 'resources/broken.yml': 'resources:\n  jobs: [\n' }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^resources\/broken.yml line \d+:\d+: is not valid YAML: \w/,
      ),
    ]);
  });

  it('reports includes that match nothing or leave the bundle', () => {
    const root = validBundle({
      'databricks.yml': ROOT.replace(
        '  - resources/*.yml',
        '  - resources/*.yml\n  - extra/*.yaml\n  - ../other/*.yml',
      ),
    });
    expect(messages(root)).toEqual([
      'databricks.yml include[1]: "extra/*.yaml" matches no file',
      'databricks.yml include[2]: "../other/*.yml" must stay inside the bundle',
    ]);
  });

  it('reports references to resources and variables that do not exist', () => {
    const root = validBundle({
      'resources/jobs.yml': JOBS.replace(
        '${resources.jobs.deployment.id}',
        '${resources.jobs.deploy.id}',
      ).replace('- ${var.catalog}', '- ${var.schema}'),
    });
    expect(messages(root)).toEqual([
      'resources/jobs.yml resources.jobs.tournament.tasks[0].spark_python_task.parameters[1]: ${var.schema} refers to variable "schema", which is not declared under variables',
      'resources/jobs.yml resources.jobs.tournament.tasks[2].run_job_task.job_id: ${resources.jobs.deploy.id} refers to resources.jobs.deploy, which the bundle does not define',
    ]);
  });

  it('reports a target that sets an undeclared variable', () => {
    const root = validBundle({
      'databricks.yml': ROOT.replace(
        'scale_to_zero: false',
        'scale_to_zro: false',
      ),
    });
    expect(messages(root)).toEqual([
      'databricks.yml targets.prd.variables.scale_to_zro: sets variable "scale_to_zro", which is not declared under variables',
    ]);
  });

  it('reports task dependencies that are missing, on themselves, duplicated or cyclic', () => {
    const root = validBundle({
      'resources/jobs.yml': JOBS.replace(
        '- task_key: build_features\n          notebook_task',
        '- task_key: build_feature\n          notebook_task',
      ),
    });
    expect(messages(root)).toEqual([
      'resources/jobs.yml resources.jobs.tournament.tasks[1].depends_on[0]: depends on "build_feature", which is not a task of job "tournament"',
    ]);
    const cyclic = validBundle({
      'resources/jobs.yml': JOBS.replace(
        '        - task_key: build_features\n          spark_python_task',
        '        - task_key: build_features\n          depends_on:\n            - task_key: deploy\n          spark_python_task',
      ),
    });
    expect(messages(cyclic)).toEqual([
      'resources/jobs.yml resources.jobs.tournament.tasks: tasks depend on each other in a cycle: build_features → deploy → train_xgboost → build_features',
    ]);
  });

  it('reports task and pipeline files that do not exist, relative to the file naming them', () => {
    const root = validBundle();
    fs.rmSync(path.join(root, 'jobs/gate.py'));
    fs.rmSync(path.join(root, 'notebooks/train.ipynb'));
    fs.rmSync(path.join(root, 'pipelines/bronze.py'));
    fs.rmSync(path.join(root, 'pipelines/gold'), { recursive: true });
    expect(messages(root)).toEqual([
      'resources/jobs.yml resources.jobs.tournament.tasks[1].notebook_task.notebook_path: "../notebooks/train" does not exist (relative to resources/jobs.yml)',
      'resources/jobs.yml resources.jobs.deployment.tasks[0].spark_python_task.python_file: "../jobs/gate.py" does not exist (relative to resources/jobs.yml)',
      'resources/pipelines.yml resources.pipelines.market_data.libraries[0].file.path: "../pipelines/bronze.py" does not exist (relative to resources/pipelines.yml)',
      'resources/pipelines.yml resources.pipelines.market_data.libraries[2].glob.include: "../pipelines/gold/" matches no file (relative to resources/pipelines.yml)',
    ]);
  });

  it('reports serving routes to unknown served entities and traffic that does not add up', () => {
    const root = validBundle({
      'resources/pipelines.yml': PIPELINES.replace(
        '            - served_model_name: champion\n              traffic_percentage: 100',
        '            - served_model_name: champion\n              traffic_percentage: 90\n            - served_model_name: challenger\n              traffic_percentage: 20',
      ),
    });
    expect(messages(root)).toEqual([
      'resources/pipelines.yml resources.model_serving_endpoints.serving.config.traffic_config.routes[1]: routes traffic to "challenger", which is not a served entity of endpoint "serving" (served: champion)',
      'resources/pipelines.yml resources.model_serving_endpoints.serving.config.traffic_config.routes: traffic percentages add up to 110, not 100',
    ]);
  });

  it('requires a host and a mode per target, and root_path in production', () => {
    const root = validBundle({
      'databricks.yml': ROOT.replace(
        '    mode: development\n    default: true\n    workspace:\n      host: http://127.0.0.1:8787',
        '    default: true\n    workspace:\n      root_path: /x',
      ).replace(
        '      root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target}\n',
        '',
      ),
    });
    expect(messages(root)).toEqual([
      'databricks.yml targets.dev: target "dev" has no workspace host',
      'databricks.yml targets.dev: target "dev" has no mode (development or production)',
      'databricks.yml targets.prd: production target "prd" needs workspace.root_path, so that deployments do not land in a personal folder',
    ]);
  });

  it('reports a resource key defined in two files', () => {
    const root = validBundle({
      'resources/more.yml':
        'resources:\n  pipelines:\n    market_data:\n      name: again\n',
    });
    expect(messages(root)).toEqual([
      'resources/pipelines.yml resources.pipelines.market_data: resources.pipelines.market_data is also defined in resources/more.yml',
    ]);
  });

  it('formats problems one a line', () => {
    expect(
      formatBundleProblems([
        {
          file: 'databricks.yml',
          at: 'targets',
          message: 'the bundle defines no targets',
        },
        { file: 'x.yml', at: '', message: 'must be a YAML mapping' },
      ]),
    ).toBe(
      '- databricks.yml targets: the bundle defines no targets\n- x.yml: must be a YAML mapping',
    );
  });
});

describe('checkBundle with the bundle schema', () => {
  const schema = loadBundleSchema(writeBundleSchemaFixture());
  const brokenStructure = () =>
    validBundle({
      'resources/jobs.yml': JOBS.replace(
        'notebook_path: ../notebooks/train',
        'notebook_path: ../notebooks/train\n            source: GITX',
      )
        .replace(
          '          run_job_task:',
          '          run_jb_task:\n            job_id: 1\n          run_job_task:',
        )
        .replace(
          'name: deployment',
          'name: deployment\n      max_concurrent_runs: many',
        )
        .replace(
          '- task_key: gate\n          spark_python_task',
          '- spark_python_task',
        ),
    });

  it('accepts a bundle that fits it', () => {
    expect(messages(validBundle(), { schema })).toEqual([]);
  });

  it('reports what breaks it, once per place', () => {
    expect(messages(brokenStructure(), { schema })).toEqual([
      'resources/jobs.yml resources.jobs.tournament.tasks[1].notebook_task.source: must be one of WORKSPACE, GIT, got string "GITX"',
      'resources/jobs.yml resources.jobs.tournament.tasks[2]: has unknown key "run_jb_task" (not in the Databricks bundle schema)',
      'resources/jobs.yml resources.jobs.deployment.max_concurrent_runs: must be a whole number or a ${...} substitution, got string "many"',
      'resources/jobs.yml resources.jobs.deployment.tasks[0]: has no task_key',
    ]);
  });

  it('keeps the rules the CLI enforces beyond it', () => {
    const root = validBundle({
      'databricks.yml': ROOT.replace('    mode: development\n', ''),
    });
    expect(messages(root, { schema })).toEqual([
      'databricks.yml targets.dev: target "dev" has no mode (development or production)',
    ]);
  });

  it('checks without it only the structure the other checks rely on', () => {
    expect(messages(brokenStructure())).toEqual([
      'resources/jobs.yml resources.jobs.deployment.tasks[0]: has no task_key',
    ]);
  });

  it('is compiled once per path', () => {
    const file = writeBundleSchemaFixture();
    expect(loadBundleSchema(file)).toBe(loadBundleSchema(file));
  });
});
