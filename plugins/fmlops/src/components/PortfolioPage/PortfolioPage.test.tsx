import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Portfolio } from '@fmlops/backstage-plugin-fmlops-common';
import {
  demoPortfolio,
  generatePortfolio,
} from '../../../dev/__data__/portfolio';
import { paymentsPortfolioItem } from '../../../dev/__data__/environments';
import { BASE_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { PortfolioPage } from './PortfolioPage';

const server = setupServer();
registerMswTestHooks(server);

const serve = (portfolio: Portfolio) =>
  server.use(
    http.get(`${BASE_URL}/models`, () => HttpResponse.json(portfolio)),
  );

const render = () =>
  renderFmlops(<PortfolioPage pollIntervalMs={0} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

const rowNames = () =>
  screen
    .getAllByTestId('fmlops-portfolio-row')
    .map(row => within(row).getByRole('link').textContent);

async function choose(testId: string, option: string) {
  await userEvent.click(within(screen.getByTestId(testId)).getByRole('button'));
  await userEvent.click(screen.getByRole('option', { name: option }));
  await userEvent.keyboard('{Escape}');
}

describe('PortfolioPage', () => {
  it('lists every model, worst health first, linking to its MLOps tab', async () => {
    serve(demoPortfolio);
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');
    expect(rowNames()).toEqual([
      'Wire fraud detector',
      'Market abuse detector',
      'Trade anomaly detector',
      'ACH payment anomaly',
      'Card fraud detector',
    ]);
    expect(
      screen.getByRole('link', { name: 'Wire fraud detector' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/wire-fraud-detector/mlops',
    );
    const ach = screen.getAllByTestId('fmlops-portfolio-row')[3];
    expect(ach).toHaveTextContent('v3 / v4');
    expect(ach).toHaveTextContent('promote: baking');
    expect(screen.getByTestId('fmlops-portfolio-counts')).toHaveTextContent(
      '1 critical2 warning2 healthy0 unknown',
    );
  });

  it('shows the health of each environment of a model in several, and none for the others', async () => {
    serve({
      ...demoPortfolio,
      items: [...demoPortfolio.items, paymentsPortfolioItem],
    });
    await render();
    const rows = await screen.findAllByTestId('fmlops-portfolio-row');
    const payments = rows.find(row =>
      within(row).queryByRole('link', { name: 'Payments fraud scorer' }),
    )!;
    const chips = within(payments).getAllByTestId(
      'fmlops-portfolio-env-health',
    );
    expect(chips.map(chip => chip.textContent)).toEqual([
      'dev: healthy',
      'acc: warning',
      'prd: healthy',
    ]);
    expect(chips[1]).toHaveAttribute('title', 'drift job: last run 12 FAILED');
    const others = rows.filter(row => row !== payments);
    for (const row of others) {
      expect(
        within(row).queryByTestId('fmlops-portfolio-env-health'),
      ).toBeNull();
    }
  });

  it('says under each health why, the first reason and how many more', async () => {
    serve(demoPortfolio);
    await render();
    const market = (await screen.findAllByTestId('fmlops-portfolio-row'))[1];
    expect(
      within(market).getByTestId('fmlops-health-reason'),
    ).toHaveTextContent('silver: valid_price 82% < 95% (+1 more)');
  });

  it('filters by health, drift, workspace and owner, and searches', async () => {
    serve(demoPortfolio);
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');

    await choose('fmlops-filter-drift', 'drift');
    expect(rowNames()).toEqual(['Trade anomaly detector']);
    await choose('fmlops-filter-drift', 'drift');

    await choose('fmlops-filter-owner', 'payments-ml');
    expect(rowNames()).toEqual(['Wire fraud detector', 'ACH payment anomaly']);
    await choose('fmlops-filter-health', 'critical');
    expect(rowNames()).toEqual(['Wire fraud detector']);
    await choose('fmlops-filter-owner', 'All');
    await choose('fmlops-filter-health', 'critical');

    await userEvent.type(
      screen.getByTestId('fmlops-portfolio-search'),
      'cards',
    );
    await waitFor(() => expect(rowNames()).toEqual(['Card fraud detector']));
    expect(screen.getByText('1 of 5 models')).toBeInTheDocument();

    await userEvent.clear(screen.getByTestId('fmlops-portfolio-search'));
    await choose('fmlops-filter-workspace', 'dev');
    expect(rowNames()).toHaveLength(5);
  });

  it('pages through 500 models and filters across all of them', async () => {
    serve(generatePortfolio(500));
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');
    expect(screen.getAllByTestId('fmlops-portfolio-row')).toHaveLength(25);
    expect(screen.getByText('1-25 of 500')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('26-50 of 500')).toBeInTheDocument();

    await userEvent.type(
      screen.getByTestId('fmlops-portfolio-search'),
      'model-0499',
    );
    await waitFor(() => expect(rowNames()).toEqual(['Model 499']));
    expect(screen.getByText('1-1 of 1')).toBeInTheDocument();
  });

  it('shows a stale banner and retries after an error', async () => {
    let fail = true;
    server.use(
      http.get(`${BASE_URL}/models`, () =>
        fail
          ? HttpResponse.json(
              {
                error: { name: 'Error', message: 'catalog unreachable' },
                response: { statusCode: 500 },
              },
              { status: 500 },
            )
          : HttpResponse.json({
              ...demoPortfolio,
              freshness: {
                ...demoPortfolio.freshness,
                stale: true,
                ageSeconds: 7200,
                source: 'snapshot',
              },
            }),
      ),
    );
    await render();
    expect(
      (await screen.findAllByText(/catalog unreachable/)).length,
    ).toBeGreaterThan(0);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('fmlops-stale-banner')).toHaveTextContent(
      '2 h old',
    );
  });

  it('keeps the models on screen when a refresh fails', async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE_URL}/models`, () => {
        requests += 1;
        return requests === 1
          ? HttpResponse.json(demoPortfolio)
          : HttpResponse.json(
              {
                error: { name: 'Error', message: 'catalog unreachable' },
                response: { statusCode: 503 },
              },
              { status: 503 },
            );
      }),
    );
    await renderFmlops(<PortfolioPage pollIntervalMs={50} />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    await screen.findAllByTestId('fmlops-portfolio-row');
    // a third request starts only once the failed second one has settled
    await waitFor(() => expect(requests).toBeGreaterThan(2));
    expect(screen.getAllByTestId('fmlops-portfolio-row')).toHaveLength(5);
    expect(screen.queryByText(/catalog unreachable/)).not.toBeInTheDocument();
  });
});
