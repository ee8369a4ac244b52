import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPipelineValidateAction } from './pipelineValidate';
import { examples } from './pipelineValidate.examples';

describe('fmlops:pipeline:validate examples', () => {
  const action = createPipelineValidateAction({
    config: mockServices.rootConfig({
      data: { fmlops: { workspaces: { dev: { token: 'dapi-x' } } } },
    }),
  });

  it('accepts the hand-written values of the second example', async () => {
    const input = yaml.parse(examples[1].example).steps[0].input;
    const ctx = createMockActionContext({ input });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
  });

  it('passes the first example the template parameters unchanged', () => {
    const step = yaml.parse(examples[0].example).steps[0];
    expect(step.action).toBe(action.id);
    expect(step.input).toEqual({ values: '${{ parameters }}' });
  });
});
