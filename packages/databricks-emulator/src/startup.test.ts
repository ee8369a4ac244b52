import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenarios, startLocalWorkspace } from './index';
import { sdkClient as clientFor } from './__testUtils__/sdk';

/** Starting the local workspace: scenarios, synthetic portfolios, the state file and the CLI. */

jest.setTimeout(60_000);

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('startLocalWorkspace', () => {
  it('loads only the scenarios asked for, on a free port, with the default token', async () => {
    const ws = await startLocalWorkspace({ port: 0, scenarios: ['healthy'] });
    try {
      expect(ws.token).toBe('dapi-fmlops-local');
      expect(ws.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const endpoints = await all(
        clientFor(ws.url, ws.token).servingEndpoints.list(),
      );
      expect(endpoints.map(e => e.name)).toEqual(['card-fraud-detector']);
    } finally {
      await ws.stop();
    }
  });

  it('loads no scenario for an empty list, and only synthetic models when only those are asked for', async () => {
    const empty = await startLocalWorkspace({ port: 0, scenarios: [] });
    const synthetic = await startLocalWorkspace({
      port: 0,
      syntheticModels: 3,
    });
    try {
      expect(empty.state.scenarios).toEqual([]);
      expect(synthetic.state.scenarios.map(s => s.scenario)).toEqual([
        'synthetic',
        'synthetic',
        'synthetic',
      ]);
    } finally {
      await empty.stop();
      await synthetic.stop();
    }
  });

  it('generates a synthetic portfolio next to the demo models', async () => {
    const ws = await startLocalWorkspace({
      port: 0,
      scenarios: ['canary'],
      syntheticModels: 12,
    });
    try {
      const client = clientFor(ws.url, ws.token);
      const endpoints = await all(client.servingEndpoints.list());
      expect(endpoints).toHaveLength(13);
      const r = await client.statementExecution.executeStatement({
        warehouse_id: ws.warehouseId,
        statement:
          'SELECT COUNT(DISTINCT window_start) FROM fmlops_synthetic.portfolio.synthetic_model_0012_drift',
        wait_timeout: '10s',
      });
      expect(Number(r.result?.data_array?.[0][0])).toBeGreaterThan(0);
    } finally {
      await ws.stop();
    }
  });

  it('writes its state on stop and carries on from it at the next start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-workspace-'));
    const stateFile = path.join(dir, 'state.json');
    const fullName = 'fmlops_demo.cards.card_fraud_detector';
    const options = { port: 0, scenarios: ['healthy'], stateFile };

    const first = await startLocalWorkspace(options);
    let client = clientFor(first.url, first.token);
    const { run_id } = await client.jobs.runNow({ job_id: 2001 });
    first.clock.advance(15 * 60_000);
    await client.jobs.getRun({ run_id: run_id! });
    await client.registeredModels.setAlias({
      full_name: fullName,
      alias: 'champion',
      version_num: 4,
    });
    await client.jobs.runNow({ job_id: 2002 });
    first.clock.advance(5 * 60_000);
    const windows =
      'SELECT COUNT(DISTINCT window_start) FROM fmlops_demo.cards.card_fraud_detector_drift';
    first.state.tick();
    const windowsBefore = first.state.sql.execute(windows).rows[0][0];
    const savedAt = first.clock.now();
    await first.stop();
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).format).toBe(
      'fmlops-local-workspace/1',
    );

    const second = await startLocalWorkspace(options);
    try {
      client = clientFor(second.url, second.token);
      expect(second.clock.now()).toBeGreaterThanOrEqual(savedAt);
      const champion = await client.modelVersions.getByAlias({
        full_name: fullName,
        alias: 'champion',
      });
      expect(champion.version).toBe(4);
      const runs = await all(client.jobs.listRuns({ job_id: 2001 }));
      expect(runs[0]).toMatchObject({
        run_id,
        state: { result_state: 'SUCCESS' },
      });
      expect(second.state.sql.execute(windows).rows[0][0]).toBe(windowsBefore);
      // the next tournament registers version 5: the counters carried over too
      const next = await client.jobs.runNow({ job_id: 2001 });
      expect(next.run_id).toBeGreaterThan(run_id!);
      second.clock.advance(15 * 60_000);
      await client.jobs.getRun({ run_id: next.run_id! });
      const challenger = await client.modelVersions.getByAlias({
        full_name: fullName,
        alias: 'challenger',
      });
      expect(challenger.version).toBe(5);
    } finally {
      await second.stop();
    }
  });

  it('fails every roll-out of an endpoint whose scenario says so', async () => {
    const [healthy] = loadScenarios(['healthy']);
    const ws = await startLocalWorkspace({
      port: 0,
      configUpdateDelaySeconds: 10,
      scenarioObjects: [
        { ...healthy, serving: { ...healthy.serving, updatesFail: true } },
      ],
    });
    try {
      const client = clientFor(ws.url, ws.token);
      await client.servingEndpoints.updateConfig({
        name: 'card-fraud-detector',
        served_entities: [
          {
            entity_name: 'fmlops_demo.cards.card_fraud_detector',
            entity_version: '2',
            workload_size: 'Small',
            scale_to_zero_enabled: false,
          },
        ],
      });
      ws.clock.advance(11_000);
      const e = await client.servingEndpoints.get({
        name: 'card-fraud-detector',
      });
      expect(e.state?.config_update).toBe('UPDATE_FAILED');
      expect(e.config?.served_entities?.map(s => s.entity_version)).toEqual([
        '3',
      ]);
    } finally {
      await ws.stop();
    }
  });

  it('refuses a state file that is not JSON, saying what to do', async () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'local-workspace-')),
      'state.json',
    );
    fs.writeFileSync(file, '{ half');
    await expect(
      startLocalWorkspace({ port: 0, scenarios: ['healthy'], stateFile: file }),
    ).rejects.toThrow(/is not valid JSON .*move it away to start afresh/);
  });

  it('refuses an unknown scenario, naming the built-in ones', async () => {
    await expect(
      startLocalWorkspace({ port: 0, scenarios: ['nope'] }),
    ).rejects.toThrow(/built-in: canary, drifting/);
  });
});

