import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { ModelOverview } from '@fmlops/backstage-plugin-fmlops-common';
import { achOverview } from '../../../dev/__data__/overview';
import { ACH_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { ServingSplitCard } from './ServingSplitCard';

const server = setupServer();
registerMswTestHooks(server);

const serve = (overview: ModelOverview) =>
  server.use(
    http.get(`${ACH_URL}/overview`, () => HttpResponse.json(overview)),
  );

describe('ServingSplitCard', () => {
  it('shows the traffic split with versions and aliases', async () => {
    serve(achOverview);
    await renderFmlops(<ServingSplitCard />);
    const bar = await screen.findByTestId('fmlops-split-bar');
    const segments = within(bar).getAllByRole('listitem');
    expect(segments.map(s => s.getAttribute('aria-label'))).toEqual([
      'Version 3 (champion): 90 % of traffic',
      'Version 4 (challenger): 10 % of traffic',
    ]);
    expect(segments[0]).toHaveStyle({ width: '90%' });
    expect(within(bar).getByText('v3 · 90 %')).toBeInTheDocument();
    expect(screen.getByTestId('fmlops-endpoint-ready')).toHaveTextContent(
      'Ready',
    );
    expect(screen.getByText('61.5 ms')).toBeInTheDocument();
    expect(screen.getByText('0.20 %')).toBeInTheDocument();
  });

  it('shows the config being rolled out', async () => {
    const serving = achOverview.serving;
    if (serving.status !== 'ok') throw new Error('fixture');
    serve({
      ...achOverview,
      serving: {
        status: 'ok',
        data: {
          ...serving.data,
          configUpdate: 'IN_PROGRESS',
          pendingConfig: {
            servedVersions: serving.data.servedVersions.map(v => ({
              ...v,
              trafficPercentage: 50,
            })),
          },
        },
      },
    });
    await renderFmlops(<ServingSplitCard />);
    const pending = await screen.findByTestId('fmlops-pending-split-bar');
    expect(within(pending).getByText('v4 · 50 %')).toBeInTheDocument();
    expect(
      screen.getByTestId('fmlops-endpoint-config-update'),
    ).toHaveTextContent('Config in progress');
  });

  it('says why serving is unavailable', async () => {
    serve({
      ...achOverview,
      serving: {
        status: 'unavailable',
        reason: 'Model Serving timed out after 10 s',
      },
    });
    await renderFmlops(<ServingSplitCard />);
    expect(
      await screen.findByText(
        'Serving is unavailable right now: Model Serving timed out after 10 s',
      ),
    ).toBeInTheDocument();
  });

  it('offers a retry after an error and recovers', async () => {
    let calls = 0;
    server.use(
      http.get(`${ACH_URL}/overview`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              {
                error: {
                  name: 'ServiceUnavailableError',
                  message: 'Databricks is down',
                },
                response: { statusCode: 503 },
              },
              { status: 503 },
            )
          : HttpResponse.json(achOverview);
      }),
    );
    await renderFmlops(<ServingSplitCard pollIntervalMs={0} />);
    expect(
      (await screen.findAllByText(/Databricks is down/)).length,
    ).toBeGreaterThan(0);
    screen.getByRole('button', { name: 'Retry' }).click();
    await waitFor(() =>
      expect(screen.getByTestId('fmlops-split-bar')).toBeInTheDocument(),
    );
  });
});
