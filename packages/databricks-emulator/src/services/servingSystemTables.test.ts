import { useLocalWorkspace } from '../__testUtils__/workspace';

/** Model Serving's system tables through the SQL Statement API and the real SDK client. */

jest.setTimeout(60_000);

const ENDPOINT = 'ach-payment-anomaly';

/** Requests and 5xx errors per served model version since `since`, from the system tables. */
const PER_VERSION = `
  SELECT se.entity_version AS version,
         count(*) AS requests,
         sum(CASE WHEN u.status_code >= 500 THEN 1 ELSE 0 END) AS errors
  FROM system.serving.endpoint_usage u
  JOIN system.serving.served_entities se ON u.served_entity_id = se.served_entity_id
  WHERE se.endpoint_name = :endpoint AND u.request_time >= :since
  GROUP BY se.entity_version
  ORDER BY se.entity_version`;

describe('system.serving tables', () => {
  const local = useLocalWorkspace({
    token: 'dapi-test',
    scenarios: ['canary'],
    servingSystemTables: true,
  });

  async function query(statement: string, since: number) {
    const response = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement,
      parameters: [
        { name: 'endpoint', value: ENDPOINT, type: 'STRING' },
        {
          name: 'since',
          value: new Date(since).toISOString(),
          type: 'TIMESTAMP',
        },
      ],
      wait_timeout: '10s',
      format: 'JSON_ARRAY',
    });
    expect(response.status?.state).toBe('SUCCEEDED');
    return (response.result?.data_array ?? []).map(row => row.map(String));
  }

  const counts = async (since: number) =>
    Object.fromEntries(
      (await query(PER_VERSION, since)).map(([version, requests, errors]) => [
        version,
        { requests: Number(requests), errors: Number(errors) },
      ]),
    );

  it('count every request per served version, as the traffic split sends them', async () => {
    const since = local.ws.clock.now();
    local.advance(120);
    const byVersion = await counts(since);
    // 50 requests a second for two minutes, 90 % to version 3 and 10 % to version 4
    const total = byVersion['3'].requests + byVersion['4'].requests;
    expect(total).toBeGreaterThan(5700);
    expect(total).toBeLessThan(6300);
    expect(byVersion['4'].requests / total).toBeGreaterThan(0.07);
    expect(byVersion['4'].requests / total).toBeLessThan(0.13);

    // each invocation is a request of its caller, counted against the version that answered it
    for (let i = 0; i < 3; i++) {
      await local.client.servingEndpoints
        .query({ name: ENDPOINT, dataframe_records: [{ amount: i }] })
        .catch(() => undefined);
    }
    const mine = await query(
      `SELECT count(*), min(se.entity_version) FROM system.serving.endpoint_usage u
       JOIN system.serving.served_entities se ON u.served_entity_id = se.served_entity_id
       WHERE se.endpoint_name = :endpoint AND u.request_time >= :since
         AND u.requester = 'local-user@fmlops.example'`,
      since,
    );
    expect(mine[0][0]).toBe('3');
    expect(['3', '4']).toContain(mine[0][1]);
  });

  it('add a row per served entity for each new config, and count later requests against it', async () => {
    await local.client.servingEndpoints.updateConfig({
      name: ENDPOINT,
      served_entities: [
        {
          entity_name: 'fmlops_demo.payments.ach_payment_anomaly',
          entity_version: '3',
          workload_size: 'Small',
        },
        {
          entity_name: 'fmlops_demo.payments.ach_payment_anomaly',
          entity_version: '4',
          workload_size: 'Small',
        },
      ],
      traffic_config: {
        routes: [
          {
            served_model_name: 'ach_payment_anomaly-3',
            traffic_percentage: 50,
          },
          {
            served_model_name: 'ach_payment_anomaly-4',
            traffic_percentage: 50,
          },
        ],
      },
    });
    local.advance(60);
    const configs = await query(
      `SELECT endpoint_config_version, entity_version FROM system.serving.served_entities
       WHERE endpoint_name = :endpoint AND change_time >= :since
       ORDER BY endpoint_config_version, entity_version`,
      0,
    );
    const versions = [...new Set(configs.map(([config]) => Number(config)))];
    expect(versions).toHaveLength(2);
    expect(versions[1]).toBe(versions[0] + 1);
    expect(
      configs
        .filter(([config]) => Number(config) === versions[1])
        .map(([, v]) => v),
    ).toEqual(['3', '4']);

    const since = local.ws.clock.now();
    local.advance(120);
    const byVersion = await counts(since);
    const share =
      byVersion['4'].requests /
      (byVersion['3'].requests + byVersion['4'].requests);
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });
});

describe('without servingSystemTables', () => {
  const local = useLocalWorkspace({
    token: 'dapi-test',
    scenarios: ['canary'],
  });

  it('has no system.serving schema, as a workspace where no admin enabled it', async () => {
    const response = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement: 'SELECT count(*) FROM system.serving.endpoint_usage',
      wait_timeout: '10s',
    });
    expect(response.status?.state).toBe('FAILED');
    expect(response.status?.error?.message).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
  });
});
