import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

describe('fmlops:publish:local examples', () => {
  const workspace = createMockDirectory();
  const published = createMockDirectory();
  const action = createPublishLocalAction({
    config: mockServices.rootConfig({
      data: { fmlops: { scaffolder: { localPublishDir: published.path } } },
    }),
  });

  it('the first example names the folder after the form', () => {
    const step = yaml.parse(examples[0].example).steps[0];
    expect(step.action).toBe(action.id);
    expect(step.input).toEqual({ repoName: '${{ parameters.name }}' });
  });

  it('the second example publishes the project sub-directory', async () => {
    workspace.setContent({ 'project/catalog-info.yaml': 'kind: Component\n' });
    const step = yaml.parse(examples[1].example).steps[0];
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(
      fs.existsSync(
        path.join(published.path, 'card-fraud-detector/catalog-info.yaml'),
      ),
    ).toBe(true);
  });
});
