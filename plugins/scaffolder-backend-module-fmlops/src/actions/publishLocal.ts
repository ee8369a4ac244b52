import {
  resolveSafeChildPath,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readLocalPublishDir } from './localPublishDir';
import { examples } from './publishLocal.examples';

/** @public */
export const PUBLISH_LOCAL_ACTION_ID = 'fmlops:publish:local';

const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

async function isNonEmptyDirectory(directory: string): Promise<boolean> {
  try {
    return (await fs.readdir(directory)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return true;
    throw error;
  }
}

/**
 * Publishes the rendered project to a folder on the backend's machine, for demos and air-gapped
 * trials where no Git host is at hand.
 *
 * @public
 */
export function createPublishLocalAction(options: {
  config: RootConfigService;
}) {
  const publishDir = readLocalPublishDir(options.config);
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description: `Copies the rendered project to <fmlops.scaffolder.localPublishDir>/<repoName> (now ${publishDir}). Never overwrites an existing non-empty folder; a retried task keeps what its first attempt published.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'Folder name of the published project: letters, digits, dots, underscores and hyphens',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Sub-directory of the workspace to publish. Default: the whole workspace',
            })
            .optional(),
      },
      output: {
        repoContentsUrl: z =>
          z.string({ description: 'file:// URL of the published folder' }),
        catalogInfoUrl: z =>
          z.string({
            description: 'file:// URL of the published catalog-info.yaml',
          }),
        remoteUrl: z =>
          z.string({
            description:
              'Where the project lives (the folder; a local folder has no remote)',
          }),
        path: z => z.string({ description: 'Absolute path of the folder' }),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      if (!REPO_NAME.test(repoName) || repoName.includes('..')) {
        throw new InputError(
          `repoName "${repoName}" must be a folder name of letters, digits, dots, underscores and hyphens (no path)`,
        );
      }
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const target = path.join(publishDir, repoName);
      const repoContentsUrl = pathToFileURL(`${target}${path.sep}`).href;
      const catalogInfoUrl = pathToFileURL(
        path.join(target, 'catalog-info.yaml'),
      ).href;
      const outputs = () => {
        ctx.output('repoContentsUrl', repoContentsUrl);
        ctx.output('catalogInfoUrl', catalogInfoUrl);
        ctx.output('remoteUrl', repoContentsUrl);
        ctx.output('path', target);
      };

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish ${source} to ${target}`);
        outputs();
        return;
      }

      await ctx.checkpoint({
        key: `fmlops.publish-local.${repoName}`,
        fn: async () => {
          if (await isNonEmptyDirectory(target)) {
            throw new ConflictError(
              `${target} already exists and is not empty; choose another name or remove the folder`,
            );
          }
          try {
            await fs.access(path.join(source, 'catalog-info.yaml'));
          } catch {
            throw new InputError(
              `${
                ctx.input.sourcePath ?? 'The workspace'
              } has no catalog-info.yaml to publish; render the project first`,
            );
          }
          // copied next to the target and renamed, so the target is either absent or complete
          const staging = path.join(
            publishDir,
            `.${repoName}.${ctx.task.id}.partial`,
          );
          await fs.rm(staging, { recursive: true, force: true });
          await fs.mkdir(publishDir, { recursive: true });
          await fs.cp(source, staging, { recursive: true });
          try {
            await fs.rm(target, { recursive: true, force: true });
            await fs.rename(staging, target);
          } catch (error) {
            await fs.rm(staging, { recursive: true, force: true });
            throw error;
          }
        },
      });
      ctx.logger.info(`Published the project to ${target}`);
      outputs();
    },
  });
}
