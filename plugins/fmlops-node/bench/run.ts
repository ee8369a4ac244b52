/* eslint-disable no-console */
/**
 * What the gateway costs per call over the bare SDK, and how fast an open breaker answers.
 *
 * Targets: the gateway adds under 1 ms to the median call and under 3 ms to the 99th percentile
 * (watching, retry and breaker bookkeeping, error mapping); with the breaker open, 99 % of calls
 * answer within 1 ms and none reaches the workspace.
 */
import { performance } from 'node:perf_hooks';
import { WorkspaceClient } from '@databricks/sdk-experimental';
import { startLocalWorkspace } from '@fmlops/databricks-emulator';
import { DatabricksGateway } from '../src/DatabricksGateway';
import { WORKSPACE_DEFAULTS } from '../src/config';

const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const ENDPOINT = 'card-fraud-detector';

const silentLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function time(
  calls: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await fn().catch(() => undefined);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

async function main() {
  const workspace = await startLocalWorkspace({
    port: 0,
    scenarios: ['healthy'],
  });
  try {
    const sdk = new WorkspaceClient(
      {
        host: workspace.url,
        token: workspace.token,
        authType: 'pat',
        loaders: [],
        skipVerify: false,
      },
      { product: 'fmlops-bench', productVersion: '0.1.0' },
    );
    const settings = {
      ...WORKSPACE_DEFAULTS,
      alias: 'dev',
      host: workspace.url,
      auth: { type: 'pat' as const, token: workspace.token },
    };
    const gateway = DatabricksGateway.create({
      workspaces: [settings],
      logger: silentLogger,
    });

    // warm both clients and the workspace
    await time(100, () => sdk.servingEndpoints.get({ name: ENDPOINT }));
    await time(100, () => gateway.getServingEndpoint('dev', ENDPOINT));

    // interleave rounds so both see the same machine load
    const bare: Array<{ p50: number; p99: number }> = [];
    const gated: Array<{ p50: number; p99: number }> = [];
    for (let round = 0; round < 5; round++) {
      bare.push(
        await time(CALLS / 5, () =>
          sdk.servingEndpoints.get({ name: ENDPOINT }),
        ),
      );
      gated.push(
        await time(CALLS / 5, () =>
          gateway.getServingEndpoint('dev', ENDPOINT),
        ),
      );
    }
    const median = (xs: number[]) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const sdkP50 = median(bare.map(r => r.p50));
    const sdkP99 = median(bare.map(r => r.p99));
    const gwP50 = median(gated.map(r => r.p50));
    const gwP99 = median(gated.map(r => r.p99));

    // open the breaker on a failing workspace, then measure fail-fast calls
    workspace.faults.add({
      path: '/api/2.0/serving-endpoints/**',
      kind: 'error',
      status: 503,
    });
    const failing = DatabricksGateway.create({
      workspaces: [
        {
          ...settings,
          maxAttempts: 1,
          breakerThreshold: 3,
          breakerHalfOpenAfterMs: 600_000,
        },
      ],
      logger: silentLogger,
    });
    for (let i = 0; i < 3; i++) {
      await failing.getServingEndpoint('dev', ENDPOINT).catch(() => undefined);
    }
    const before = workspace.totalRequests();
    const open = await time(CALLS, () =>
      failing.getServingEndpoint('dev', ENDPOINT),
    );
    const leaked = workspace.totalRequests() - before;

    const overheadP50 = gwP50 - sdkP50;
    const overheadP99 = gwP99 - sdkP99;
    const rows = [
      ['bare SDK', sdkP50, sdkP99],
      ['gateway', gwP50, gwP99],
      ['gateway, breaker open', open.p50, open.p99],
    ] as const;
    console.log(`${CALLS} sequential getServingEndpoint calls per row (ms)`);
    for (const [name, p50, p99] of rows) {
      console.log(
        `${name.padEnd(24)} p50 ${p50.toFixed(3).padStart(7)}  p99 ${p99
          .toFixed(3)
          .padStart(7)}`,
      );
    }
    console.log(
      `gateway overhead: p50 ${overheadP50.toFixed(
        3,
      )} ms, p99 ${overheadP99.toFixed(
        3,
      )} ms; requests reaching the workspace with the breaker open: ${leaked}`,
    );
    const verdicts = [
      ['overhead p50 < 1 ms', overheadP50 < 1],
      ['overhead p99 < 3 ms', overheadP99 < 3],
      ['breaker open p99 < 1 ms', open.p99 < 1],
      ['breaker open sends nothing', leaked === 0],
    ] as const;
    for (const [name, ok] of verdicts) {
      console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
    }
    process.exitCode = verdicts.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await workspace.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
