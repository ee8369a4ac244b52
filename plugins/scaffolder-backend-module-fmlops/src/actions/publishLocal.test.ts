import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPublishLocalAction } from './publishLocal';

describe('fmlops:publish:local', () => {
  const workspace = createMockDirectory();
  const published = createMockDirectory();
  const action = () =>
    createPublishLocalAction({
      config: mockServices.rootConfig({
        data: { fmlops: { scaffolder: { localPublishDir: published.path } } },
      }),
    });

  beforeEach(() => {
    published.clear();
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'databricks.yml': 'bundle:\n  name: demo\n',
      'src/demo/__init__.py': '',
    });
  });

  it('copies the workspace and outputs file:// URLs', async () => {
    const ctx = createMockActionContext({
      input: { repoName: 'card-fraud-detector' },
      workspacePath: workspace.path,
    });
    await action().handler(ctx);
    const target = path.join(published.path, 'card-fraud-detector');
    expect(fs.readdirSync(target).sort()).toEqual([
      'catalog-info.yaml',
      'databricks.yml',
      'src',
    ]);
    expect(fs.existsSync(path.join(target, 'src/demo/__init__.py'))).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      pathToFileURL(`${target}/`).href,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      pathToFileURL(path.join(target, 'catalog-info.yaml')).href,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      pathToFileURL(`${target}/`).href,
    );
    // no staging folder left behind
    expect(fs.readdirSync(published.path)).toEqual(['card-fraud-detector']);
  });

  it('publishes a sub-directory of the workspace', async () => {
    workspace.setContent({ 'project/catalog-info.yaml': 'kind: Component\n' });
    const ctx = createMockActionContext({
      input: { repoName: 'sub', sourcePath: 'project' },
      workspacePath: workspace.path,
    });
    await action().handler(ctx);
    expect(fs.readdirSync(path.join(published.path, 'sub'))).toEqual([
      'catalog-info.yaml',
    ]);
  });

  it('refuses to overwrite a non-empty folder of another task', async () => {
    published.setContent({ 'card-fraud-detector/README.md': 'mine' });
    const ctx = createMockActionContext({
      input: { repoName: 'card-fraud-detector' },
      workspacePath: workspace.path,
    });
    await expect(action().handler(ctx)).rejects.toThrow(ConflictError);
    await expect(action().handler(ctx)).rejects.toThrow(
      /already exists and is not empty/,
    );
    expect(
      fs.readFileSync(
        path.join(published.path, 'card-fraud-detector/README.md'),
        'utf8',
      ),
    ).toBe('mine');
  });

  it('succeeds when the same task re-runs after publishing', async () => {
    const store = new Map<string, unknown>();
    const run = async () => {
      const ctx = createMockActionContext({
        input: { repoName: 'card-fraud-detector' },
        workspacePath: workspace.path,
      });
      ctx.checkpoint = async opts => {
        if (!store.has(opts.key)) store.set(opts.key, (await opts.fn()) ?? {});
        return store.get(opts.key) as any;
      };
      await action().handler(ctx);
      return ctx;
    };
    await run();
    const again = await run();
    expect(again.output).toHaveBeenCalledWith(
      'path',
      path.join(published.path, 'card-fraud-detector'),
    );
  });

  it('writes nothing in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { repoName: 'card-fraud-detector' },
        workspacePath: workspace.path,
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(fs.readdirSync(published.path)).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      path.join(published.path, 'card-fraud-detector'),
    );
  });

  it.each(['../escape', 'a/b', '.hidden', 'x'.repeat(101), 'a..b'])(
    'rejects the repoName %j',
    async repoName => {
      const ctx = createMockActionContext({
        input: { repoName },
        workspacePath: workspace.path,
      });
      await expect(action().handler(ctx)).rejects.toThrow(InputError);
    },
  );

  it('refuses to publish a workspace without catalog-info.yaml', async () => {
    workspace.setContent({ 'README.md': '' });
    const ctx = createMockActionContext({
      input: { repoName: 'empty' },
      workspacePath: workspace.path,
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'The workspace has no catalog-info.yaml to publish; render the project first',
    );
    expect(fs.readdirSync(published.path)).toEqual([]);
  });
});
