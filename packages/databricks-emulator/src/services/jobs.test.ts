import { all, apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** Jobs through the real SDK client: run life cycles, idempotency, failures, cancels, and what runs leave behind. */

jest.setTimeout(60_000);

describe('jobs', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  it('runs a tournament: life cycle, idempotency and a new challenger version', async () => {
    const first = await local.client.jobs.runNow({
      job_id: 2001,
      idempotency_token: 'retrain-1',
    });
    const again = await local.client.jobs.runNow({
      job_id: 2001,
      idempotency_token: 'retrain-1',
    });
    expect(again.run_id).toBe(first.run_id);
    const states: string[] = [];
    for (const step of [0, 10, 20, 360, 365, 10]) {
      local.advance(step);
      const run = await local.client.jobs.getRun({ run_id: first.run_id! });
      states.push(run.state!.life_cycle_state!);
    }
    expect(states).toEqual([
      'QUEUED',
      'PENDING',
      'RUNNING',
      'RUNNING',
      'TERMINATING',
      'TERMINATED',
    ]);
    const done = await local.client.jobs.getRun({ run_id: first.run_id! });
    expect(done.state?.result_state).toBe('SUCCESS');
    const model = await local.client.registeredModels.get({
      full_name: 'fmlops_demo.cards.card_fraud_detector',
      include_aliases: true,
    });
    expect(
      model.aliases?.find(a => a.alias_name === 'challenger')?.version_num,
    ).toBe(4);
    const runs = [];
    for await (const r of local.client.jobs.listRuns({
      job_id: 2001,
      limit: 2,
    }))
      runs.push(r);
    expect(runs[0].run_id).toBe(first.run_id);
  });

  it('appends a drift window when the drift job runs', async () => {
    const count = async () =>
      (
        await local.ws.state.sql.execute(
          'SELECT COUNT(DISTINCT window_start) FROM fmlops_demo.cards.card_fraud_detector_drift',
        )
      ).rows[0][0];
    const before = Number(await count());
    const { run_id } = await local.client.jobs.runNow({ job_id: 2002 });
    local.advance(5 * 60);
    expect(
      (await local.client.jobs.getRun({ run_id: run_id! })).state?.result_state,
    ).toBe('SUCCESS');
    expect(Number(await count())).toBe(before + 1);
  });

  const championPrAuc = async (fullName: string, alias: string) => {
    const version = await local.client.modelVersions.getByAlias({
      full_name: fullName,
      alias,
    });
    const { run } = await local.client.experiments.getRun({
      run_id: version.run_id!,
    });
    return run!.data!.metrics!.find(m => m.key === 'pr_auc')!.value!;
  };

  it('lists and gets jobs', async () => {
    const jobs = await all(local.client.jobs.list({}));
    expect(jobs.map(j => j.job_id)).toEqual(
      expect.arrayContaining([2001, 2002, 2031]),
    );
    const job = await local.client.jobs.get({ job_id: 2031 });
    expect(job.settings?.tags).toEqual({
      'fmlops.role': 'tournament',
      'fmlops.model': 'fmlops_demo.payments.wire_fraud_detector',
      // the scenario's tags, as the job's owner set them
      'fmlops-entity-refs':
        'resource:default/wire-fraud-detector component:default/wire-fraud-detector-pipeline',
    });
    const missing = await apiError(local.client.jobs.get({ job_id: 1 }));
    expect(missing.statusCode).toBe(400);
    expect(missing.message).toMatch(/Job 1 does not exist/);
  });

  it('registers a worse challenger when the scenario says so', async () => {
    const fullName = 'fmlops_demo.payments.wire_fraud_detector';
    const { run_id } = await local.client.jobs.runNow({ job_id: 2031 });
    local.advance(15 * 60);
    const run = await local.client.jobs.getRun({ run_id: run_id! });
    expect(run.state?.result_state).toBe('SUCCESS');
    const challenger = await local.client.modelVersions.getByAlias({
      full_name: fullName,
      alias: 'challenger',
    });
    expect(challenger.version).toBe(6);
    expect(await championPrAuc(fullName, 'challenger')).toBeLessThan(
      await championPrAuc(fullName, 'champion'),
    );
    const tournament = await all(
      local.client.experiments.searchRuns({
        experiment_ids: ['1004'],
        filter: `tags.\`fmlops.job_run_id\` = '${run_id}'`,
      }),
    );
    expect(tournament).toHaveLength(4);
  });

  it('fails a run when asked to, leaving the registry alone', async () => {
    const fullName = 'fmlops_demo.markets.market_abuse_detector';
    expect(
      (await local.admin('POST', '/__admin/jobs/2041/fail-next-run')).status,
    ).toBe(200);
    const { run_id } = await local.client.jobs.runNow({ job_id: 2041 });
    local.advance(15 * 60);
    const run = await local.client.jobs.getRun({ run_id: run_id! });
    expect(run.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'FAILED',
    });
    const versions = await all(
      local.client.modelVersions.list({ full_name: fullName }),
    );
    expect(versions.map(v => v.version)).toEqual([1, 2]);
  });

  it('cancels a run: CANCELED, no new version; active_only lists only running ones', async () => {
    const { run_id } = await local.client.jobs.runNow({ job_id: 2011 });
    local.advance(40);
    const active = await all(
      local.client.jobs.listRuns({ job_id: 2011, active_only: true }),
    );
    expect(active.map(r => r.run_id)).toEqual([run_id]);
    await local.client.jobs.cancelRun({ run_id: run_id! });
    local.advance(15 * 60);
    const run = await local.client.jobs.getRun({ run_id: run_id! });
    expect(run.state?.result_state).toBe('CANCELED');
    expect(
      await all(
        local.client.jobs.listRuns({ job_id: 2011, active_only: true }),
      ),
    ).toEqual([]);
    const versions = await all(
      local.client.modelVersions.list({
        full_name: 'fmlops_demo.markets.trade_anomaly_detector',
      }),
    );
    expect(versions.map(v => v.version)).toEqual([1, 2]);
  });

  it('refuses runs of an unknown job', async () => {
    const error = await apiError(local.client.jobs.runNow({ job_id: 999 }));
    expect(error.statusCode).toBe(400);
  });
});
