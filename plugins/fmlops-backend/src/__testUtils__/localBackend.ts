import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fmlopsPlugin } from '../plugin';

/**
 * The fmlops backend plugin on the real scheduler against a local workspace, with the example
 * models in an in-memory catalog: what the plugin's integration tests start.
 */

const examples = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/models.yaml'),
    'utf8',
  ),
).map(d => d.toJSON() as Entity);
const plainComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: { type: 'website', owner: 'group:default/web' },
};

/** The example models and a component without annotations, each with a uid the catalog can remove it by. */
export function exampleEntities(): Entity[] {
  return [...examples, plainComponent].map(e => ({
    ...e,
    metadata: {
      namespace: 'default',
      ...e.metadata,
      uid: `uid-${e.kind}-${e.metadata.name}`.toLowerCase(),
    },
  }));
}

/** 120 emulated seconds per real second: config roll-outs and job runs finish within a test. */
export function startTestWorkspace(): Promise<LocalWorkspace> {
  return startLocalWorkspace({
    port: 0,
    token: 'dapi-test',
    timeScale: 120,
    configUpdateDelaySeconds: 10,
  });
}

function config(ws: LocalWorkspace, extra: Record<string, unknown> = {}) {
  return mockServices.rootConfig.factory({
    data: {
      app: { baseUrl: 'http://localhost:3000' },
      fmlops: {
        workspaces: {
          dev: {
            host: ws.url,
            token: 'dapi-test',
            warehouseId: ws.warehouseId,
            timeouts: { requestSeconds: 2 },
            retries: { maxAttempts: 2 },
          },
        },
        cache: { freshSeconds: 0, staleWhileRevalidateSeconds: 0 },
        controller: { intervalSeconds: 1, guardianIntervalSeconds: 3600 },
        defaultPolicy: {
          rollout: { bakeMinutes: 0.01, health: { minRequests: 1 } },
          retrain: { automatic: false },
        },
        ...extra,
      },
    },
  });
}

export interface TestBackendOptions {
  permissions?: AuthorizeResult;
  extraConfig?: Record<string, unknown>;
  database?: any;
  /** the catalog, to change entities while the backend runs; the example entities by default */
  catalog?: CatalogService;
}

export async function startFmlopsBackend(
  ws: LocalWorkspace,
  options: TestBackendOptions = {},
) {
  const catalog =
    options.catalog ?? catalogServiceMock({ entities: exampleEntities() });
  const testBackend = await startTestBackend({
    features: [
      fmlopsPlugin,
      // the real scheduler: the controller and the guardian run on their own
      schedulerServiceFactory,
      config(ws, options.extraConfig),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      ...(process.env.FMLOPS_TEST_LOG
        ? [mockServices.rootLogger.factory({ level: 'debug' })]
        : []),
      mockServices.permissions.factory({
        result:
          options.permissions === AuthorizeResult.DENY
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
      ...(options.database ? [options.database] : []),
    ],
  });
  return { server: testBackend.server, stop: () => testBackend.stop() };
}

/** Polls `fn` until `done` says so, or fails with the last value. */
export async function until<T>(
  fn: () => Promise<T>,
  done: (t: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `condition not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(
          0,
          800,
        )}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}

/** The API path of a model of the examples (a Resource in the default namespace). */
export const modelPath = (name: string) =>
  `/api/fmlops/models/resource/default/${name}`;
