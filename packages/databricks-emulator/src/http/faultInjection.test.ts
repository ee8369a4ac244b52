import { all, apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** Faults injected per route, set in code or through the admin API. */

jest.setTimeout(60_000);

describe('faults', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  it('answers 429 with Retry-After on the faulted route only', async () => {
    local.ws.faults.add({
      path: '/api/2.0/serving-endpoints/*',
      kind: 'rate-limit',
      retryAfterSeconds: 7,
      count: 1,
    });
    const res = await fetch(
      `${local.ws.url}/api/2.0/serving-endpoints/card-fraud-detector`,
      { headers: { Authorization: 'Bearer dapi-test' } },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const other = await fetch(
      `${local.ws.url}/api/2.0/serving-endpoints/card-fraud-detector`,
      { headers: { Authorization: 'Bearer dapi-test' } },
    );
    expect(other.status).toBe(200);
  });

  it('answers 503 from the admin API fault and stalls until the client gives up', async () => {
    const add = await fetch(`${local.ws.url}/__admin/faults`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer dapi-test',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        path: '/api/2.1/unity-catalog/**',
        kind: 'error',
        status: 503,
      }),
    });
    expect(add.status).toBe(201);
    const error = await apiError(
      local.client.registeredModels.get({
        full_name: 'fmlops_demo.cards.card_fraud_detector',
      }),
    );
    expect(error.statusCode).toBe(503);
    local.ws.faults.remove();

    local.ws.faults.add({ path: '/api/2.0/pipelines/*', kind: 'stall' });
    const controller = new AbortController();
    const stalled = fetch(
      `${local.ws.url}/api/2.0/pipelines/4f1c2a10-0001-4d6e-9a3b-000000000001`,
      {
        headers: { Authorization: 'Bearer dapi-test' },
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 300);
    await expect(stalled).rejects.toThrow(/abort/i);
  });

  it('refuses a malformed fault with 400', async () => {
    const res = await fetch(`${local.ws.url}/__admin/faults`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer dapi-test',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ path: 'no-slash', kind: 'explode' }),
    });
    expect(res.status).toBe(400);
  });

  it('resets the connection on a faulted route', async () => {
    local.ws.faults.add({
      path: '/api/2.0/serving-endpoints',
      kind: 'reset',
      count: 1,
    });
    await expect(all(local.client.servingEndpoints.list())).rejects.toThrow();
    expect((await all(local.client.servingEndpoints.list())).length).toBe(5);
  });

  it('adds latency to a faulted route', async () => {
    local.ws.faults.add({
      path: '/api/2.1/unity-catalog/models/*',
      kind: 'latency',
      latencyMs: 250,
    });
    const started = Date.now();
    await local.client.registeredModels.get({
      full_name: 'fmlops_demo.cards.card_fraud_detector',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('answers 500 when asked for it, then recovers when the fault is deleted', async () => {
    const added = await (
      await local.admin('POST', '/__admin/faults', {
        method: 'GET',
        path: '/api/2.0/mlflow/**',
        kind: 'error',
        status: 500,
      })
    ).json();
    const listed = await (await local.admin('GET', '/__admin/faults')).json();
    expect(listed.faults).toEqual([
      expect.objectContaining({ id: added.id, fired: 0 }),
    ]);
    const error = await apiError(
      local.client.experiments.getExperiment({ experiment_id: '1001' }),
    );
    expect(error.statusCode).toBe(500);
    expect(error.errorCode).toBe('INTERNAL_ERROR');
    expect(
      (
        await (
          await local.admin('DELETE', `/__admin/faults/${added.id}`)
        ).json()
      ).removed,
    ).toBe(1);
    await local.client.experiments.getExperiment({ experiment_id: '1001' });
  });

  it('gives up on a 429 once the SDK retry budget is spent', async () => {
    local.ws.faults.add({
      path: '/api/2.0/serving-endpoints/*',
      kind: 'rate-limit',
    });
    await expect(
      local.client.servingEndpoints.get({ name: 'card-fraud-detector' }),
    ).rejects.toThrow();
  });
});
