import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCatalogRegisterLocalAction } from './catalogRegisterLocal';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: card-fraud-detector
spec:
  type: ml-model
  owner: group:default/fraud-ml
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: card-fraud-detector-pipeline
  namespace: fraud
spec:
  type: ml-pipeline
  lifecycle: experimental
  owner: group:default/fraud-ml
`;

describe('fmlops:catalog:register-local', () => {
  const published = createMockDirectory();
  const file = () =>
    path.join(published.path, 'card-fraud-detector/catalog-info.yaml');
  const setup = (catalog = catalogServiceMock.mock()) => ({
    catalog,
    action: createCatalogRegisterLocalAction({
      catalog,
      auth: mockServices.auth(),
      config: mockServices.rootConfig({
        data: { fmlops: { scaffolder: { localPublishDir: published.path } } },
      }),
    }),
  });

  beforeEach(() => {
    published.setContent({
      'card-fraud-detector/catalog-info.yaml': CATALOG_INFO,
    });
  });

  it("adds a file location with the scaffolder's own credentials and outputs the Component", async () => {
    const { catalog, action } = setup();
    const ctx = createMockActionContext({
      input: { catalogInfoUrl: pathToFileURL(file()).href },
    });
    await action.handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: file() },
      { credentials: mockCredentials.service('plugin:test') },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:fraud/card-fraud-detector-pipeline',
    );
  });

  it('treats an already registered location as success', async () => {
    const { action } = setup(
      catalogServiceMock.mock({
        addLocation: jest
          .fn()
          .mockRejectedValue(new ConflictError('Location already exists')),
      }),
    );
    const ctx = createMockActionContext({ input: { catalogInfoUrl: file() } });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:fraud/card-fraud-detector-pipeline',
    );
  });

  it('explains how to allow file locations when the catalog refuses them', async () => {
    const { action } = setup(
      catalogServiceMock.mock({
        addLocation: jest
          .fn()
          .mockRejectedValue(
            new InputError(
              'Registered locations must be of an allowed type ["url"]',
            ),
          ),
      }),
    );
    const ctx = createMockActionContext({ input: { catalogInfoUrl: file() } });
    await expect(action.handler(ctx)).rejects.toThrow(
      /setAllowedLocationTypes\(\['url', 'file'\]\)/,
    );
  });

  it('refuses files outside the publish folder', async () => {
    const { catalog, action } = setup();
    for (const catalogInfoUrl of [
      'file:///etc/passwd',
      pathToFileURL(path.join(published.path, '../other/catalog-info.yaml'))
        .href,
    ]) {
      const ctx = createMockActionContext({ input: { catalogInfoUrl } });
      await expect(action.handler(ctx)).rejects.toThrow(
        /is outside fmlops.scaffolder.localPublishDir/,
      );
    }
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses URLs of a Git host and a missing file', async () => {
    const { action } = setup();
    await expect(
      action.handler(
        createMockActionContext({
          input: { catalogInfoUrl: 'https://github.com/o/r/catalog-info.yaml' },
        }),
      ),
    ).rejects.toThrow(/use catalog:register for URLs of a Git host/);
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            catalogInfoUrl: path.join(
              published.path,
              'missing/catalog-info.yaml',
            ),
          },
        }),
      ),
    ).rejects.toThrow(/Cannot read .*missing\/catalog-info.yaml/);
  });

  it('with optional, a missing file is not an error', async () => {
    const { catalog, action } = setup();
    const ctx = createMockActionContext({
      input: {
        catalogInfoUrl: path.join(published.path, 'missing/catalog-info.yaml'),
        optional: true,
      },
    });
    await action.handler(ctx);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
