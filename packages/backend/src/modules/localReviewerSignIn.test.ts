import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import path from 'node:path';
import request from 'supertest';
import localReviewerSignIn from './localReviewerSignIn';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../../..');

/** The local set-up's auth section (app-config.local.yaml), with the demo teams of examples/org.yaml. */
function localConfig(providers: object) {
  return mockServices.rootConfig.factory({
    data: {
      app: { baseUrl: 'http://localhost:3000' },
      auth: { providers },
      catalog: {
        locations: [
          {
            type: 'file',
            target: path.join(root, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
        ],
      },
    },
  });
}

const signIn = (server: Parameters<typeof request>[0]) =>
  request(server)
    .get('/api/auth/reviewer/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');

describe('the local reviewer sign-in', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    process.env.NODE_ENV = 'development';
  });
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('signs in as the configured catalog user, with the teams it belongs to', async () => {
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        catalogPlugin,
        localReviewerSignIn,
        localConfig({ reviewer: { userEntityRef: 'user:default/reviewer' } }),
      ],
    });
    // the catalog reads examples/org.yaml in the background; until then the user is unknown
    const deadline = Date.now() + 30_000;
    let res = await signIn(server);
    while (res.status !== 200 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      res = await signIn(server);
    }
    expect(res.status).toBe(200);
    const { identity } = res.body.backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/reviewer');
    // fraud-ml owns payments-fraud-scorer: the reviewer may approve its promotions
    expect([...identity.ownershipEntityRefs].sort()).toEqual([
      'group:default/fraud-ml',
      'group:default/ml-platform',
      'user:default/reviewer',
    ]);
    expect(res.body.backstageIdentity.token).toMatch(
      /^[\w-]+\.[\w-]+\.[\w-]+$/,
    );
  });

  it('is not there unless the local set-up configures it', async () => {
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        localReviewerSignIn,
        localConfig({ guest: { userEntityRef: 'user:default/guest' } }),
      ],
    });
    const res = await signIn(server);
    expect(res.status).toBe(404);
  });

  it('is not there outside development, even when configured', async () => {
    process.env.NODE_ENV = 'production';
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        localReviewerSignIn,
        localConfig({ reviewer: { userEntityRef: 'user:default/reviewer' } }),
      ],
    });
    const res = await signIn(server);
    expect(res.status).toBe(404);
  });
});
