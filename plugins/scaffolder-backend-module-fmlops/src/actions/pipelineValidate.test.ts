import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createPipelineValidateAction } from './pipelineValidate';

const values = yaml.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../templates/anomaly-detection-pipeline/example-values.yaml',
    ),
    'utf8',
  ),
);

describe('fmlops:pipeline:validate', () => {
  const action = createPipelineValidateAction({
    config: mockServices.rootConfig({
      data: {
        fmlops: {
          workspaces: {
            dev: { token: 'dapi-x' },
            shared: {
              host: 'https://adb-3.azuredatabricks.net',
              token: 'dapi-y',
            },
          },
        },
      },
    }),
  });

  it('declares dry-run support', () => {
    expect(action.supportsDryRun).toBe(true);
  });

  it('accepts the template example values, also in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({ input: { values } }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
  });

  it('accepts a serving workspace configured in the portal only', async () => {
    const ctx = createMockActionContext({
      input: { values: { ...values, servingWorkspace: 'shared' } },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
  });

  it('fails with one InputError listing every problem by field', async () => {
    const ctx = createMockActionContext({
      input: {
        values: {
          ...values,
          schema: 'Payments.Raw',
          description: 'Payments ${{ secrets.GITHUB_TOKEN }}',
          serving: { ...values.serving, canarySteps: [10, 50] },
          servingWorkspace: 'qa',
        },
      },
    });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      /^The template values have \d+ problems:\n- description: .*template expression/,
    );
    const message = await failure.catch(e => (e as Error).message);
    expect(message).toContain(
      '- servingWorkspace: "qa" is not a known workspace; known: dev, acc, prd, shared',
    );
    expect(message).toContain(
      '- schema: "Payments.Raw" must not contain dots, upper-case letters',
    );
    expect(message).toContain(
      '- serving.canarySteps: must end at 100 % so the challenger takes all traffic, ends at 50 %',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
