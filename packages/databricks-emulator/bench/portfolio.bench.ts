/*
 * Portfolio benchmark of the local workspace: starts it with the demo models plus N synthetic
 * ones (default 500), then times what a portfolio page does through the real SDK client — list
 * every endpoint, read every model's latest drift window in one SQL statement (paged in chunks),
 * scrape one endpoint's metrics — and checks the targets below. Exits 1 when one is missed.
 *
 *   yarn workspace @fmlops/databricks-emulator bench [--models 500] [--rounds 20]
 */
import { WorkspaceClient } from '@databricks/sdk-experimental';
import { startLocalWorkspace } from '../src';

const TARGETS_MS = {
  start: 60_000,
  // the emulator's own share of an endpoint list, over plain HTTP
  rawListEndpointsP95: 250,
  // through the SDK, which parses and logs the whole answer (a few hundred KB at 500 models)
  listEndpointsP95: 1_000,
  portfolioSqlP95: 3_000,
  metricsP95: 50,
};

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`--${name} must be a whole number`);
  }
  return value;
}

const p95 = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.95) - 1];

async function time(rounds: number, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main() {
  const models = arg('models', 500);
  const rounds = arg('rounds', 20);
  const started = performance.now();
  const ws = await startLocalWorkspace({
    port: 0,
    syntheticModels: models,
    scenarios: [
      'healthy',
      'drifting',
      'canary',
      'latency-spike',
      'failing-expectation',
    ],
    statementChunkRows: 1000,
  });
  const startMs = performance.now() - started;
  try {
    const client = new WorkspaceClient(
      {
        host: ws.url,
        token: ws.token,
        authType: 'pat',
        loaders: [],
        skipVerify: false,
        retryTimeoutSeconds: 5,
      },
      { product: 'fmlops-bench', productVersion: '0.1.0' },
    );
    let endpoints = 0;
    const list = await time(rounds, async () => {
      endpoints = 0;
      for await (const _ of client.servingEndpoints.list()) endpoints += 1;
    });

    const rawList = await time(rounds, async () => {
      const res = await fetch(`${ws.url}/api/2.0/serving-endpoints`, {
        headers: { Authorization: `Bearer ${ws.token}` },
      });
      await res.json();
    });

    const tables = ws.state.scenarios.map(s => s.driftTable);
    const statement = tables
      .map(
        t =>
          `SELECT '${t}' AS drift_table, feature, psi, js_distance, status FROM ${t} WHERE window_start = (SELECT MAX(window_start) FROM ${t})`,
      )
      .join(' UNION ALL ');
    let rows = 0;
    const sqlSamples = await time(
      Math.max(3, Math.floor(rounds / 4)),
      async () => {
        const r = await client.statementExecution.executeStatement({
          warehouse_id: ws.warehouseId,
          statement,
          wait_timeout: '30s',
        });
        if (r.status?.state !== 'SUCCEEDED') {
          throw new Error(
            `portfolio statement ${r.status?.state}: ${r.status?.error?.message}`,
          );
        }
        rows = r.result?.data_array?.length ?? 0;
        let next = r.result?.next_chunk_index;
        while (next !== undefined) {
          const chunk =
            await client.statementExecution.getStatementResultChunkN({
              statement_id: r.statement_id!,
              chunk_index: next,
            });
          rows += chunk.data_array?.length ?? 0;
          next = chunk.next_chunk_index;
        }
      },
    );

    const metrics = await time(rounds, () =>
      client.servingEndpoints.exportMetrics({ name: 'ach-payment-anomaly' }),
    );

    const results = [
      ['start', startMs, TARGETS_MS.start],
      ['rawListEndpointsP95', p95(rawList), TARGETS_MS.rawListEndpointsP95],
      ['listEndpointsP95', p95(list), TARGETS_MS.listEndpointsP95],
      ['portfolioSqlP95', p95(sqlSamples), TARGETS_MS.portfolioSqlP95],
      ['metricsP95', p95(metrics), TARGETS_MS.metricsP95],
    ] as const;
    process.stdout.write(
      `local workspace with ${endpoints} models; portfolio statement returned ${rows} rows\n`,
    );
    let missed = 0;
    for (const [name, ms, target] of results) {
      const ok = ms <= target;
      if (!ok) missed += 1;
      process.stdout.write(
        `${ok ? 'ok  ' : 'MISS'} ${name.padEnd(20)} ${ms
          .toFixed(0)
          .padStart(7)} ms (target ≤ ${target} ms)\n`,
      );
    }
    process.exitCode = missed ? 1 : 0;
  } finally {
    await ws.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(2);
});
