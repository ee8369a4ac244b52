import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createBundleValidateAction } from './bundleValidate';
import { examples } from './bundleValidate.examples';

const BUNDLE = {
  'databricks.yml':
    'bundle:\n  name: demo\ntargets:\n  dev:\n    mode: development\n    workspace:\n      host: http://127.0.0.1:8787\nresources:\n  experiments:\n    tournament:\n      name: /Shared/demo\n',
};

describe('fmlops:bundle:validate examples', () => {
  const mockDir = createMockDirectory();
  const action = createBundleValidateAction();

  it.each([
    [0, ''],
    [1, 'bundle/'],
  ])('example %i checks the bundle where it says', async (index, prefix) => {
    mockDir.setContent(
      Object.fromEntries(
        Object.entries(BUNDLE).map(([name, content]) => [
          prefix + name,
          content,
        ]),
      ),
    );
    const step = yaml.parse(examples[index].example).steps[0];
    expect(step.action).toBe(action.id);
    const ctx = createMockActionContext({
      input: step.input ?? {},
      workspacePath: mockDir.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('resources', {
      experiments: ['tournament'],
    });
  });
});
