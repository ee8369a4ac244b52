import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabricksGateway } from './DatabricksGateway';
import { DatabricksPermissionError } from './errors';

const CLIENT_ID = 'fmlops-service-principal';
const CLIENT_SECRET = 'dose-m2m-secret-7c1f0a9e';
const ACCESS_TOKEN = 'issued-access-token-1';

/**
 * A workspace's OAuth side: OIDC discovery, the client-credentials token endpoint and one API
 * route that accepts only the token it issued.
 */
async function startOAuthWorkspace() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/oidc/.well-known/oauth-authorization-server') {
      json(200, {
        authorization_endpoint: `${base}/oidc/v1/authorize`,
        token_endpoint: `${base}/oidc/v1/token`,
      });
      return;
    }
    if (req.url === '/oidc/v1/token' && req.method === 'POST') {
      const expected = `Basic ${Buffer.from(
        `${CLIENT_ID}:${CLIENT_SECRET}`,
      ).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        json(401, {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
        });
        return;
      }
      json(200, {
        access_token: ACCESS_TOKEN,
        token_type: 'Bearer',
        expires_in: 3600,
      });
      return;
    }
    if (req.url === '/api/2.0/serving-endpoints/card-fraud-detector') {
      if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
        json(401, { error_code: 'UNAUTHENTICATED', message: 'Invalid token' });
        return;
      }
      json(200, { name: 'card-fraud-detector' });
      return;
    }
    json(404, { error_code: 'ENDPOINT_NOT_FOUND', message: 'No API found' });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('DatabricksGateway with OAuth M2M', () => {
  let workspace: Awaited<ReturnType<typeof startOAuthWorkspace>>;

  beforeAll(async () => {
    workspace = await startOAuthWorkspace();
  });

  afterAll(() => workspace.stop());

  const gatewayWith = (clientSecret: string) =>
    DatabricksGateway.create({
      workspaces: [
        {
          alias: 'prd',
          host: workspace.url,
          auth: { type: 'oauth-m2m', clientId: CLIENT_ID, clientSecret },
          requestTimeoutMs: 2_000,
          statementTimeoutMs: 5_000,
          maxAttempts: 3,
          initialBackoffMs: 10,
          maxBackoffMs: 40,
          maxRetryAfterMs: 1_000,
          breakerThreshold: 5,
          breakerHalfOpenAfterMs: 1_000,
        },
      ],
      logger: mockServices.logger.mock(),
    });

  it('exchanges the service principal credentials for a token and calls with it', async () => {
    const gateway = gatewayWith(CLIENT_SECRET);
    await expect(
      gateway.getServingEndpoint('prd', 'card-fraud-detector'),
    ).resolves.toEqual({ name: 'card-fraud-detector' });
    expect(workspace.seen).toContain('POST /oidc/v1/token');
  });

  it('maps refused client credentials to a permission error without the secret', async () => {
    const wrong = 'dose-wrong-secret-55aa';
    const gateway = gatewayWith(wrong);
    const tokenRequests = () =>
      workspace.seen.filter(s => s === 'POST /oidc/v1/token').length;
    const before = tokenRequests();
    const error = await gateway
      .getServingEndpoint('prd', 'card-fraud-detector')
      .catch(e => e);
    expect(error).toBeInstanceOf(DatabricksPermissionError);
    expect(error.message).toMatch(/invalid_client/);
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    // a refusal is not retried
    expect(tokenRequests() - before).toBe(1);
  });
});
