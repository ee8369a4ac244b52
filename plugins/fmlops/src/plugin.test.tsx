import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import { achEvaluation, achOverview } from '../dev/__data__/overview';
import { ACH_URL, renderFmlops } from './__testUtils__/renderFmlops';
import {
  EntityFmlopsContent,
  EntityFmlopsDriftCard,
  fmlopsPlugin,
} from './plugin';

const server = setupServer();
registerMswTestHooks(server);

describe('fmlops for the legacy frontend system', () => {
  beforeEach(() =>
    server.use(
      http.get(`${ACH_URL}/overview`, () => HttpResponse.json(achOverview)),
      http.get(`${ACH_URL}/evaluation`, () =>
        HttpResponse.json({
          ...achEvaluation,
          challenger: undefined,
          checks: [],
          decision: 'no-challenger',
          reasons: [],
        }),
      ),
      http.get(`${ACH_URL}/operations`, () => HttpResponse.json({ items: [] })),
      http.get(`${ACH_URL}/history`, () => HttpResponse.json({ items: [] })),
    ),
  );

  it('provides the backend client and the portfolio route', () => {
    expect(fmlopsPlugin.getId()).toBe('fmlops');
    expect([...fmlopsPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.fmlops.api',
    ]);
    expect(fmlopsPlugin.routes.root).toBeDefined();
  });

  it('lazy-loads the MLOps tab', async () => {
    await renderFmlops(<EntityFmlopsContent pollIntervalMs={0} />);
    expect(await screen.findByTestId('fmlops-split-bar')).toBeInTheDocument();
    expect(
      await screen.findByText(/There is no challenger/),
    ).toBeInTheDocument();
  });

  it('lazy-loads a card on its own', async () => {
    await renderFmlops(<EntityFmlopsDriftCard title="Feature drift" />);
    expect(await screen.findByText('Feature drift')).toBeInTheDocument();
    expect(
      await screen.findAllByTestId('fmlops-drift-feature-row'),
    ).toHaveLength(3);
  });
});
