import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  AuditEvent,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  achEvaluation,
  canaryOperation,
  rejectedEvaluation,
} from '../../../dev/__data__/overview';
import { ACH_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { ChampionChallengerCard } from './ChampionChallengerCard';

const server = setupServer();
registerMswTestHooks(server);

function serve(options: {
  evaluation?: typeof achEvaluation;
  active?: (typeof canaryOperation)[];
  history?: AuditEvent[];
}) {
  const posted: OperationRequest[] = [];
  server.use(
    http.get(`${ACH_URL}/evaluation`, () =>
      HttpResponse.json(options.evaluation ?? achEvaluation),
    ),
    http.get(`${ACH_URL}/operations`, () =>
      HttpResponse.json({ items: options.active ?? [] }),
    ),
    http.post(`${ACH_URL}/operations`, async ({ request }) => {
      posted.push((await request.json()) as OperationRequest);
      return HttpResponse.json(canaryOperation, { status: 202 });
    }),
    http.get(`${ACH_URL}/operations/op-1`, () =>
      HttpResponse.json(canaryOperation),
    ),
    http.get(`${ACH_URL}/history`, () =>
      HttpResponse.json({ items: options.history ?? [] }),
    ),
  );
  return posted;
}

const promoteButton = () => screen.getByRole('button', { name: /^Promote/ });

describe('ChampionChallengerCard', () => {
  it('shows each gate check with value, baseline, threshold and result', async () => {
    serve({ evaluation: rejectedEvaluation });
    await renderFmlops(<ChampionChallengerCard />);
    const rows = await screen.findAllByTestId('fmlops-gate-row');
    expect(rows).toHaveLength(3);
    const failing = rows.find(r => r.dataset.passed === 'false')!;
    expect(
      within(failing).getByText('beats the champion by'),
    ).toBeInTheDocument();
    expect(within(failing).getByText('0.781')).toBeInTheDocument();
    expect(within(failing).getByText('0.780')).toBeInTheDocument();
    expect(within(failing).getByText('0.005')).toBeInTheDocument();
    expect(within(failing).getByText('Failed')).toBeInTheDocument();
    expect(screen.getByTestId('fmlops-gate-decision')).toHaveTextContent(
      'does not pass the promotion gate: pr_auc improves on the champion (0.78) by 0.001, needs 0.005',
    );
    expect(promoteButton()).toBeDisabled();
    expect(promoteButton()).toHaveAttribute(
      'aria-description',
      'The challenger does not pass the promotion gate.',
    );
  });

  it('disables Promote and says why when the permission is denied', async () => {
    serve({});
    await renderFmlops(<ChampionChallengerCard />, {
      deny: ['fmlops.model.promote'],
    });
    await screen.findAllByTestId('fmlops-gate-row');
    await waitFor(() =>
      expect(promoteButton()).toHaveAttribute(
        'aria-description',
        'You are not allowed to promote this model (or pause, resume and abort its rollouts).',
      ),
    );
    expect(promoteButton()).toBeDisabled();
    await userEvent.hover(promoteButton().parentElement!);
    expect(
      await screen.findByRole('tooltip', { name: /not allowed to promote/ }),
    ).toBeInTheDocument();
  });

  it('disables Promote while another operation is active', async () => {
    serve({ active: [canaryOperation] });
    await renderFmlops(<ChampionChallengerCard />);
    await waitFor(() =>
      expect(promoteButton()).toHaveAttribute(
        'aria-description',
        'Another operation is active: promotion (running, baking). Wait for it or abort it.',
      ),
    );
  });

  it('starts a canary promotion with the chosen steps', async () => {
    const posted = serve({});
    const { alertApi } = await renderFmlops(<ChampionChallengerCard />);
    await waitFor(() => expect(promoteButton()).toBeEnabled());
    await userEvent.click(promoteButton());
    const steps = screen.getByTestId('fmlops-canary-steps');
    expect(steps).toHaveValue('10, 50, 100');
    await userEvent.clear(steps);
    await userEvent.type(steps, '20, 10');
    expect(
      screen.getByRole('button', { name: 'Start promotion' }),
    ).toBeDisabled();
    expect(screen.getByText('Steps must increase.')).toBeInTheDocument();
    expect(posted).toHaveLength(0);

    await userEvent.clear(steps);
    await userEvent.type(steps, '25, 100');
    await userEvent.click(
      screen.getByRole('button', { name: 'Start promotion' }),
    );
    await waitFor(() =>
      expect(posted).toEqual([
        { type: 'promote', strategy: 'canary', steps: [25, 100] },
      ]),
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Promotion started' }),
    );
  });

  it('warns that the challenger was rolled back, with the evidence and a link, and asks a reason to promote it again', async () => {
    const ACH_REF = achEvaluation.entityRef;
    const before = [
      { modelVersion: '3', trafficPercentage: 80 },
      { modelVersion: '4', trafficPercentage: 20 },
    ];
    const after = [{ modelVersion: '3', trafficPercentage: 100 }];
    const reason = 'v4 degrades against the champion v3: error rate 1.20%';
    const posted = serve({
      history: [
        {
          id: 'e2',
          entityRef: ACH_REF,
          operationId: 'op-9',
          type: 'rollback',
          actor: 'fmlops:guardian',
          reason,
          outcome: 'succeeded',
          at: '2026-11-20T10:02:00.000Z',
          before,
          after,
        },
        {
          id: 'e1',
          entityRef: ACH_REF,
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
      ],
    });
    await renderFmlops(<ChampionChallengerCard />);
    const warning = await screen.findByTestId('fmlops-challenger-rejected');
    expect(warning).toHaveTextContent(`Challenger v4 was rolled back on`);
    expect(warning).toHaveTextContent(reason);
    expect(warning).toHaveTextContent('health-check: p99 973 ms > 500 ms');
    expect(
      within(warning).getByRole('link', {
        name: 'See it in the deployment history',
      }),
    ).toHaveAttribute('href', '#fmlops-history-op-op-9');

    await waitFor(() => expect(promoteButton()).toBeEnabled());
    await userEvent.click(promoteButton());
    expect(screen.getByTestId('fmlops-promote-warning')).toHaveTextContent(
      'v4 was taken out of serving',
    );
    const start = screen.getByRole('button', { name: 'Start promotion' });
    expect(start).toBeDisabled();
    await userEvent.click(
      screen.getByRole('textbox', { name: /Reason \(required\)/ }),
    );
    await userEvent.paste('fixed the connection pool');
    await userEvent.click(start);
    await waitFor(() =>
      expect(posted[0]).toMatchObject({
        type: 'promote',
        reason: 'fixed the connection pool',
      }),
    );
  });

  it('reports a refused promotion with the backend message', async () => {
    serve({});
    server.use(
      http.post(`${ACH_URL}/operations`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'Another operation is active: rollback op-9',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const { alertApi } = await renderFmlops(<ChampionChallengerCard />);
    await waitFor(() => expect(promoteButton()).toBeEnabled());
    await userEvent.click(promoteButton());
    await userEvent.click(screen.getByLabelText(/Direct/));
    await userEvent.click(
      screen.getByRole('button', { name: 'Start promotion' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message:
            'Promotion refused: Another operation is active: rollback op-9',
          severity: 'error',
        }),
      ),
    );
  });
});
