import { all, apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** MLflow through the real SDK client: experiments, run search and the tournaments scenarios seed. */

jest.setTimeout(60_000);

describe('MLflow', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  it('searches runs with filters, order and paging', async () => {
    const runs = [];
    for await (const run of local.client.experiments.searchRuns({
      experiment_ids: ['1001'],
      filter:
        "metrics.pr_auc > 0.5 AND params.algorithm = 'xgboost' AND tags.`fmlops.tournament_id` != ''",
      order_by: ['metrics.pr_auc DESC'],
      max_results: 1,
    })) {
      runs.push(run);
    }
    expect(runs.length).toBeGreaterThan(0);
    const prAucs = runs.map(
      r => r.data!.metrics!.find(m => m.key === 'pr_auc')!.value!,
    );
    expect(prAucs).toEqual([...prAucs].sort((a, b) => b - a));
    expect(
      runs.every(
        r =>
          r.data!.params!.find(p => p.key === 'algorithm')!.value === 'xgboost',
      ),
    ).toBe(true);
  });

  it('refuses a malformed filter with 400 and where it failed', async () => {
    const error = await apiError(
      local.client.experiments
        .searchRuns({ experiment_ids: ['1001'], filter: 'metrics.pr_auc >> 1' })
        [Symbol.asyncIterator]()
        .next(),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/position \d+/);
  });

  it('gets experiments by id and by name, and runs by id', async () => {
    const byId = await local.client.experiments.getExperiment({
      experiment_id: '1002',
    });
    expect(byId.experiment?.name).toBe('/Shared/fmlops/trade-anomaly-detector');
    const byName = await local.client.experiments.getByName({
      experiment_name: '/Shared/fmlops/trade-anomaly-detector',
    });
    expect(byName.experiment?.experiment_id).toBe('1002');
    const missing = await apiError(
      local.client.experiments.getByName({ experiment_name: '/nope' }),
    );
    expect(missing.statusCode).toBe(404);

    const [winner] = await all(
      local.client.experiments.searchRuns({
        experiment_ids: ['1002'],
        filter: "tags.`fmlops.winner` = 'true'",
        max_results: 1,
      }),
    );
    const { run } = await local.client.experiments.getRun({
      run_id: winner.info!.run_id!,
    });
    expect(run?.info?.run_id).toBe(winner.info!.run_id);
  });

  it('keeps past tournaments: one run per algorithm, one winner, the best by PR AUC', async () => {
    const runs = await all(
      local.client.experiments.searchRuns({ experiment_ids: ['1003'] }),
    );
    const tag = (r: (typeof runs)[number], key: string) =>
      r.data?.tags?.find(t => t.key === key)?.value;
    const tournaments = new Map<string, typeof runs>();
    for (const r of runs) {
      const id = tag(r, 'fmlops.tournament_id')!;
      tournaments.set(id, [...(tournaments.get(id) ?? []), r]);
    }
    expect(tournaments.size).toBeGreaterThanOrEqual(2);
    for (const entrants of tournaments.values()) {
      expect(
        entrants
          .map(r => r.data?.params?.find(p => p.key === 'algorithm')?.value)
          .sort(),
      ).toEqual(['isolation_forest', 'lightgbm', 'random_forest', 'xgboost']);
      const prAuc = (r: (typeof runs)[number]) =>
        r.data!.metrics!.find(m => m.key === 'pr_auc')!.value!;
      const best = entrants.reduce((a, b) => (prAuc(b) > prAuc(a) ? b : a));
      expect(entrants.filter(r => tag(r, 'fmlops.winner') === 'true')).toEqual([
        best,
      ]);
      for (const r of entrants) {
        expect(r.data?.metrics?.map(m => m.key).sort()).toEqual([
          'f1',
          'pr_auc',
          'precision',
          'recall',
          'roc_auc',
        ]);
      }
    }
  });
});
