import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { ModelOverview } from '@fmlops/backstage-plugin-fmlops-common';
import {
  achEvaluation,
  achHistory,
  achOverview,
} from '../../../dev/__data__/overview';
import {
  ACH_URL,
  achEntity,
  renderFmlops,
} from '../../__testUtils__/renderFmlops';
import { MlopsContent } from './MlopsContent';

const server = setupServer();
registerMswTestHooks(server);

function serve(overview: ModelOverview) {
  let overviewCalls = 0;
  server.use(
    http.get(`${ACH_URL}/overview`, () => {
      overviewCalls += 1;
      return HttpResponse.json(overview);
    }),
    http.get(`${ACH_URL}/evaluation`, () => HttpResponse.json(achEvaluation)),
    http.get(`${ACH_URL}/operations`, () => HttpResponse.json({ items: [] })),
    http.get(`${ACH_URL}/history`, () =>
      HttpResponse.json({ items: achHistory }),
    ),
  );
  return () => overviewCalls;
}

describe('MlopsContent', () => {
  it('renders every card from one overview request', async () => {
    const overviewCalls = serve(achOverview);
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    await screen.findByTestId('fmlops-split-bar');
    expect(screen.getAllByTestId('fmlops-leaderboard-row')).toHaveLength(4);
    expect(screen.getAllByTestId('fmlops-drift-feature-row')).toHaveLength(3);
    expect(await screen.findAllByTestId('fmlops-gate-row')).toHaveLength(3);
    expect(screen.queryByTestId('fmlops-stale-banner')).not.toBeInTheDocument();
    expect(overviewCalls()).toBe(1);
  });

  it('heads the tab with the model health and every reason', async () => {
    serve({
      ...achOverview,
      health: {
        health: 'warning',
        reasons: [
          {
            source: 'pipeline',
            severity: 'warning',
            message: 'silver: valid_price 82% < 95%',
          },
          {
            source: 'jobs',
            severity: 'warning',
            message: 'drift job: last run 12 FAILED',
          },
        ],
      },
    });
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    const header = await screen.findByTestId('fmlops-health-header');
    expect(within(header).getByText('warning')).toBeInTheDocument();
    expect(
      within(header)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'silver: valid_price 82% < 95%',
      'drift job: last run 12 FAILED',
    ]);
  });

  it('shows the pipeline layers with failing expectations', async () => {
    serve(achOverview);
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    const datasets = await screen.findAllByTestId('fmlops-dataset');
    expect(datasets.map(d => d.dataset.failing)).toEqual([
      'false',
      'true',
      'false',
    ]);
    expect(
      within(datasets[1]).getByText(
        'valid_routing_number: 98.5 % (75 records failed)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('fmlops-pipeline-last-update')).toHaveTextContent(
      /Last update completed/,
    );
    const runs = screen.getAllByTestId('fmlops-job-run');
    expect(runs[0]).toHaveTextContent(/Tournament job run 88001.*: success/);
    expect(within(runs[0]).getByRole('link')).toHaveAttribute(
      'href',
      'http://127.0.0.1:8787/jobs/2021/runs/88001',
    );
    expect(runs[1]).toHaveTextContent('Drift job run 88002: running');
  });

  it('tells who did what and why in the deployment history', async () => {
    serve(achOverview);
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    const entries = await screen.findAllByTestId('fmlops-history-entry');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent('Promotion by ada');
    expect(entries[0]).toHaveTextContent('“v4 wins the tournament”');
    expect(entries[0]).toHaveTextContent('v3 100 % → v3 90 % · v4 10 %');
    expect(entries[1]).toHaveTextContent(
      'Automatic rollback by guardian (automatic)',
    );
    expect(entries[1]).toHaveTextContent('v1 50 % · v2 50 % → v1 100 %');
  });

  it('keeps the other sections when one is unavailable, and says the data is stale', async () => {
    serve({
      ...achOverview,
      drift: {
        status: 'unavailable',
        reason: 'the SQL warehouse f1a2b3c4d5e6f708 is stopped',
      },
      freshness: {
        fetchedAt: '2026-11-20T04:00:00.000Z',
        ageSeconds: 720,
        stale: true,
        source: 'snapshot',
      },
    });
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    expect(await screen.findByTestId('fmlops-stale-banner')).toHaveTextContent(
      'Showing data from the last saved snapshot, 12 min old',
    );
    expect(
      screen.getByText(
        'Drift is unavailable right now: the SQL warehouse f1a2b3c4d5e6f708 is stopped',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('fmlops-split-bar')).toBeInTheDocument();
    expect(screen.getAllByTestId('fmlops-leaderboard-row')).toHaveLength(4);
    // one banner for the tab, not one per card
    expect(screen.getAllByTestId('fmlops-stale-banner')).toHaveLength(1);
  });

  it('shows the error with a retry when the backend fails', async () => {
    let fail = true;
    serve(achOverview);
    server.use(
      http.get(`${ACH_URL}/overview`, () =>
        fail
          ? HttpResponse.json(
              {
                error: {
                  name: 'NotAllowedError',
                  message: 'Not allowed to read this model',
                },
                response: { statusCode: 403 },
              },
              { status: 403 },
            )
          : HttpResponse.json(achOverview),
      ),
    );
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    expect(
      (await screen.findAllByText(/Not allowed to read this model/)).length,
    ).toBeGreaterThan(0);
    fail = false;
    screen.getByRole('button', { name: 'Retry' }).click();
    await waitFor(() =>
      expect(screen.getByTestId('fmlops-split-bar')).toBeInTheDocument(),
    );
  });

  it('names the missing annotations', async () => {
    serve(achOverview);
    await renderFmlops(<MlopsContent />, {
      entity: {
        ...achEntity,
        metadata: { name: 'bare', annotations: {} },
      },
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });
});
