import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createCatalogRegisterLocalAction } from './catalogRegisterLocal';
import { examples } from './catalogRegisterLocal.examples';

describe('fmlops:catalog:register-local examples', () => {
  const published = createMockDirectory();

  it('the first example takes the URL fmlops:publish:local outputs', () => {
    const step = yaml.parse(examples[0].example).steps[0];
    expect(step.action).toBe('fmlops:catalog:register-local');
    expect(step.input.catalogInfoUrl).toBe(
      "${{ steps['publish-local'].output.catalogInfoUrl }}",
    );
  });

  it('the second example registers a published file, tolerating refusal', async () => {
    published.setContent({
      'card-fraud-detector/catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: card-fraud-detector-pipeline\n',
    });
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    const action = createCatalogRegisterLocalAction({
      catalog,
      auth: mockServices.auth(),
      config: mockServices.rootConfig({
        // the example's path, /tmp/fmlops-published, mapped onto a test folder
        data: { fmlops: { scaffolder: { localPublishDir: published.path } } },
      }),
    });
    const step = yaml.parse(examples[1].example).steps[0];
    const ctx = createMockActionContext({
      input: {
        ...step.input,
        catalogInfoUrl: step.input.catalogInfoUrl.replace(
          'file:///tmp/fmlops-published',
          `file://${published.path}`,
        ),
      },
    });
    await action.handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/card-fraud-detector-pipeline',
    );
  });
});
