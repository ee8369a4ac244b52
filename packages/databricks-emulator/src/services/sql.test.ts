import { all, apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** SQL warehouses and the Statement Execution API through the real SDK client. */

jest.setTimeout(60_000);

describe('SQL statements', () => {
  // statements answer at once, in chunks of 25 rows
  const local = useLocalWorkspace({
    token: 'dapi-test',
    statementChunkRows: 25,
  });

  const table = 'fmlops_demo.markets.trade_anomaly_detector_drift';

  it('runs parameterised SQL with chunked results', async () => {
    const response = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement: `SELECT window_start, feature, psi FROM ${table} WHERE psi >= :min ORDER BY window_start, feature`,
      parameters: [{ name: 'min', value: '0', type: 'DOUBLE' }],
      wait_timeout: '10s',
      format: 'JSON_ARRAY',
      disposition: 'INLINE',
    });
    expect(response.status?.state).toBe('SUCCEEDED');
    expect(
      response.manifest?.schema?.columns?.map(c => [c.name, c.type_name]),
    ).toEqual([
      ['window_start', 'TIMESTAMP'],
      ['feature', 'STRING'],
      ['psi', 'DOUBLE'],
    ]);
    expect(response.manifest?.total_chunk_count).toBeGreaterThan(1);
    const rows = [...(response.result?.data_array ?? [])];
    let next = response.result?.next_chunk_index;
    while (next !== undefined) {
      const chunk =
        await local.client.statementExecution.getStatementResultChunkN({
          statement_id: response.statement_id!,
          chunk_index: next,
        });
      rows.push(...(chunk.data_array ?? []));
      next = chunk.next_chunk_index;
    }
    expect(rows.length).toBe(response.manifest?.total_row_count);
    expect(typeof rows[0][2]).toBe('string');
  });

  it('answers PENDING with wait_timeout 0s and succeeds on a later poll', async () => {
    const response = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement: `SELECT COUNT(*) AS n FROM ${table}`,
      wait_timeout: '0s',
    });
    expect(response.status?.state).toBe('PENDING');
    const polled = await local.client.statementExecution.getStatement({
      statement_id: response.statement_id!,
    });
    expect(polled.status?.state).toBe('SUCCEEDED');
    expect(Number(polled.result?.data_array?.[0][0])).toBeGreaterThan(0);
  });

  it('fails a statement on an unknown table the way Databricks says it', async () => {
    const response = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement: 'SELECT * FROM fmlops_demo.nope.missing',
      wait_timeout: '5s',
    });
    expect(response.status?.state).toBe('FAILED');
    expect(response.status?.error?.message).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
  });
});

describe('SQL statements and warehouses', () => {
  // statements take 20 s of emulated time, longer than a short wait
  const local = useLocalWorkspace({
    token: 'dapi-workspace-test',
    statementExecutionMs: 20_000,
  });

  const statement =
    'SELECT COUNT(*) FROM fmlops_demo.cards.card_fraud_detector_drift';

  it('lists and gets warehouses', async () => {
    const warehouses = await all(local.client.warehouses.list({}));
    expect(warehouses.map(w => [w.id, w.state])).toEqual([
      ['f1a2b3c4d5e6f708', 'RUNNING'],
    ]);
    expect(
      (await local.client.warehouses.get({ id: 'f1a2b3c4d5e6f708' })).name,
    ).toBeTruthy();
    const missing = await apiError(local.client.warehouses.get({ id: 'nope' }));
    expect(missing.statusCode).toBe(404);
  });

  it('keeps running past a short wait (CONTINUE), then succeeds as time passes', async () => {
    const r = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement,
      wait_timeout: '5s',
      on_wait_timeout: 'CONTINUE',
    });
    expect(r.status?.state).toBe('RUNNING');
    local.advance(20);
    const done = await local.client.statementExecution.getStatement({
      statement_id: r.statement_id!,
    });
    expect(done.status?.state).toBe('SUCCEEDED');
  });

  it('cancels at the wait timeout with on_wait_timeout CANCEL, and on request', async () => {
    const r = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement,
      wait_timeout: '5s',
      on_wait_timeout: 'CANCEL',
    });
    expect(r.status?.state).toBe('CANCELED');
    const pending = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement,
      wait_timeout: '0s',
    });
    await local.client.statementExecution.cancelExecution({
      statement_id: pending.statement_id!,
    });
    local.advance(30);
    const polled = await local.client.statementExecution.getStatement({
      statement_id: pending.statement_id!,
    });
    expect(polled.status?.state).toBe('CANCELED');
  });

  it('cuts the result at row_limit and says it is truncated', async () => {
    const r = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement:
        'SELECT feature FROM fmlops_demo.cards.card_fraud_detector_drift',
      wait_timeout: '30s',
      row_limit: 3,
    });
    expect(r.manifest).toMatchObject({ total_row_count: 3, truncated: true });
    expect(r.result?.data_array).toHaveLength(3);
  });

  it.each([
    [{ row_limit: -1 }, 400, /row_limit must be a whole number/],
    [
      { wait_timeout: '3s' },
      400,
      /wait_timeout must be 0s or between 5s and 50s/,
    ],
    [{ format: 'CSV' }, 400, /JSON_ARRAY only/],
    [{ warehouse_id: 'nope' }, 404, /Warehouse 'nope' does not exist/],
  ])('refuses %j', async (override, status, message) => {
    const error = await apiError(
      local.client.statementExecution.executeStatement({
        warehouse_id: local.ws.warehouseId,
        statement,
        ...(override as object),
      }),
    );
    expect(error.statusCode).toBe(status);
    expect(error.message).toMatch(message);
  });
});
