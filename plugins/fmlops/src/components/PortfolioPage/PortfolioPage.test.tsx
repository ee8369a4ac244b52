import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  Freshness,
  Portfolio,
  PortfolioItem,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  demoFreshness,
  demoPortfolioItems,
  generatePortfolioItems,
  portfolioOf,
  portfolioQueryOf,
} from '../../../dev/__data__/portfolio';
import { paymentsPortfolioItem } from '../../../dev/__data__/environments';
import { BASE_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { PortfolioPage } from './PortfolioPage';

const server = setupServer();
registerMswTestHooks(server);

/**
 * Serves `models` as the backend does (filtered, sorted and paged by the request's query) and
 * records the query of every request, e.g. `limit=25&health=critical`.
 */
const servePortfolio = (
  models: PortfolioItem[],
  options: {
    freshness?: Freshness;
    /** called before answering, e.g. to hold a response back */
    before?: (query: URLSearchParams) => Promise<void> | void;
  } = {},
) => {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(`${BASE_URL}/models`, async ({ request }) => {
      const url = new URL(request.url);
      requests.push(url.searchParams);
      await options.before?.(url.searchParams);
      return HttpResponse.json(
        portfolioOf(models, portfolioQueryOf(url), options.freshness),
      );
    }),
  );
  return requests;
};

const queries = (requests: URLSearchParams[]) =>
  requests.map(query => query.toString());

