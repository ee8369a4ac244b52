import { ConfigReader } from '@backstage/config';
import { readWorkspaces, WORKSPACE_DEFAULTS } from './config';

const read = (fmlops: object) => readWorkspaces(new ConfigReader({ fmlops }));

describe('readWorkspaces', () => {
  it('reads a PAT workspace with defaults', () => {
    expect(
      read({
        workspaces: {
          dev: {
            host: 'https://adb-1.2.azuredatabricks.net/',
            token: 'dapi-x',
            warehouseId: 'f1a2b3c4d5e6f708',
          },
        },
      }),
    ).toEqual([
      {
        alias: 'dev',
        host: 'https://adb-1.2.azuredatabricks.net',
        auth: { type: 'pat', token: 'dapi-x' },
        warehouseId: 'f1a2b3c4d5e6f708',
        ...WORKSPACE_DEFAULTS,
      },
    ]);
  });

  it('reads OAuth M2M credentials and the resilience settings', () => {
    const [ws] = read({
      workspaces: {
        prd: {
          host: 'https://dbc-1.cloud.databricks.com',
          clientId: 'sp-id',
          clientSecret: 'sp-secret',
          timeouts: { requestSeconds: 4, statementSeconds: 30 },
          retries: {
            maxAttempts: 5,
            initialBackoffSeconds: 0.05,
            maxBackoffSeconds: 2,
            maxRetryAfterSeconds: 10,
          },
          circuitBreaker: { failureThreshold: 8, halfOpenAfterSeconds: 15 },
        },
      },
    });
    expect(ws).toMatchObject({
      auth: { type: 'oauth-m2m', clientId: 'sp-id', clientSecret: 'sp-secret' },
      requestTimeoutMs: 4000,
      statementTimeoutMs: 30000,
      maxAttempts: 5,
      initialBackoffMs: 50,
      maxBackoffMs: 2000,
      maxRetryAfterMs: 10000,
      breakerThreshold: 8,
      breakerHalfOpenAfterMs: 15000,
    });
  });

  it('has no workspaces when none are configured', () => {
    expect(read({})).toEqual([]);
  });

  it.each([
    [{ dev: {} }, /fmlops.workspaces.dev.host is missing/],
    [{ dev: { host: 'https://x' } }, /needs a token, or clientId/],
    [{ dev: { host: 'x', token: 't' } }, /host must be a URL/],
    [{ dev: { host: 'ftp://x', token: 't' } }, /http\(s\) URL/],
    [
      {
        dev: {
          host: 'https://x',
          token: 't',
          clientId: 'c',
          clientSecret: 's',
        },
      },
      /both a token and OAuth credentials/,
    ],
    [
      { dev: { host: 'https://x', clientId: 'c' } },
      /both clientId and clientSecret/,
    ],
    [
      {
        dev: { host: 'https://x', token: 't', timeouts: { requestSeconds: 0 } },
      },
      /timeouts.requestSeconds must be a positive number/,
    ],
    [
      { dev: { host: 'https://x', token: 't', retries: { maxAttempts: 1.5 } } },
      /retries.maxAttempts must be a whole number/,
    ],
  ])('refuses %j', (workspaces, message) => {
    expect(() => read({ workspaces })).toThrow(message);
  });

  it('never puts a secret in its errors', () => {
    expect(() =>
      read({
        workspaces: {
          dev: { host: 'https://x', token: 'dapi-top-secret', clientId: 'c' },
        },
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('dapi-top-secret'),
      }),
    );
  });
});
