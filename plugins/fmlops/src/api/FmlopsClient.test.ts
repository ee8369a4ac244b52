import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { createFetchApi, FetchMiddlewares } from '@backstage/core-app-api';
import type { FmlopsApiOperations } from '@fmlops/backstage-plugin-fmlops-common';
import { FmlopsClient } from './FmlopsClient';

const server = setupServer();
registerMswTestHooks(server);

const client = new FmlopsClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});
const model = {
  kind: 'Resource',
  namespace: 'default',
  name: 'wire-fraud-detector',
};
const MODEL_URL =
  'http://localhost:7007/api/fmlops/models/resource/default/wire-fraud-detector';

describe('FmlopsClient', () => {
  it('addresses the model by its lower-cased, encoded entity ref', async () => {
    server.use(
      http.get(`${MODEL_URL}/overview`, () =>
        HttpResponse.json({
          entityRef: 'resource:default/wire-fraud-detector',
        }),
      ),
    );
    await expect(client.getOverview(model)).resolves.toEqual({
      entityRef: 'resource:default/wire-fraud-detector',
    });
  });

  it('passes the compared windows as query parameters', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${MODEL_URL}/drift/compare`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ features: [] });
      }),
    );
    await client.compareDrift(model, {
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T03:00:00+01:00',
    });
    expect(url?.searchParams.get('from')).toBe('2026-11-20T00:00:00.000Z');
    expect(url?.searchParams.get('to')).toBe('2026-11-20T03:00:00+01:00');
  });

  it('asks for a page of the portfolio with its filters, leaving out empty criteria', async () => {
    const queries: Array<Record<string, string>> = [];
    server.use(
      http.get('http://localhost:7007/api/fmlops/models', ({ request }) => {
        queries.push(
          Object.fromEntries(new URL(request.url).searchParams.entries()),
        );
        return HttpResponse.json({ items: [], total: 0 });
      }),
    );
    await client.getPortfolio({
      offset: 50,
      limit: 25,
      health: ['critical', 'warning'],
      drift: ['drift', 'none'],
      workspace: 'prd',
      owner: 'group:default/payments-ml',
      search: ' wire fraud ',
    });
    await client.getPortfolio({
      limit: 25,
      health: [],
      drift: [],
      workspace: undefined,
      search: '  ',
    });
    await client.getPortfolio();
    expect(queries).toEqual([
      {
        offset: '50',
        limit: '25',
        health: 'critical,warning',
        drift: 'drift,none',
        workspace: 'prd',
        owner: 'group:default/payments-ml',
        search: 'wire fraud',
      },
      { limit: '25' },
      {},
    ]);
  });

  it('posts operations as JSON and lists only active ones on request', async () => {
    let body: unknown;
    let active: string | null = null;
    server.use(
      http.post(`${MODEL_URL}/operations`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ id: 'op-7' }, { status: 202 });
      }),
      http.get(`${MODEL_URL}/operations`, ({ request }) => {
        active = new URL(request.url).searchParams.get('active');
        return HttpResponse.json({ items: [] });
      }),
    );
    await expect(
      client.submitOperation(model, { type: 'rollback', reason: 'p99 spike' }),
    ).resolves.toEqual({ id: 'op-7' });
    expect(body).toEqual({ type: 'rollback', reason: 'p99 spike' });
    await client.listOperations(model, { active: true });
    expect(active).toBe('true');
  });

  it("posts through Backstage's own fetch middlewares with the user's token", async () => {
    let body: unknown;
    let authorization: string | null = null;
    server.use(
      http.post(`${MODEL_URL}/operations`, async ({ request }) => {
        authorization = request.headers.get('authorization');
        body = await request.json();
        return HttpResponse.json({ id: 'op-8' }, { status: 202 });
      }),
    );
    const discoveryApi = mockApis.discovery({
      baseUrl: 'http://localhost:7007',
    });
    const appClient = new FmlopsClient({
      discoveryApi,
      fetchApi: createFetchApi({
        middleware: [
          FetchMiddlewares.resolvePluginProtocol({ discoveryApi }),
          FetchMiddlewares.injectIdentityAuth({
            identityApi: mockApis.identity({ token: 'user-token' }),
            allowUrl: () => true,
          }),
        ],
      }),
    });
    await expect(
      appClient.submitOperation(model, { type: 'promote', reason: 'gate ok' }),
    ).resolves.toEqual({ id: 'op-8' });
    expect(body).toEqual({ type: 'promote', reason: 'gate ok' });
    expect(authorization).toBe('Bearer user-token');
  });

  it('rejects with a ResponseError carrying the backend message', async () => {
    server.use(
      http.post(`${MODEL_URL}/operations`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'Another operation is active: promote op-1',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .submitOperation(model, { type: 'retrain' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'Another operation is active: promote op-1',
    );
  });

  describe('agrees with the backend spec', () => {
    // the spec the client's types are generated from, in the sibling backend plugin
    const spec = parse(
      fs.readFileSync(
        path.resolve(
          __dirname,
          '../../../fmlops-backend/src/schema/openapi.yaml',
        ),
        'utf8',
      ),
    ) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const specOperations = Object.entries(spec.paths).flatMap(
      ([template, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation.operationId)
          .map(([method, operation]) => ({
            operationId: operation.operationId!,
            method: method.toUpperCase(),
            template,
          })),
    );

    // a new operation in the spec does not compile here until the client calls it
    const CALLS: Record<
      keyof FmlopsApiOperations,
      ((c: FmlopsClient) => Promise<unknown>) | null
    > = {
      // liveness, for probes: the frontend has no use for it
      GetHealth: null,
      GetPortfolio: c => c.getPortfolio(),
      GetModelOverview: c => c.getOverview(model),
      CompareDriftWindows: c =>
        c.compareDrift(model, {
          from: '2026-11-20T00:00:00.000Z',
          to: '2026-11-21T00:00:00.000Z',
        }),
      GetModelEvaluation: c => c.getEvaluation(model),
      ListOperations: c => c.listOperations(model),
      SubmitOperation: c => c.submitOperation(model, { type: 'retrain' }),
      GetOperation: c => c.getOperation(model, 'op-7'),
      GetModelHistory: c => c.getHistory(model),
      GetModelEnvironments: c => c.getEnvironments(model),
    };
    const pathParams: Record<string, string> = {
      kind: 'resource',
      namespace: 'default',
      name: 'wire-fraud-detector',
      operationId: 'op-7',
    };

    it('has a call for every operation of the spec', () => {
      expect(Object.keys(CALLS).sort()).toEqual(
        specOperations.map(o => o.operationId).sort(),
      );
    });

    const calledOperations = specOperations.flatMap(operation => {
      const call = CALLS[operation.operationId as keyof FmlopsApiOperations];
      return call ? [{ ...operation, call }] : [];
    });

    it.each(calledOperations)(
      'calls $operationId as $method $template',
      async ({ method, template, call }) => {
        let requested: string | undefined;
        server.use(
          http.all('*', ({ request }) => {
            requested = `${request.method} ${new URL(request.url).pathname}`;
            return HttpResponse.json({});
          }),
        );
        await call(client);
        expect(requested).toBe(
          `${method} /api/fmlops${template.replace(
            /\{(\w+)\}/g,
            (_, param: string) => pathParams[param],
          )}`,
        );
      },
    );
  });
});
