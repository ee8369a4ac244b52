import { useLocalWorkspace } from '../__testUtils__/workspace';

/** Malformed requests answer a 4xx in Databricks' error shape, never a 500. */

jest.setTimeout(60_000);

const TOKEN = 'dapi-workspace-test';

describe('bad input', () => {
  const local = useLocalWorkspace({ token: TOKEN });

  it.each([
    ['GET', '/api/2.1/unity-catalog/models/%E0%A4%A', undefined, 400],
    [
      'POST',
      '/api/2.0/mlflow/runs/search',
      { experiment_ids: ['1001'], filter: 5 },
      400,
    ],
    [
      'POST',
      '/api/2.0/mlflow/runs/search',
      { experiment_ids: ['1001'], order_by: 'x' },
      400,
    ],
    [
      'POST',
      '/api/2.0/sql/statements',
      { warehouse_id: 'f1a2b3c4d5e6f708', statement: 5 },
      400,
    ],
    [
      'POST',
      '/api/2.0/sql/statements',
      {
        warehouse_id: 'f1a2b3c4d5e6f708',
        statement: 'SELECT :a',
        parameters: [null],
      },
      400,
    ],
    [
      'PUT',
      '/api/2.0/serving-endpoints/card-fraud-detector/config',
      { served_entities: [null] },
      400,
    ],
    ['POST', '/__admin/state', { format: 'fmlops-local-workspace/1' }, 400],
    ['POST', '/api/2.2/jobs/run-now', '{"job_id": ', 400],
  ])('%s %s %j answers %d, never a 500', async (method, path, body, status) => {
    const res = await fetch(`${local.ws.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error_code: expect.any(String),
      message: expect.any(String),
    });
  });
});
