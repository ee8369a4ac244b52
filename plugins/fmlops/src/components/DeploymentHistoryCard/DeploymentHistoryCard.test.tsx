import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { AuditEvent } from '@fmlops/backstage-plugin-fmlops-common';
import { paymentsEntity } from '../../../dev/__data__/environments';
import {
  ACH_URL,
  PAYMENTS_URL,
  renderFmlops,
} from '../../__testUtils__/renderFmlops';
import { DeploymentHistoryCard } from './DeploymentHistoryCard';

const server = setupServer();
registerMswTestHooks(server);

const REF = 'resource:default/ach-payment-anomaly';
const reason = 'v4 degrades against the champion v3: p99 973 ms';
const split80 = [
  { modelVersion: '3', trafficPercentage: 80 },
  { modelVersion: '4', trafficPercentage: 20 },
];
const split100 = [{ modelVersion: '3', trafficPercentage: 100 }];

// newest first, as the API lists it: the guardian's decision, the rollback it started, its end
const history: AuditEvent[] = [
  {
    id: 'e3',
    entityRef: REF,
    operationId: 'op-9',
    type: 'rollback',
    actor: 'fmlops:guardian',
    reason,
    outcome: 'succeeded',
    at: '2026-11-20T10:02:00.000Z',
    before: split80,
    after: split100,
  },
  {
    id: 'e2',
    entityRef: REF,
    operationId: 'op-9',
    type: 'rollback',
    actor: 'fmlops:guardian',
    reason,
    outcome: 'started',
    at: '2026-11-20T10:00:01.000Z',
    before: split80,
    after: split100,
  },
  {
    id: 'e1',
    entityRef: REF,
    operationId: 'op-9',
    type: 'auto-rollback',
    actor: 'fmlops:guardian',
    reason,
    outcome: 'started',
    at: '2026-11-20T10:00:00.000Z',
    evidence: [
      {
        at: '2026-11-20T10:00:00.000Z',
        kind: 'health-check',
        summary: 'p99 973 ms > 500 ms',
      },
    ],
  },
  {
    id: 'e0',
    entityRef: REF,
    type: 'alias-sync',
    actor: 'fmlops:guardian',
    reason: 'v3 serves all traffic; champion alias moved from v2',
    outcome: 'recorded',
    at: '2026-11-19T10:00:00.000Z',
  },
];

describe('DeploymentHistoryCard', () => {
  it('shows one entry per decision, expandable to its steps and evidence', async () => {
    server.use(
      http.get(`${ACH_URL}/history`, () =>
        HttpResponse.json({ items: history }),
      ),
      http.get(`${ACH_URL}/operations`, () => HttpResponse.json({ items: [] })),
    );
    await renderFmlops(<DeploymentHistoryCard />);
    const entries = await screen.findAllByTestId('fmlops-history-entry');
    expect(entries).toHaveLength(2);
    const [rollback] = entries;
    // other cards link to the decision by this anchor
    expect(rollback.querySelector('#fmlops-history-op-op-9')).not.toBeNull();
    expect(rollback).toHaveTextContent(
      'Automatic rollback by guardian (automatic)',
    );
    expect(rollback).toHaveTextContent('succeeded');
    expect(rollback).toHaveTextContent('v3 80 % · v4 20 % → v3 100 %');
    expect(
      within(rollback).queryByTestId('fmlops-history-steps'),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(rollback).getByRole('button', {
        name: 'Show steps (3) and evidence (1)',
      }),
    );
    expect(within(rollback).getAllByTestId('fmlops-history-step')).toHaveLength(
      3,
    );
    expect(
      within(rollback).getByTestId('fmlops-history-evidence'),
    ).toHaveTextContent('health-check: p99 973 ms > 500 ms');
  });

  it('names the environment of each entry of a model in several environments', async () => {
    server.use(
      http.get(`${PAYMENTS_URL}/operations`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${PAYMENTS_URL}/history`, () =>
        HttpResponse.json({
          items: [
            {
              id: 'p1',
              entityRef: 'resource:default/payments-fraud-scorer',
              operationId: 'op-21',
              environment: 'prd',
              type: 'promote-to-env',
              actor: 'user:default/guest',
              reason: 'acc ran clean for a week',
              outcome: 'started',
              at: '2026-12-02T06:00:00.000Z',
            },
          ] satisfies AuditEvent[],
        }),
      ),
    );
    await renderFmlops(<DeploymentHistoryCard />, { entity: paymentsEntity });
    const [entry] = await screen.findAllByTestId('fmlops-history-entry');
    expect(entry).toHaveTextContent(
      'Promotion from another environment by guest',
    );
    expect(
      within(entry).getByTestId('fmlops-history-environment'),
    ).toHaveTextContent('in prd');
  });
});
