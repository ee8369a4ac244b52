import { act, screen, waitFor } from '@testing-library/react';
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

const samples = () =>
  Number(
    /samples:(\d+)/.exec(screen.getByTestId('probe').textContent ?? '')?.[1] ??
      0,
  );

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
    // one sample per poll, up to the history length
    await waitFor(() => expect(samples()).toBeGreaterThanOrEqual(3), {
      timeout: 3000,
    });
    expect(samples()).toBeLessThanOrEqual(30);
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('stops polling while the page is hidden and refreshes when it is shown', async () => {
    await renderFmlops(
      <OverviewProvider pollIntervalMs={40}>
        <Probe />
      </OverviewProvider>,
    );
    await waitFor(() => expect(samples()).toBeGreaterThanOrEqual(1));
    act(() => setVisibility('hidden'));
    // a request already on its way may still land
    await act(() => new Promise(resolve => setTimeout(resolve, 50)));
    const hiddenAt = calls;
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    expect(calls).toBe(hiddenAt);

    act(() => setVisibility('visible'));
    await act(() => new Promise(resolve => setTimeout(resolve, 20)));
    expect(calls).toBeGreaterThan(hiddenAt);
  });
});
