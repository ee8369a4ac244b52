import {
  type AuthService,
  isChildPath,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { readLocalPublishDir } from './localPublishDir';
import { examples } from './catalogRegisterLocal.examples';

/** @public */
export const CATALOG_REGISTER_LOCAL_ACTION_ID = 'fmlops:catalog:register-local';

/**
 * The entity the template's output links to: the first Component, else the first entity, like
 * `catalog:register`.
 */
export function mainEntityRef(entities: Entity[]): string | undefined {
  const main =
    entities.find(e => e.kind === 'Component') ??
    (entities[0] as Entity | undefined);
  return main
    ? stringifyEntityRef(
        parseEntityRef(
          `${main.kind}:${main.metadata.namespace ?? 'default'}/${
            main.metadata.name
          }`,
        ),
      )
    : undefined;
}

function toLocalPath(catalogInfoUrl: string): string {
  if (catalogInfoUrl.startsWith('file:')) {
    try {
      return fileURLToPath(catalogInfoUrl);
    } catch (error) {
      throw new InputError(
        `catalogInfoUrl "${catalogInfoUrl}" is not a valid file:// URL: ${
          (error as Error).message
        }`,
      );
    }
  }
  if (path.isAbsolute(catalogInfoUrl)) return catalogInfoUrl;
  throw new InputError(
    `catalogInfoUrl "${catalogInfoUrl}" must be a file:// URL or an absolute path; use catalog:register for URLs of a Git host`,
  );
}

/**
 * Registers a catalog-info.yaml published by `fmlops:publish:local` as a `file` location.
 * `catalog:register` cannot: it always adds a `url` location, and no URL reader reads file://.
 * It registers with the scaffolder's own credentials: registering locations is for admins, and
 * this action registers only what the template published under the publish folder.
 *
 * @public
 */
export function createCatalogRegisterLocalAction(options: {
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
}) {
  const publishDir = readLocalPublishDir(options.config);
  return createTemplateAction({
    id: CATALOG_REGISTER_LOCAL_ACTION_ID,
    description: `Registers a catalog-info.yaml under fmlops.scaffolder.localPublishDir (now ${publishDir}) in the software catalog as a file location. The catalog must allow file locations (catalog module: catalogLocationsExtensionPoint.setAllowedLocationTypes(['url', 'file'])).`,
    examples,
    schema: {
      input: {
        catalogInfoUrl: z =>
          z.string({
            description:
              'file:// URL (or absolute path) of the catalog-info.yaml, e.g. the catalogInfoUrl output of fmlops:publish:local',
          }),
        optional: z =>
          z
            .boolean({
              description:
                'Succeed when the file is missing or the catalog refuses it. Default: false',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({
            description:
              'The registered Component (or the first entity of the file)',
          }),
        catalogInfoUrl: z =>
          z.string({ description: 'The registered file:// URL' }),
      },
    },
    async handler(ctx) {
      const file = path.resolve(toLocalPath(ctx.input.catalogInfoUrl));
      if (!isChildPath(publishDir, file) || file === publishDir) {
        throw new InputError(
          `${file} is outside fmlops.scaffolder.localPublishDir (${publishDir}); only published projects can be registered`,
        );
      }
      let entities: Entity[];
      try {
        const documents = parseAllDocuments(await fs.readFile(file, 'utf8'));
        entities = (Array.isArray(documents) ? documents : [])
          .map(d => d.toJS() as Entity)
          .filter(e => e?.kind && e?.metadata?.name);
      } catch (error) {
        if (ctx.input.optional) {
          ctx.logger.warn(
            `Not registering ${file}: ${(error as Error).message}`,
          );
          return;
        }
        throw new InputError(
          `Cannot read ${file}: ${(error as Error).message}`,
        );
      }
      const target = file;
      await ctx.checkpoint({
        key: `fmlops.catalog-register-local.${target}`,
        fn: async () => {
          try {
            await options.catalog.addLocation(
              { type: 'file', target },
              { credentials: await options.auth.getOwnServiceCredentials() },
            );
          } catch (error) {
            const e = error as Error;
            if (e.name === 'ConflictError') {
              ctx.logger.info(`${target} is already registered`);
              return;
            }
            if (ctx.input.optional) {
              ctx.logger.warn(`The catalog refused ${target}: ${e.message}`);
              return;
            }
            if (/allowed type/.test(e.message)) {
              throw new InputError(
                `The catalog does not accept file locations (${e.message}). Allow them with a catalog module calling catalogLocationsExtensionPoint.setAllowedLocationTypes(['url', 'file']).`,
              );
            }
            throw error;
          }
        },
      });
      const entityRef = mainEntityRef(entities);
      ctx.logger.info(
        `Registered ${target} (${entities.length} entit${
          entities.length === 1 ? 'y' : 'ies'
        })`,
      );
      if (entityRef) ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', ctx.input.catalogInfoUrl);
    },
  });
}
