import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  achOverview,
  driftComparison,
  WINDOWS,
} from '../../../dev/__data__/overview';
import { ACH_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { DriftCard } from './DriftCard';

const server = setupServer();
registerMswTestHooks(server);

async function choose(testId: string, option: string) {
  await userEvent.click(within(screen.getByTestId(testId)).getByRole('button'));
  await userEvent.click(screen.getByRole('option', { name: option }));
}

describe('DriftCard', () => {
  beforeEach(() =>
    server.use(
      http.get(`${ACH_URL}/overview`, () => HttpResponse.json(achOverview)),
    ),
  );

  it('shows PSI and Jensen-Shannon per feature with their status', async () => {
    await renderFmlops(<DriftCard />);
    const rows = await screen.findAllByTestId('fmlops-drift-feature-row');
    expect(rows.map(r => r.dataset.status)).toEqual([
      'drift',
      'warning',
      'stable',
    ]);
    expect(within(rows[0]).getByText('0.240')).toBeInTheDocument();
    expect(within(rows[0]).getByText('0.120')).toBeInTheDocument();
    expect(within(rows[0]).getByText('drift')).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('img', { name: 'PSI trend of amount' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Max PSI and JS distance per window, with thresholds',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/1 feature in drift · max PSI 0.240/),
    ).toBeInTheDocument();
  });

  it('opens a feature row to its reference and current distribution: histograms for numbers, bars for categories', async () => {
    await renderFmlops(<DriftCard />);
    await screen.findAllByTestId('fmlops-drift-feature-row');
    expect(
      screen.queryByTestId('fmlops-feature-distribution'),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show the distribution of amount' }),
    );
    const amount = screen.getByRole('img', {
      name: 'Reference and current distribution of amount',
    });
    expect(amount).toHaveAttribute('data-chart', 'histograms');
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show the distribution of merchant_category',
      }),
    );
    expect(
      screen.getByRole('img', {
        name: 'Reference and current distribution of merchant_category',
      }),
    ).toHaveAttribute('data-chart', 'bars');
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show the distribution of hour_of_day',
      }),
    );
    expect(
      screen.getByText(
        'The drift job kept no histogram of hour_of_day for this window.',
      ),
    ).toBeInTheDocument();
  });

  it('compares two chosen windows feature by feature', async () => {
    let asked: URLSearchParams | undefined;
    server.use(
      http.get(`${ACH_URL}/drift/compare`, ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json(driftComparison);
      }),
    );
    await renderFmlops(<DriftCard />);
    await screen.findAllByTestId('fmlops-drift-feature-row');
    const compare = screen.getByRole('button', { name: 'Compare' });
    expect(compare).toBeDisabled();

    await choose('fmlops-drift-compare-from', '2026-11-20 00:00 UTC');
    await choose('fmlops-drift-compare-to', '2026-11-20 00:00 UTC');
    expect(
      screen.getByText('Choose two different windows.'),
    ).toBeInTheDocument();
    expect(compare).toBeDisabled();

    await choose('fmlops-drift-compare-to', '2026-11-20 03:00 UTC');
    await userEvent.click(compare);
    const table = await screen.findByTestId('fmlops-drift-compare-table');
    expect(asked?.get('from')).toBe(WINDOWS[0]);
    expect(asked?.get('to')).toBe(WINDOWS[3]);
    const rows = within(table).getAllByTestId('fmlops-drift-compare-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('amount')).toBeInTheDocument();
    expect(within(rows[0]).getByText('0.310')).toBeInTheDocument();
    expect(within(rows[1]).getByText('stable')).toBeInTheDocument();
    expect(screen.getByTestId('fmlops-drift-histogram')).toBeInTheDocument();
    expect(screen.getByText('amount: share of each bin')).toBeInTheDocument();

    await userEvent.click(rows[1]);
    expect(
      screen.getByText('merchant_category: share of each bin'),
    ).toBeInTheDocument();
  });

  it('shows the backend message when a window has no histograms', async () => {
    server.use(
      http.get(`${ACH_URL}/drift/compare`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No histograms for window 2026-11-20T00:00:00.000Z',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderFmlops(<DriftCard />);
    await screen.findAllByTestId('fmlops-drift-feature-row');
    await choose('fmlops-drift-compare-from', '2026-11-20 00:00 UTC');
    await choose('fmlops-drift-compare-to', '2026-11-20 01:00 UTC');
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    await waitFor(() =>
      expect(
        screen.getByText('No histograms for window 2026-11-20T00:00:00.000Z'),
      ).toBeInTheDocument(),
    );
  });
});
