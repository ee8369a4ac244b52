import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import { achOverview } from '../../../dev/__data__/overview';
import { ACH_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { LeaderboardCard } from './LeaderboardCard';

const server = setupServer();
registerMswTestHooks(server);

const algorithms = () =>
  screen
    .getAllByTestId('fmlops-leaderboard-row')
    .map(row => within(row).getAllByRole('cell')[0].textContent?.trim());

describe('LeaderboardCard', () => {
  beforeEach(() =>
    server.use(
      http.get(`${ACH_URL}/overview`, () => HttpResponse.json(achOverview)),
    ),
  );

  it('ranks by the primary metric and highlights the winner', async () => {
    await renderFmlops(<LeaderboardCard />);
    await screen.findAllByTestId('fmlops-leaderboard-row');
    expect(algorithms()).toEqual([
      'XGBoost Winner',
      'LightGBM',
      'Random Forest',
      'Isolation Forest',
    ]);
    const winner = screen
      .getAllByTestId('fmlops-leaderboard-row')
      .find(r => r.dataset.winner === 'true')!;
    expect(
      within(winner).getByRole('link', { name: /xgboost/ }),
    ).toHaveAttribute(
      'href',
      'http://127.0.0.1:8787/ml/experiments/1003/runs/run-xgb-2',
    );
  });

  it('sorts by a column, and back', async () => {
    await renderFmlops(<LeaderboardCard />);
    await screen.findAllByTestId('fmlops-leaderboard-row');
    await userEvent.click(screen.getByRole('button', { name: 'Recall' }));
    expect(algorithms()).toEqual([
      'LightGBM',
      'XGBoost Winner',
      'Random Forest',
      'Isolation Forest',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Recall' }));
    expect(algorithms()[0]).toBe('Isolation Forest');
    await userEvent.click(screen.getByRole('button', { name: 'Algorithm' }));
    expect(algorithms()[0]).toBe('XGBoost Winner');
  });

  it('switches to an earlier tournament', async () => {
    await renderFmlops(<LeaderboardCard />);
    await screen.findAllByTestId('fmlops-leaderboard-row');
    await userEvent.click(
      within(screen.getByTestId('fmlops-tournament-select')).getByRole(
        'button',
      ),
    );
    await userEvent.click(screen.getByRole('option', { name: /run 87001/ }));
    expect(algorithms()).toEqual(['LightGBM Winner', 'XGBoost']);
  });
});
