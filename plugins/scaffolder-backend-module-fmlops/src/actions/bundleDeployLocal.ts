import {
  resolveSafeChildPath,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { environmentAnnotation } from '@fmlops/backstage-plugin-fmlops-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments, isMap } from 'yaml';
import { examples } from './bundleDeployLocal.examples';

export const BUNDLE_DEPLOY_LOCAL_ACTION_ID = 'fmlops:bundle:deploy-local';

/** `databricks bundle summary -o json`: what the local workspace answers a deploy with. */
export interface BundleSummary {
  bundle: { name: string; target: string };
  resources: Record<string, Record<string, { id: string; name: string }>>;
}

// the bundle, the project config and the DLT sources; tests and CI files are not part of a deploy
const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.github',
  'tests',
  'docs',
  'node_modules',
  '__pycache__',
]);

async function bundleFiles(
  root: string,
  directory = '',
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(path.join(root, directory), {
    withFileTypes: true,
  })) {
    const relative = directory ? `${directory}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name))
        Object.assign(files, await bundleFiles(root, relative));
    } else if (/\.ya?ml$/.test(entry.name) && entry.name !== 'mkdocs.yml') {
      files[relative] = await fs.readFile(path.join(root, relative), 'utf8');
    } else if (entry.name.endsWith('.py')) {
      const text = await fs.readFile(path.join(root, relative), 'utf8');
      if (/\bimport dlt\b|\bdlt\.table\b/.test(text)) files[relative] = text;
    }
  }
  return files;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/**
 * The fmlops annotations of a deployed bundle target, scoped to its environment
 * (`databricks.com/<env>.uc-model`), as the generated project's catalog_sync writes them.
 */
export function annotationsOfSummary(
  summary: BundleSummary,
  environment: string,
): Record<string, string> {
  const one = (kind: string, key: string) => {
    const resource = summary.resources?.[kind]?.[key];
    if (!resource?.id) {
      throw new InputError(
        `The deploy answered without resources.${kind}.${key}: the bundle must declare it`,
      );
    }
    return resource;
  };
  const model = one('registered_models', 'model').id;
  const promotionJob = summary.resources?.jobs?.promotion?.id;
  const scoped: Record<string, string> = {
    'uc-model': model,
    'serving-endpoint': one('model_serving_endpoints', 'serving').name,
    'mlflow-experiment': one('experiments', 'tournament').id,
    'tournament-job-id': one('jobs', 'tournament').id,
    'drift-job-id': one('jobs', 'drift').id,
    'drift-table': `${model}_drift`,
    'dlt-pipeline-id': one('pipelines', 'market_data').id,
    // a bundle without a promotion job is a model in one environment: nothing promotes into it
    ...(promotionJob ? { 'promotion-job-id': promotionJob } : {}),
  };
  return Object.fromEntries(
    Object.entries(scoped).map(([key, value]) => [
      environmentAnnotation(`databricks.com/${key}`, environment),
      value,
    ]),
  );
}

/** Sets the annotations in every entity of a catalog file, keeping its comments and layout. */
export function withAnnotations(
  text: string,
  annotations: Record<string, string>,
): string {
  const documents = parseAllDocuments(text);
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new InputError(
        `catalog-info.yaml is not valid YAML: ${document.errors[0].message}`,
      );
    }
    if (!isMap(document.contents)) continue;
    for (const [key, value] of Object.entries(annotations)) {
      document.setIn(['metadata', 'annotations', key], value);
    }
  }
  return documents.map(d => d.toString()).join('');
}

/**
 * Deploys the rendered bundle to the local workspace (its `POST /__admin/bundle/deploy`: the
 * Databricks CLI cannot reach it) and records the created ids in catalog-info.yaml. Registered
 * only where `fmlops.localWorkspace.enabled` is set (app-config.local.yaml): with a real workspace
 * the generated CI deploys with the Databricks CLI and records the ids with catalog_sync.
 */
export function createBundleDeployLocalAction(options: {
  config: RootConfigService;
}) {
  const { config } = options;
  return createTemplateAction({
    id: BUNDLE_DEPLOY_LOCAL_ACTION_ID,
    description:
      'Deploys the rendered Databricks Asset Bundle to the local workspace (which runs its jobs once on synthetic data) and writes the created ids into catalog-info.yaml. A retried step deploys again and gets the same ids.',
    examples,
    schema: {
      input: {
        workspace: z =>
          z.string({
            description:
              'Workspace alias from fmlops.workspaces whose host is the local workspace, e.g. dev',
          }),
        target: z =>
          z.string({ description: 'Bundle target. Default: dev' }).optional(),
        path: z =>
          z
            .string({
              description:
                'Bundle root inside the workspace. Default: the workspace',
            })
            .optional(),
      },
      output: {
        annotations: z =>
          z.record(z.string(), z.string(), {
            description: 'The annotations written into catalog-info.yaml',
          }),
        resources: z =>
          z.record(z.string(), z.unknown(), {
            description:
              'What the deploy created: kind → key → { id, name }, as `databricks bundle summary` shows it',
          }),
      },
    },
    async handler(ctx) {
      const alias = ctx.input.workspace;
      const host = config.getOptionalString(`fmlops.workspaces.${alias}.host`);
      const token = config.getOptionalString(
        `fmlops.workspaces.${alias}.token`,
      );
      if (!host || !token) {
        throw new InputError(
          `Workspace "${alias}" needs a host and a token under fmlops.workspaces to deploy to the local workspace`,
        );
      }
      const root = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? '.',
      );
      const files = await bundleFiles(root);
      if (!files['databricks.yml']) {
        throw new InputError(`No databricks.yml in ${ctx.input.path ?? '.'}`);
      }
      const target = ctx.input.target ?? 'dev';
      ctx.logger.info(
        `Deploying bundle target ${target} to ${host} (${
          Object.keys(files).length
        } files)`,
      );
      const response = await fetch(
        `${host.replace(/\/$/, '')}/__admin/bundle/deploy`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ files, target }),
        },
      );
      // parsed here (not response.json()): the scaffolder copies step outputs as plain records of this realm
      const text = await response.text();
      const body = parsedJson(text) as {
        message?: string;
      } & Partial<BundleSummary> & { effects?: unknown; attempts?: number };
      if (response.status === 404) {
        throw new InputError(
          `${host} is not the local workspace (it has no bundle deploy endpoint): deploy a real workspace with the Databricks CLI in CI`,
        );
      }
      if (!response.ok) {
        throw new InputError(
          `The local workspace refused the bundle (${response.status}): ${
            body.message ?? response.statusText
          }`,
        );
      }
      const summary = body as BundleSummary;
      // the portal reads the model where it was deployed
      const annotations = {
        [environmentAnnotation('databricks.com/workspace', target)]: alias,
        ...annotationsOfSummary(summary, target),
      };
      const catalogInfo = path.join(root, 'catalog-info.yaml');
      await fs.writeFile(
        catalogInfo,
        withAnnotations(await fs.readFile(catalogInfo, 'utf8'), annotations),
      );
      ctx.logger.info(
        `Deployed ${summary.bundle.name} (${target}, attempt ${
          body.attempts ?? 1
        }): ${Object.entries(annotations)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}; first runs: ${JSON.stringify(body.effects ?? {})}`,
      );
      ctx.output('annotations', annotations);
      ctx.output('resources', summary.resources);
    },
  });
}