const render = (props: { pageSize?: number; pollIntervalMs?: number } = {}) =>
  renderFmlops(<PortfolioPage pollIntervalMs={0} {...props} />, {
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

/** Waits for the rows of the answer to the last request. */
const rowsSettle = () =>
  waitFor(() =>
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument(),
  );

describe('PortfolioPage', () => {
  it('asks for the first page and lists it, worst health first, linking to each MLOps tab', async () => {
    const requests = servePortfolio(demoPortfolioItems);
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');
    expect(queries(requests)).toEqual(['offset=0&limit=25']);
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
    expect(screen.getByText('5 of 5 models')).toBeInTheDocument();
  });

  it('shows the counts, the totals and the rows the backend answers, in its order', async () => {
    const answer: Portfolio = {
      // the page is the backend's: the frontend neither sorts nor counts it
      items: [demoPortfolioItems[0], demoPortfolioItems[3]],
      total: 60,
      offset: 0,
      limit: 10,
      counts: { critical: 7, warning: 11, unknown: 3, healthy: 99 },
      facets: {
        workspaces: ['acc', 'dev'],
        owners: ['group:default/fraud-ml', 'group:default/risk-ml'],
      },
      freshness: demoFreshness,
    };
    server.use(http.get(`${BASE_URL}/models`, () => HttpResponse.json(answer)));
    await render({ pageSize: 10 });
    await screen.findAllByTestId('fmlops-portfolio-row');
    expect(rowNames()).toEqual(['Card fraud detector', 'Wire fraud detector']);
    expect(screen.getByTestId('fmlops-portfolio-counts')).toHaveTextContent(
      '7 critical11 warning99 healthy3 unknown',
    );
    expect(screen.getByText('60 of 120 models')).toBeInTheDocument();
    expect(screen.getByText('1-10 of 60')).toBeInTheDocument();
    // the menus offer the facets of the whole portfolio, not of the page
    await userEvent.click(
      within(screen.getByTestId('fmlops-filter-owner')).getByRole('button'),
    );
    expect(
      screen.getAllByRole('option').map(option => option.textContent),
    ).toEqual(['All', 'fraud-ml', 'risk-ml']);
  });

  it('shows the health of each environment of a model in several, and none for the others', async () => {
    servePortfolio([...demoPortfolioItems, paymentsPortfolioItem]);
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
    servePortfolio(demoPortfolioItems);
    await render();
    const market = (await screen.findAllByTestId('fmlops-portfolio-row'))[1];
    expect(
      within(market).getByTestId('fmlops-health-reason'),
    ).toHaveTextContent('silver: valid_price 82% < 95% (+1 more)');
  });

  it('asks the backend for the health, drift, workspace and owner chosen', async () => {
    const requests = servePortfolio(demoPortfolioItems);
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');

    await choose('fmlops-filter-drift', 'drift');
    await waitFor(() => expect(rowNames()).toEqual(['Trade anomaly detector']));
    expect(requests.at(-1)?.get('drift')).toBe('drift');
    await choose('fmlops-filter-drift', 'drift');

    await choose('fmlops-filter-owner', 'payments-ml');
    await waitFor(() =>
      expect(rowNames()).toEqual([
        'Wire fraud detector',
        'ACH payment anomaly',
      ]),
    );
    expect(requests.at(-1)?.get('owner')).toBe('group:default/payments-ml');
    expect(screen.getByText('2 of 5 models')).toBeInTheDocument();

    await choose('fmlops-filter-health', 'critical');
    await waitFor(() => expect(rowNames()).toEqual(['Wire fraud detector']));
    expect(queries(requests).at(-1)).toBe(
      'offset=0&limit=25&health=critical&owner=group%3Adefault%2Fpayments-ml',
    );
    await choose('fmlops-filter-owner', 'All');
    await choose('fmlops-filter-health', 'critical');

    await choose('fmlops-filter-workspace', 'dev');
    await waitFor(() => expect(requests.at(-1)?.get('workspace')).toBe('dev'));
    await rowsSettle();
    expect(rowNames()).toHaveLength(5);
  });

  it('asks for the health of a chip clicked, from the first page, and for all again on a second click', async () => {
    const requests = servePortfolio(generatePortfolioItems(60));
    await render({ pageSize: 10 });
    await screen.findAllByTestId('fmlops-portfolio-row');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(rowNames()[0]).toBe('Model 42'));

    await userEvent.click(screen.getByRole('button', { name: '15 critical' }));
    await waitFor(() =>
      expect(screen.getByText('15 of 60 models')).toBeInTheDocument(),
    );
    expect(queries(requests).at(-1)).toBe('offset=0&limit=10&health=critical');
    expect(screen.getByText('1-10 of 15')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: '15 critical' }));
    await waitFor(() =>
      expect(screen.getByText('60 of 60 models')).toBeInTheDocument(),
    );
    expect(queries(requests).at(-1)).toBe('offset=0&limit=10');
  });

  it('searches once typing pauses, from the first page', async () => {
    const requests = servePortfolio(generatePortfolioItems(500));
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(screen.getByText('26-50 of 500')).toBeInTheDocument(),
    );

    await userEvent.type(
      screen.getByTestId('fmlops-portfolio-search'),
      'model-0499',
    );
    await waitFor(() => expect(rowNames()).toEqual(['Model 499']));
    expect(screen.getByText('1-1 of 1')).toBeInTheDocument();
    expect(screen.getByText('1 of 500 models')).toBeInTheDocument();
    // one request for the whole word, not one per key
    expect(queries(requests)).toEqual([
      'offset=0&limit=25',
      'offset=25&limit=25',
      'offset=0&limit=25&search=model-0499',
    ]);
  });

  it('pages through 500 models a page at a time, showing the last page until the next arrives', async () => {
    let release: () => void = () => {};
    const requests = servePortfolio(generatePortfolioItems(500), {
      before: query =>
        query.get('offset') === '25'
          ? new Promise(resolve => {
              release = resolve;
            })
          : undefined,
    });
    await render();
    await screen.findAllByTestId('fmlops-portfolio-row');
    expect(screen.getAllByTestId('fmlops-portfolio-row')).toHaveLength(25);
    expect(screen.getByText('1-25 of 500')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(queries(requests).at(-1)).toBe('offset=25&limit=25'),
    );
    // the first page stays while the second loads
    expect(screen.getByRole('progressbar')).toBeInTheDocument();
    expect(rowNames()).toHaveLength(25);
    expect(rowNames()[0]).toBe('Model 2');

    release();
    await rowsSettle();
    expect(screen.getByText('26-50 of 500')).toBeInTheDocument();
    expect(rowNames()).toHaveLength(25);
    expect(rowNames()[0]).not.toBe('Model 2');
  });

  it('refreshes the page shown as it polls', async () => {
    const requests = servePortfolio(generatePortfolioItems(60));
    await render({ pageSize: 10, pollIntervalMs: 50 });
    await screen.findAllByTestId('fmlops-portfolio-row');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    const asked = requests.length;
    await waitFor(() => expect(requests.length).toBeGreaterThan(asked + 1));
    expect(queries(requests).slice(asked)).toEqual(
      Array(requests.length - asked).fill('offset=10&limit=10'),
    );
    expect(screen.getByText('11-20 of 60')).toBeInTheDocument();
  });

  it('asks again within seconds while pipelines and jobs are still being read', async () => {
    const models = generatePortfolioItems(3);
    let pending = true;
    const requests: URLSearchParams[] = [];
    server.use(
      http.get(`${BASE_URL}/models`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url.searchParams);
        const answer = portfolioOf(
          pending
            ? models.map(m => ({
                ...m,
                healthReasons: ['pipeline and job runs not read yet'],
              }))
            : models,
          portfolioQueryOf(url),
        );
        const activityPending = pending ? models.length : 0;
        pending = false;
        return HttpResponse.json({ ...answer, activityPending });
      }),
    );
    await render({ pollIntervalMs: 600_000 });
    expect(
      (await screen.findAllByText('pipeline and job runs not read yet')).length,
    ).toBeGreaterThan(0);
    await waitFor(
      () =>
        expect(
          screen.queryByText('pipeline and job runs not read yet'),
        ).not.toBeInTheDocument(),
      { timeout: 6_000 },
    );
    expect(requests).toHaveLength(2);
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
          : HttpResponse.json(
              portfolioOf(
                demoPortfolioItems,
                {},
                {
                  ...demoFreshness,
                  stale: true,
                  ageSeconds: 7200,
                  source: 'snapshot',
                },
              ),
            ),
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
          ? HttpResponse.json(portfolioOf(demoPortfolioItems))
          : HttpResponse.json(
              {
                error: { name: 'Error', message: 'catalog unreachable' },
                response: { statusCode: 503 },
              },
              { status: 503 },
            );
      }),
    );
    await render({ pollIntervalMs: 50 });
    await screen.findAllByTestId('fmlops-portfolio-row');
    // a third request starts only once the failed second one has settled
    await waitFor(() => expect(requests).toBeGreaterThan(2));
    expect(screen.getAllByTestId('fmlops-portfolio-row')).toHaveLength(5);
    expect(screen.queryByText(/catalog unreachable/)).not.toBeInTheDocument();
  });

  it('says so when the page asked for fails, and keeps the last one on screen', async () => {
    server.use(
      http.get(`${BASE_URL}/models`, ({ request }) =>
        new URL(request.url).searchParams.has('offset', '10')
          ? HttpResponse.json(
              {
                error: { name: 'Error', message: 'catalog unreachable' },
                response: { statusCode: 503 },
              },
              { status: 503 },
            )
          : HttpResponse.json(
              portfolioOf(
                generatePortfolioItems(60),
                portfolioQueryOf(new URL(request.url)),
              ),
            ),
      ),
    );
    await render({ pageSize: 10 });
    await screen.findAllByTestId('fmlops-portfolio-row');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      (await screen.findAllByText(/catalog unreachable/)).length,
    ).toBeGreaterThan(0);
    expect(rowNames()).toHaveLength(10);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
