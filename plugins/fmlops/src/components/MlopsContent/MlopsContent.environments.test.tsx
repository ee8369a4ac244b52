import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  paymentsEntity,
  paymentsStatuses,
} from '../../../dev/__data__/environments';
import {
  ACH_URL,
  PAYMENTS_URL,
  renderFmlops,
} from '../../__testUtils__/renderFmlops';
import { LocationProbe, serveModel } from '../../__testUtils__/serveModel';
import { MlopsContent } from './MlopsContent';

const server = setupServer();
registerMswTestHooks(server);

/** Serves a model and records the `env` of every request to its routes (null: none given). */
const serve = (url: string) => serveModel(server, { url }).requested;

const tab = (name: string) => screen.getByRole('tab', { name });

describe('MlopsContent across environments', () => {
  it('lists the environments in promotion order and opens prd', async () => {
    const envs = serve(PAYMENTS_URL);
    await renderFmlops(<MlopsContent pollIntervalMs={0} />, {
      entity: paymentsEntity,
    });
    const tabs = within(
      screen.getByRole('tablist', { name: 'Environment' }),
    ).getAllByRole('tab');
    expect(tabs.map(t => t.getAttribute('aria-label'))).toEqual([
      'dev',
      'acc',
      'prd',
    ]);
    expect(tab('prd')).toHaveAttribute('aria-selected', 'true');
    await screen.findByTestId('fmlops-split-bar');
    await waitFor(() => expect(envs.history).toBeDefined());
    // every card asks for prd (two cards read the history)
    for (const route of ['overview', 'evaluation', 'operations', 'history']) {
      expect(new Set(envs[route])).toEqual(new Set(['prd']));
    }
    expect(
      screen.getByText('fmlops_prd.payments.payments_fraud_scorer'),
    ).toBeInTheDocument();
  });

  it('opens the environment a link names and keeps the choice in the URL', async () => {
    const envs = serve(PAYMENTS_URL);
    await renderFmlops(
      <>
        <MlopsContent pollIntervalMs={0} />
        <LocationProbe />
      </>,
      { entity: paymentsEntity, routeEntries: ['/?env=acc'] },
    );
    expect(tab('acc')).toHaveAttribute('aria-selected', 'true');
    await screen.findByText('fmlops_acc.payments.payments_fraud_scorer');
    expect(envs.overview).toEqual(['acc']);

    await userEvent.click(tab('dev'));
    expect(screen.getByTestId('location')).toHaveTextContent('?env=dev');
    expect(tab('dev')).toHaveAttribute('aria-selected', 'true');
    await screen.findByText('fmlops_dev.payments.payments_fraud_scorer');
    await waitFor(() => expect(envs.overview).toEqual(['acc', 'dev']));
    await waitFor(() => expect(envs.operations).toContain('dev'));
  });

  it('shows every environment’s champion, health with its reasons and drift at once', async () => {
    serve(PAYMENTS_URL);
    await renderFmlops(<MlopsContent pollIntervalMs={0} />, {
      entity: paymentsEntity,
    });
    const acc = tab('acc');
    await within(acc).findByText('Champion v1');
    expect(within(acc).getByTestId('fmlops-env-health')).toHaveTextContent(
      'warning',
    );
    expect(within(acc).getByTestId('fmlops-env-health')).toHaveAttribute(
      'title',
      'drift job: last run 12 FAILED',
    );
    expect(within(acc).getByTestId('fmlops-env-drift')).toHaveTextContent(
      'warning',
    );
    expect(
      within(tab('prd')).getByTestId('fmlops-env-health'),
    ).toHaveTextContent('healthy');
  });

  it('looks as before for a model in one environment', async () => {
    const envs = serve(ACH_URL);
    await renderFmlops(<MlopsContent pollIntervalMs={0} />);
    await screen.findByTestId('fmlops-split-bar');
    await waitFor(() => expect(envs.history).toBeDefined());
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();
    expect(new Set([...envs.overview, ...envs.history])).toEqual(
      new Set([null]),
    );
    expect(envs.environments).toBeUndefined();
  });

  it('keeps the strip current as the tab polls, by default as often as the overview', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      serve(PAYMENTS_URL);
      let champion = '1';
      server.use(
        http.get(`${PAYMENTS_URL}/environments`, () =>
          HttpResponse.json({
            items: paymentsStatuses.map(status =>
              status.name === 'prd'
                ? { ...status, championVersion: champion }
                : status,
            ),
          }),
        ),
      );
      await renderFmlops(<MlopsContent />, { entity: paymentsEntity });
      await waitFor(() => expect(tab('prd')).toHaveTextContent('Champion v1'));
      // a promotion into prd ends: the champion alias moves
      champion = '2';
      jest.advanceTimersByTime(10_000);
      await waitFor(() => expect(tab('prd')).toHaveTextContent('Champion v2'));
    } finally {
      jest.useRealTimers();
    }
  });
});
