import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
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
});
