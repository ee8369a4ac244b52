import { AddressInfo } from 'node:net';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import {
  DatabricksConflictError,
  DatabricksInvalidRequestError,
  DatabricksNotFoundError,
  DatabricksPermissionError,
  DatabricksRateLimitedError,
  DatabricksUnavailableError,
  toDomainError,
  UnknownWorkspaceError,
} from './errors';

const context = { workspace: 'dev', operation: 'servingEndpoints.get' };
const noRedaction = (text: string) => text;

/** What the SDK throws for an HTTP error answer. */
const apiError = (statusCode: number, errorCode: string, message: string) =>
  Object.assign(new Error(message), { statusCode, errorCode });

describe('toDomainError', () => {
  it.each([
    [404, 'RESOURCE_DOES_NOT_EXIST', DatabricksNotFoundError],
    [401, 'UNAUTHENTICATED', DatabricksPermissionError],
    [403, 'PERMISSION_DENIED', DatabricksPermissionError],
    [409, 'RESOURCE_CONFLICT', DatabricksConflictError],
    [400, 'RESOURCE_ALREADY_EXISTS', DatabricksConflictError],
    [400, 'INVALID_PARAMETER_VALUE', DatabricksInvalidRequestError],
    [429, 'REQUEST_LIMIT_EXCEEDED', DatabricksRateLimitedError],
    [500, 'INTERNAL_ERROR', DatabricksUnavailableError],
    [503, 'TEMPORARILY_UNAVAILABLE', DatabricksUnavailableError],
  ])('maps HTTP %i %s', (status, code, type) => {
    const error = toDomainError(
      apiError(status, code, 'boom'),
      context,
      {},
      noRedaction,
    );
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({
      workspace: 'dev',
      operation: 'servingEndpoints.get',
      errorCode: code,
      httpStatus: status,
    });
    expect(error.message).toBe(
      `Databricks servingEndpoints.get on workspace dev failed (${code}): ${
        status === 429 ? 'rate limited (HTTP 429)' : 'boom'
      }`,
    );
  });

  it('uses the status the gateway saw when the SDK hid it behind its TimeoutError', () => {
    const error = toDomainError(
      new Error('Timeout: timeout'),
      context,
      { statusCode: 429, retryAfterMs: 2000 },
      noRedaction,
    );
    expect(error).toBeInstanceOf(DatabricksRateLimitedError);
    expect((error as DatabricksRateLimitedError).retryAfterMs).toBe(2000);
  });

  it('does not blame the request for a failure after a successful answer', () => {
    const error = toDomainError(
      new Error("Can't parse reponse as JSON: <html>"),
      context,
      { statusCode: 200 },
      noRedaction,
    );
    expect(error).toBeInstanceOf(DatabricksUnavailableError);
    expect(error.httpStatus).toBeUndefined();
  });

  it('tells connection failures that never reached Databricks from those that may have', () => {
    const refused = toDomainError(
      Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      }),
      context,
      {},
      noRedaction,
    ) as DatabricksUnavailableError;
    const reset = toDomainError(
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      context,
      {},
      noRedaction,
    ) as DatabricksUnavailableError;
    expect(refused).toMatchObject({ transient: true, notSent: true });
    expect(reset).toMatchObject({ transient: true, notSent: false });
  });

  it('reports a time-out as unavailable with the deadline', () => {
    const error = toDomainError(
      Object.assign(new Error('The operation was aborted.'), {
        name: 'AbortError',
      }),
      context,
      { timedOut: true, timeoutMs: 250 },
      noRedaction,
    );
    expect(error).toBeInstanceOf(DatabricksUnavailableError);
    expect(error.message).toMatch(/no answer within 250 ms/);
  });

  it('redacts secrets from messages', () => {
    const error = toDomainError(
      apiError(403, 'PERMISSION_DENIED', 'token dapi-secret-1 is not valid'),
      context,
      {},
      text => text.split('dapi-secret-1').join('[redacted]'),
    );
    expect(error.message).toContain('token [redacted] is not valid');
    expect(error.message).not.toContain('dapi-secret-1');
  });
});

describe('gateway errors in a Backstage router', () => {
  it.each([
    [new DatabricksNotFoundError({ ...context, httpStatus: 404 }, 'x'), 404],
    [new DatabricksPermissionError({ ...context, httpStatus: 401 }, 'x'), 403],
    [new DatabricksConflictError({ ...context, httpStatus: 409 }, 'x'), 409],
    [
      new DatabricksInvalidRequestError({ ...context, httpStatus: 400 }, 'x'),
      400,
    ],
    [new DatabricksRateLimitedError({ ...context, httpStatus: 429 }, 'x'), 503],
    [new DatabricksUnavailableError({ ...context, httpStatus: 500 }, 'x'), 503],
    [new UnknownWorkspaceError('prd', ['dev']), 400],
  ])('answers %p with HTTP %i', async (error, status) => {
    const app = express();
    app.get('/', () => {
      throw error;
    });
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    try {
      const response = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      );
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.error.message).toBe(error.message);
    } finally {
      server.close();
    }
  });
});