describe('the CLI', () => {
  const bin = path.resolve(__dirname, '../bin/local-workspace.cjs');

  function run(args: string[]) {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => {
      stdout += d;
    });
    child.stderr.on('data', d => {
      stderr += d;
    });
    const exited = new Promise<number | null>(resolve =>
      child.on('exit', code => resolve(code)),
    );
    return { child, out: () => stdout, err: () => stderr, exited };
  }

  it('starts a workspace, prints its URL and token, and stops on SIGTERM', async () => {
    const cli = run([
      '--port',
      '0',
      '--token',
      'dapi-cli',
      '--scenario',
      'healthy',
      '--time-scale',
      '60',
    ]);
    const deadline = Date.now() + 30_000;
    while (!/token: dapi-cli/.test(cli.out()) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 100));
    }
    const url = /host:\s+(http:\/\/\S+)/.exec(cli.out())?.[1];
    expect(url).toBeDefined();
    const endpoint = await clientFor(url!, 'dapi-cli').servingEndpoints.get({
      name: 'card-fraud-detector',
    });
    expect(endpoint.state?.ready).toBe('READY');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('starts dev, acc and prd with --workspace, printing each one', async () => {
    const cli = run([
      '--workspace',
      'dev:0',
      '--workspace',
      'acc:0',
      '--workspace',
      'prd:0',
    ]);
    const deadline = Date.now() + 30_000;
    while (
      (cli.out().match(/token:/g) ?? []).length < 3 &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(cli.out()).toMatch(/Local Databricks workspace prd/);
    const prd = /workspace prd\n\s+host:\s+(http:\/\/\S+)/.exec(cli.out())?.[1];
    const endpoint = await clientFor(
      prd!,
      'dapi-fmlops-local',
    ).servingEndpoints.get({ name: 'payments-fraud-scorer' });
    expect(endpoint.state?.ready).toBe('READY');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('prints help, and refuses an unknown option with exit code 2', async () => {
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.out()).toMatch(/--synthetic-models <n>/);
    const bad = run(['--colour', 'blue']);
    expect(await bad.exited).toBe(2);
    expect(bad.err()).toMatch(/unknown option --colour/);
  });
});
