/*
 * `PUT .../config` replaces an endpoint's whole config on Databricks: a split change that sent back
 * only the routes would strip a GPU workload, provisioned throughput or environment variables.
 * Here an owner has set those on the canary endpoint, with an inference table, and a set-split, a
 * rollback and a promotion through the operations API leave every one of them as it was.
 */
import type { serving } from '@databricks/sdk-experimental';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import request from 'supertest';
import { startFmlopsBackend } from './__testUtils__/localBackend';

jest.setTimeout(120_000);

const ENDPOINT = 'ach-payment-anomaly';
const UC_MODEL = 'fmlops_demo.payments.ach_payment_anomaly';
const MODEL_PATH = `/api/fmlops/models/resource/default/${ENDPOINT}`;

/** The champion on a GPU, with secrets in its environment and an instance profile. */
const championOnGpu = {
  name: 'ach_payment_anomaly-3',
  entity_name: UC_MODEL,
  entity_version: '3',
  workload_type: 'GPU_SMALL',
  workload_size: 'Small',
  scale_to_zero_enabled: false,
  environment_vars: {
    FEATURE_STORE_TOKEN: '{{secrets/ach/feature-store}}',
    LOG_LEVEL: 'warn',
  },
  instance_profile_arn: 'arn:aws:iam::123456789012:instance-profile/ach',
} satisfies serving.ServedEntityInput;
/** The challenger on provisioned throughput. */
const challengerOnThroughput = {
  name: 'ach_payment_anomaly-4',
  entity_name: UC_MODEL,
  entity_version: '4',
  workload_type: 'GPU_MEDIUM',
  min_provisioned_throughput: 0,
  max_provisioned_throughput: 1940,
  scale_to_zero_enabled: true,
  environment_vars: { LOG_LEVEL: 'debug' },
} satisfies serving.ServedEntityInput;

/** The endpoint logs its requests to an inference table. */
const inferenceTable = {
  catalog_name: 'fmlops_demo',
  schema_name: 'payments',
  table_name_prefix: 'ach_payment_anomaly',
  enabled: true,
};

let ws: LocalWorkspace;

beforeEach(async () => {
  ws = await startLocalWorkspace({
    port: 0,
    token: 'dapi-test',
    scenarios: ['canary'],
    timeScale: 120,
    configUpdateDelaySeconds: 10,
  });
  ws.state.updateConfig(ENDPOINT, {
    name: ENDPOINT,
    auto_capture_config: inferenceTable,
    served_entities: [championOnGpu, challengerOnThroughput],
    traffic_config: {
      routes: [
        { served_model_name: championOnGpu.name, traffic_percentage: 90 },
        {
          served_model_name: challengerOnThroughput.name,
          traffic_percentage: 10,
        },
      ],
    },
  });
  ws.clock.advance(60_000);
  ws.state.tick();
});

afterEach(async () => {
  await ws.stop();
});

async function backend() {
  return (await startFmlopsBackend(ws)).server;
}

/** Runs an operation through the API and waits until it has ended. */
async function operate(server: unknown, body: Record<string, unknown>) {
  const start = await request(server as any)
    .post(`${MODEL_PATH}/operations`)
    .send(body);
  expect(start.status).toBe(202);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const op = (
      await request(server as any).get(
        `${MODEL_PATH}/operations/${start.body.id}`,
      )
    ).body;
    if (!['running', 'paused'].includes(op.status)) return op;
    if (Date.now() > deadline) {
      throw new Error(`operation still ${op.status}: ${op.message}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** The served entities as the workspace now serves them, each as it was configured. */
function servedNow() {
  const endpoint = ws.state.getEndpoint(ENDPOINT);
  expect(endpoint.state?.config_update).toBe('NOT_UPDATING');
  expect(endpoint.config?.auto_capture_config).toMatchObject(inferenceTable);
  return Object.fromEntries(
    (endpoint.config?.served_entities ?? []).map(
      ({ creation_timestamp: _c, creator: _u, state: _s, ...entity }) => [
        entity.entity_version,
        entity,
      ],
    ),
  );
}

const splitNow = () =>
  ws.state
    .getEndpoint(ENDPOINT)
    .config?.traffic_config?.routes?.map(r => [
      r.served_model_name,
      r.traffic_percentage,
    ]);

describe('operations keep every setting of the served entities', () => {
  it('through a set-split, a rollback and a promotion', async () => {
    const server = await backend();
    const asConfigured = servedNow();
    expect(asConfigured['3']).toEqual(championOnGpu);
    expect(asConfigured['4']).toEqual(challengerOnThroughput);

    const split = await operate(server, {
      type: 'set-split',
      routes: [
        { modelVersion: '3', trafficPercentage: 50 },
        { modelVersion: '4', trafficPercentage: 50 },
      ],
      reason: 'more traffic for the challenger',
    });
    expect(split.status).toBe('succeeded');
    expect(splitNow()).toEqual([
      [championOnGpu.name, 50],
      [challengerOnThroughput.name, 50],
    ]);
    expect(servedNow()).toEqual(asConfigured);

    const rollback = await operate(server, {
      type: 'rollback',
      reason: 'back to 90/10',
    });
    expect(rollback.status).toBe('succeeded');
    expect(splitNow()).toEqual([
      [championOnGpu.name, 90],
      [challengerOnThroughput.name, 10],
    ]);
    expect(servedNow()).toEqual(asConfigured);

    const promote = await operate(server, {
      type: 'promote',
      strategy: 'direct',
      reason: 'v4 beats v3',
    });
    expect(promote.status).toBe('succeeded');
    expect(splitNow()).toEqual([[challengerOnThroughput.name, 100]]);
    expect(servedNow()).toEqual({ '4': challengerOnThroughput });
  });
});
