import { act, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import { achOverview } from '../../dev/__data__/overview';
import { ACH_URL, renderFmlops } from '../__testUtils__/renderFmlops';
import { OverviewProvider, useOverview } from './useOverview';

const server = setupServer();
registerMswTestHooks(server);

const Probe = () => {
  const { overview, metricsHistory } = useOverview();
  return (
    <div data-testid="probe">
      {overview ? `samples:${metricsHistory['3']?.length ?? 0}` : 'loading'}
    </div>
  );
};

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('useOverview', () => {
  let calls = 0;
  beforeEach(() => {
    calls = 0;
    setVisibility('visible');
    server.use(
      http.get(`${ACH_URL}/overview`, () => {
        calls += 1;
        // a new fetch time per poll, as the backend's freshness says
        return HttpResponse.json({
          ...achOverview,
          freshness: {
            ...achOverview.freshness,
            fetchedAt: new Date(
              Date.UTC(2026, 10, 20, 4, 0, calls),
            ).toISOString(),
          },
        });
      }),
    );
  });
  afterEach(() => setVisibility('visible'));

  it('polls while the page is visible and collects samples for the sparklines', async () => {
    await renderFmlops(
      <OverviewProvider pollIntervalMs={40}>
        <Probe />
      </OverviewProvider>,
    );
    expect(
      await screen.findByText('samples:3', undefined, { timeout: 2000 }),
    ).toBeInTheDocument();
  });

  it('stops polling while the page is hidden and refreshes when it is shown', async () => {
    await renderFmlops(
      <OverviewProvider pollIntervalMs={40}>
        <Probe />
      </OverviewProvider>,
    );
    await screen.findByText('samples:1');
    act(() => setVisibility('hidden'));
    const hiddenAt = calls;
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    expect(calls).toBe(hiddenAt);

    act(() => setVisibility('visible'));
    await act(() => new Promise(resolve => setTimeout(resolve, 20)));
    expect(calls).toBeGreaterThan(hiddenAt);
  });
});
