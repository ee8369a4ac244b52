import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  Operation,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import { achOverview, canaryOperation } from '../../../dev/__data__/overview';
import { ACH_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { ModelOperationsProvider } from '../../hooks/useModelOperations';
import { OperationsCard } from './OperationsCard';

const server = setupServer();
registerMswTestHooks(server);

function serve(options: { active?: Operation[]; respond?: Operation } = {}) {
  const posted: OperationRequest[] = [];
  server.use(
    http.get(`${ACH_URL}/overview`, () => HttpResponse.json(achOverview)),
    http.get(`${ACH_URL}/operations`, () =>
      HttpResponse.json({ items: options.active ?? [] }),
    ),
    http.post(`${ACH_URL}/operations`, async ({ request }) => {
      posted.push((await request.json()) as OperationRequest);
      return HttpResponse.json(options.respond ?? canaryOperation, {
        status: 202,
      });
    }),
  );
  return posted;
}

const button = (name: string) => screen.getByRole('button', { name });

describe('OperationsCard', () => {
  it('refuses a rollback without a reason', async () => {
    const posted = serve({
      respond: { ...canaryOperation, type: 'rollback', phase: 'applying' },
    });
    await renderFmlops(<OperationsCard />);
    await waitFor(() => expect(button('Roll back')).toBeEnabled());
    await userEvent.click(button('Roll back'));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
    const reason = within(
      within(dialog).getByTestId('fmlops-reason-input'),
    ).getByRole('textbox', { name: 'Reason (required)' });
    expect(confirm).toBeDisabled();
    expect(
      within(dialog).getByText(
        'Required: say why, it goes into the deployment history.',
      ),
    ).toBeInTheDocument();

    await userEvent.type(reason, '   ');
    expect(confirm).toBeDisabled();
    expect(posted).toEqual([]);

    await userEvent.type(reason, 'p99 doubled on v4');
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(posted).toEqual([
        { type: 'rollback', reason: 'p99 doubled on v4' },
      ]),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the split sliders at 100 % and submits the new split', async () => {
    const posted = serve({
      respond: { ...canaryOperation, type: 'set-split', phase: 'applying' },
    });
    await renderFmlops(<OperationsCard />);
    await waitFor(() => expect(button('Adjust split')).toBeEnabled());
    await userEvent.click(button('Adjust split'));
    const dialog = screen.getByRole('dialog');
    const apply = within(dialog).getByRole('button', { name: 'Apply split' });
    const challenger = within(dialog).getByRole('slider', {
      name: 'Traffic to v4 (challenger)',
    });
    const champion = within(dialog).getByRole('slider', {
      name: 'Traffic to v3 (champion)',
    });
    expect(champion).toHaveAttribute('aria-valuenow', '90');
    expect(
      within(dialog).getByText('This is the current split.'),
    ).toBeInTheDocument();

    fireEvent.keyDown(challenger, { key: 'PageUp' });
    expect(challenger).toHaveAttribute('aria-valuenow', '20');
    expect(champion).toHaveAttribute('aria-valuenow', '80');

    const input = within(dialog).getByLabelText(
      'Percentage for v4 (challenger)',
    );
    fireEvent.change(input, { target: { value: '35' } });
    expect(champion).toHaveAttribute('aria-valuenow', '65');
    expect(within(dialog).getByTestId('fmlops-split-total')).toHaveTextContent(
      'Total: 100 %',
    );

    await userEvent.click(apply);
    await waitFor(() =>
      expect(posted).toEqual([
        {
          type: 'set-split',
          routes: [
            { modelVersion: '3', trafficPercentage: 65 },
            { modelVersion: '4', trafficPercentage: 35 },
          ],
        },
      ]),
    );
  });

  it('adds a registry version and rebalances when one is removed', async () => {
    serve();
    await renderFmlops(<OperationsCard />);
    await waitFor(() => expect(button('Adjust split')).toBeEnabled());
    await userEvent.click(button('Adjust split'));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Add a version/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'v2' }));
    expect(within(dialog).getAllByTestId('fmlops-split-route')).toHaveLength(3);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove v3 (champion)' }),
    );
    expect(
      within(dialog).getByRole('slider', {
        name: 'Traffic to v4 (challenger)',
      }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(within(dialog).getByTestId('fmlops-split-total')).toHaveTextContent(
      'Total: 100 %',
    );
  });

  it('follows a running operation until it ends and reports the outcome', async () => {
    let polls = 0;
    serve({ active: [canaryOperation] });
    server.use(
      http.get(`${ACH_URL}/operations/op-1`, () => {
        polls += 1;
        return HttpResponse.json(
          polls < 2
            ? {
                ...canaryOperation,
                stepIndex: 1,
                history: [
                  ...canaryOperation.history,
                  {
                    at: '2026-11-20T05:00:00.000Z',
                    phase: 'baking',
                    message: 'Step 2 of 3: 50 % to v4',
                  },
                ],
              }
            : {
                ...canaryOperation,
                status: 'succeeded',
                phase: 'done',
                message: 'v4 is the champion',
              },
        );
      }),
    );
    const { alertApi } = await renderFmlops(
      <ModelOperationsProvider pollIntervalMs={50}>
        <OperationsCard />
      </ModelOperationsProvider>,
    );
    const progress = await screen.findByTestId('fmlops-operation-progress');
    expect(progress).toHaveTextContent('Promotion running: baking');
    expect(button('Pause')).toBeEnabled();
    expect(button('Resume')).toBeDisabled();
    expect(button('Roll back')).toBeDisabled();
    expect(button('Roll back')).toHaveAttribute(
      'aria-description',
      'Another operation is active: promotion (running, baking). Wait for it or abort it.',
    );
    await waitFor(() =>
      expect(screen.getByTestId('fmlops-operation-progress')).toHaveTextContent(
        'Step 2 of 3: 50 % to v4',
      ),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'Promotion succeeded: v4 is the champion',
          severity: 'success',
        }),
      ),
    );
    expect(screen.getByText('No operation is running.')).toBeInTheDocument();
    expect(screen.getByTestId('fmlops-last-operation')).toHaveTextContent(
      'Promotion succeeded: done',
    );
    expect(button('Roll back')).toBeEnabled();
  });

  it('disables what the user may not do, with the reason', async () => {
    serve();
    await renderFmlops(<OperationsCard />, {
      deny: ['fmlops.model.rollback', 'fmlops.model.retrain'],
    });
    await waitFor(() => expect(button('Adjust split')).toBeEnabled());
    expect(button('Roll back')).toHaveAttribute(
      'aria-description',
      'You are not allowed to roll this model back.',
    );
    expect(button('Retrain')).toHaveAttribute(
      'aria-description',
      'You are not allowed to retrain this model.',
    );
  });
});
