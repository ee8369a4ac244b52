/*
 * The portal's security model end to end: the real catalog, the real permission backend with the
 * shipped policy, and the fmlops plugin against the local Databricks workspace. Each test is an
 * attack a signed-in user could try, and what refuses it.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import fmlopsPlugin from '@fmlops/backstage-plugin-fmlops-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import permissionPolicyModule from './modules/permissionPolicy';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');

/** Who is in which team (examples/org.yaml, and the attacker's). */
const memberships: Record<string, string[]> = {
  'user:default/alice': ['group:default/fraud-ml'],
  'user:default/mallory': ['group:default/mallory-team'],
  'user:default/root': ['group:default/platform-admins'],
};
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/**
 * The mock HTTP auth, except that a request a plugin makes on a user's behalf keeps an actor, as
 * real plugin tokens do: the permission backend refuses conditional decisions to users who ask
 * it directly, and the mock tokens drop the actor.
 */
const httpAuthOnBehalfOf = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const httpAuth = mockServices.httpAuth({ pluginId: plugin.getId() });
    const credentials = httpAuth.credentials.bind(httpAuth);
    httpAuth.credentials = (async (req: any, options: any) => {
      const found = await credentials(req, options);
      const { principal } = found as { principal: any };
      return /^Bearer mock-service-token:/.test(
        req.headers.authorization ?? '',
      ) && principal.type === 'user'
        ? mockCredentials.user(principal.userEntityRef, {
            actor: { subject: 'plugin:on-behalf-of' },
          })
        : found;
    }) as typeof httpAuth.credentials;
    return httpAuth;
  },
});

/** Mallory's entity: hers, naming the fraud team's endpoint, model and tournament job. */
const BORROWED = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: borrowed-card-fraud
  annotations:
    databricks.com/workspace: dev
    databricks.com/uc-model: fmlops_demo.cards.card_fraud_detector
    databricks.com/serving-endpoint: card-fraud-detector
    databricks.com/tournament-job-id: '2001'
spec:
  type: ml-model
  owner: group:default/mallory-team
`;

describe('the security model, end to end', () => {
  let ws: LocalWorkspace;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let dir: string;

  beforeAll(async () => {
    ws = await startLocalWorkspace({
      port: 0,
      token: 'dapi-test',
      scenarios: ['healthy', 'canary'],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-security-'));
    fs.writeFileSync(path.join(dir, 'borrowed.yaml'), BORROWED);
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        permissionPolicyModule,
        fmlopsPlugin,
        httpAuthOnBehalfOf,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Resource'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(root, 'examples/models.yaml'),
                },
                { type: 'file', target: path.join(dir, 'borrowed.yaml') },
              ],
            },
            fmlops: {
              admins: ['group:default/platform-admins'],
              workspaces: {
                dev: {
                  host: ws.url,
                  token: 'dapi-test',
                  warehouseId: ws.warehouseId,
                },
              },
            },
          },
        }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials) {
              const { userEntityRef } = credentials.principal as {
                userEntityRef: string;
              };
              return {
                userEntityRef,
                ownershipEntityRefs: [
                  userEntityRef,
                  ...(memberships[userEntityRef] ?? []),
                ],
              };
            },
          }),
        }),
      ],
    }));
    // the catalog reads its locations in the background
    const read = (name: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/resource/default/${name}`)
        .set('Authorization', as('alice'));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = await Promise.all(
        ['ach-payment-anomaly', 'borrowed-card-fraud'].map(read),
      );
      if (found.every(r => r.status === 200)) break;
      if (Date.now() > deadline) {
        throw new Error(
          `the catalog read nothing: ${JSON.stringify(found.map(f => f.body))}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await ws?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const operate = (user: string, model: string, body: object) =>
    request(server)
      .post(`/api/fmlops/models/resource/default/${model}/operations`)
      .set('Authorization', as(user))
      .send(body);

  it('lets a model be operated by its owners, and refuses everyone else', async () => {
    const mallory = await operate('mallory', 'ach-payment-anomaly', {
      type: 'promote',
    });
    expect(mallory.status).toBe(403);
    expect(mallory.body.error.message).toBe(
      'You are not allowed to fmlops.model.promote on resource:default/ach-payment-anomaly',
    );
    const alice = await operate('alice', 'ach-payment-anomaly', {
      type: 'promote',
    });
    expect(alice.status).toBe(202);
    const abort = await operate('alice', 'ach-payment-anomaly', {
      type: 'abort',
      reason: 'seen enough',
    });
    expect(abort.status).toBe(200);
  });

  it('refuses an entity its owner registered to operate resources that are not bound to it', async () => {
    const res = await operate('mallory', 'borrowed-card-fraud', {
      type: 'rollback',
      reason: 'mine now',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /^resource:default\/borrowed-card-fraud may not operate Databricks resources that are not bound to it: the serving endpoint card-fraud-detector \(workspace dev\) is bound to resource:default\/card-fraud-detector, component:default\/card-fraud-detector-pipeline/,
    );
  });

  it('keeps registering and deleting locations, and deleting entities, to admins', async () => {
    const location = {
      type: 'url',
      target: 'https://github.com/mallory/models/blob/main/catalog-info.yaml',
    };
    const byMallory = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', as('mallory'))
      .send(location);
    expect(byMallory.status).toBe(403);
    const byRoot = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', as('root'))
      .send(location);
    expect(byRoot.status).toBe(201);

    const id = byRoot.body.location.id;
    const unregister = await request(server)
      .delete(`/api/catalog/locations/${id}`)
      .set('Authorization', as('mallory'));
    expect(unregister.status).toBe(403);

    // deleting the fraud team's entity would free its ref for an entity of mallory's
    const victim = await request(server)
      .get('/api/catalog/entities/by-name/resource/default/card-fraud-detector')
      .set('Authorization', as('mallory'));
    const deleted = await request(server)
      .delete(`/api/catalog/entities/by-uid/${victim.body.metadata.uid}`)
      .set('Authorization', as('mallory'));
    expect(deleted.status).toBe(403);
    const still = await request(server)
      .get('/api/catalog/entities/by-name/resource/default/card-fraud-detector')
      .set('Authorization', as('alice'));
    expect(still.status).toBe(200);

    const cleanedUp = await request(server)
      .delete(`/api/catalog/locations/${id}`)
      .set('Authorization', as('root'));
    expect(cleanedUp.status).toBe(204);
  });
});
