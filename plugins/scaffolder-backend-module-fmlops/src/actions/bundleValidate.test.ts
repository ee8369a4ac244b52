import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { writeBundleSchemaFixture } from '../__fixtures__/bundleSchema';
import { createBundleValidateAction } from './bundleValidate';

const DATABRICKS_YML = `bundle:
  name: demo
include:
  - resources/*.yml
variables:
  catalog:
    default: fmlops_demo
targets:
  dev:
    mode: development
    workspace:
      host: http://127.0.0.1:8787
`;

const JOB_YML = `resources:
  jobs:
    drift:
      name: drift
      tasks:
        - task_key: compute
          spark_python_task:
            python_file: ../jobs/drift.py
            parameters:
              - \${var.catalog}
`;

describe('fmlops:bundle:validate', () => {
  const mockDir = createMockDirectory();
  const action = createBundleValidateAction();

  beforeEach(() => {
    mockDir.setContent({
      'databricks.yml': DATABRICKS_YML,
      'resources/drift.yml': JOB_YML,
      'jobs/drift.py': 'print("drift")\n',
    });
  });

  it('outputs the resources and targets of a consistent bundle, also in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({ input: {}, workspacePath: mockDir.path }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('resources', { jobs: ['drift'] });
    expect(ctx.output).toHaveBeenCalledWith('targets', ['dev']);
  });

  it('checks a bundle in a sub-directory', async () => {
    mockDir.setContent({
      'bundle/databricks.yml': DATABRICKS_YML,
      'bundle/resources/drift.yml': JOB_YML,
      'bundle/jobs/drift.py': '\n',
    });
    const ctx = createMockActionContext({
      input: { path: 'bundle' },
      workspacePath: mockDir.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('resources', { jobs: ['drift'] });
  });

  it('fails with every problem listed by file and place', async () => {
    mockDir.setContent({
      'databricks.yml': DATABRICKS_YML,
      'resources/drift.yml': JOB_YML.replace('${var.catalog}', '${var.schema}'),
    });
    const ctx = createMockActionContext({
      input: {},
      workspacePath: mockDir.path,
    });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      'The Databricks Asset Bundle has 2 problems:\n' +
        '- resources/drift.yml resources.jobs.drift.tasks[0].spark_python_task.parameters[0]: ${var.schema} refers to variable "schema", which is not declared under variables\n' +
        '- resources/drift.yml resources.jobs.drift.tasks[0].spark_python_task.python_file: "../jobs/drift.py" does not exist (relative to resources/drift.yml)',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a path outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { path: '../elsewhere' },
      workspacePath: mockDir.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /outside of the working directory|Relative path is not allowed/,
    );
  });

  describe('with the official bundle schema configured', () => {
    const withSchema = createBundleValidateAction({
      bundleSchemaPath: writeBundleSchemaFixture(),
    });

    it('also fails on what breaks the schema, and says where', async () => {
      mockDir.setContent({
        'databricks.yml': DATABRICKS_YML,
        'resources/drift.yml': JOB_YML.replace(
          'name: drift',
          'name: drift\n      max_concurrent_runs: two',
        ),
        'jobs/drift.py': '\n',
      });
      const unchecked = createMockActionContext({
        input: {},
        workspacePath: mockDir.path,
      });
      await action.handler(unchecked);
      expect(unchecked.output).toHaveBeenCalledWith('targets', ['dev']);

      const checked = createMockActionContext({
        input: {},
        workspacePath: mockDir.path,
      });
      await expect(withSchema.handler(checked)).rejects.toThrow(
        'The Databricks Asset Bundle has 1 problem:\n' +
          '- resources/drift.yml resources.jobs.drift.max_concurrent_runs: must be a whole number or a ${...} substitution, got string "two"',
      );
    });

    it('refuses a schema path that names no file', () => {
      expect(() =>
        createBundleValidateAction({
          bundleSchemaPath: '/nowhere/schema.json',
        }),
      ).toThrow(
        'The Databricks bundle schema /nowhere/schema.json (fmlops.scaffolder.bundleSchemaPath or FMLOPS_BUNDLE_SCHEMA) does not exist',
      );
    });
  });
});
