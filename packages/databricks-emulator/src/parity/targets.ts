import { WorkspaceClient } from '@databricks/sdk-experimental';
import type { LocalWorkspace } from '../index';
import { ParityNames, ParityTarget } from './types';

/**
 * The canary scenario's resources (scenarios/canary.yaml), and payments-fraud-scorer's promotion
 * job (scenarios/environments/payments-fraud-scorer-dev.yaml).
 */
export const LOCAL_NAMES: ParityNames = {
  endpoint: 'ach-payment-anomaly',
  ucModel: 'fmlops_demo.payments.ach_payment_anomaly',
  experimentId: '1003',
  jobId: '2021',
  pipelineId: '4f1c2a10-0003-4d6e-9a3b-000000000003',
  warehouseId: '',
  promotionJobId: '3103',
};

/** The real SDK client as fmlops' gateway configures it (no env or ~/.databrickscfg loaders, TLS verified). */
export function parityClient(host: string, token: string): WorkspaceClient {
  return new WorkspaceClient(
    {
      host,
      token,
      authType: 'pat',
      loaders: [],
      skipVerify: false,
      retryTimeoutSeconds: 30,
    },
    { product: 'fmlops-parity', productVersion: '0.1.0' },
  );
}

export function localTarget(ws: LocalWorkspace): ParityTarget {
  return {
    kind: 'local',
    client: parityClient(ws.url, ws.token),
    names: { ...LOCAL_NAMES, warehouseId: ws.warehouseId },
    writes: true,
    scratch: 'fmlops_local',
    clientWithToken: other => parityClient(ws.url, other),
    async settle(read, done) {
      // emulated time moves on in half-minute steps, up to an emulated hour
      for (let step = 0; step < 120; step++) {
        const value = await read();
        if (done(value)) return value;
        ws.clock.advance(30_000);
        ws.state.tick();
      }
      throw new Error(
        'the local workspace did not settle within an emulated hour',
      );
    },
  };
}

/** The environment that points the suite at a real workspace (README, "Parity with real workspaces"). */
export const REAL_WORKSPACE_ENV = {
  host: 'DATABRICKS_HOST',
  token: 'DATABRICKS_TOKEN',
  endpoint: 'FMLOPS_PARITY_ENDPOINT',
  ucModel: 'FMLOPS_PARITY_UC_MODEL',
  experimentId: 'FMLOPS_PARITY_EXPERIMENT_ID',
  jobId: 'FMLOPS_PARITY_JOB_ID',
  pipelineId: 'FMLOPS_PARITY_PIPELINE_ID',
  warehouseId: 'FMLOPS_PARITY_WAREHOUSE_ID',
  promotionJobId: 'FMLOPS_PARITY_PROMOTION_JOB_ID',
  writes: 'FMLOPS_PARITY_WRITES',
} as const;

/** A real workspace when DATABRICKS_HOST and DATABRICKS_TOKEN are set, else undefined. */
export function realTarget(env: NodeJS.ProcessEnv): ParityTarget | undefined {
  const host = env[REAL_WORKSPACE_ENV.host];
  const token = env[REAL_WORKSPACE_ENV.token];
  if (!host || !token) return undefined;
  const names: Partial<ParityNames> = {};
  for (const key of [
    'endpoint',
    'ucModel',
    'experimentId',
    'jobId',
    'pipelineId',
    'warehouseId',
    'promotionJobId',
  ] as const) {
    const value = env[REAL_WORKSPACE_ENV[key]];
    if (value) names[key] = value;
  }
  return {
    kind: 'real',
    client: parityClient(host, token),
    names,
    writes: env[REAL_WORKSPACE_ENV.writes] === '1',
    scratch: `fmlops_parity_${Date.now().toString(36)}`,
    clientWithToken: other => parityClient(host, other),
    async settle(read, done) {
      const deadline = Date.now() + 20 * 60_000;
      for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline)
          throw new Error('the workspace did not settle within 20 minutes');
        await new Promise(r => setTimeout(r, 5_000));
      }
    },
  };
}
