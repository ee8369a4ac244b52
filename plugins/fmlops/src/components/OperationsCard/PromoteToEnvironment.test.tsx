import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { Operation } from '@fmlops/backstage-plugin-fmlops-common';
import {
  awaitingPromotion,
  paymentsEntity,
} from '../../../dev/__data__/environments';
import { renderFmlops } from '../../__testUtils__/renderFmlops';
import { LocationProbe, serveModel } from '../../__testUtils__/serveModel';
import { MlopsContent } from '../MlopsContent';

const server = setupServer();
registerMswTestHooks(server);

/** Serves payments-fraud-scorer in dev, acc and prd; returns every posted request with its env. */
const serve = (active: Record<string, Operation[]> = {}) =>
  serveModel(server, { active }).posted;

async function renderIn(
  env: string,
  options: { user?: string; deny?: string[] } = {},
) {
  return renderFmlops(
    <>
      <MlopsContent pollIntervalMs={0} />
      <LocationProbe />
    </>,
    { entity: paymentsEntity, routeEntries: [`/?env=${env}`], ...options },
  );
}

const button = (name: string) => screen.getByRole('button', { name });

describe('promotion between environments', () => {
  it('promotes the chosen version of dev into acc, asking acc', async () => {
    const posted = serve();
    await renderIn('dev');
    await waitFor(() => expect(button('Promote to acc')).toBeEnabled());
    await userEvent.click(button('Promote to acc'));
    const dialog = screen.getByRole('dialog');
    expect(
      await within(dialog).findByTestId('fmlops-promote-approval'),
    ).toHaveTextContent(
      'The policy of acc (“payments”) needs no approval: the version is copied into acc, checked against its gate and rolled out.',
    );
    const version = within(dialog).getByRole('combobox', {
      name: 'Version of dev to promote',
    });
    // the champion is proposed first
    expect(version).toHaveValue('1');
    await userEvent.selectOptions(version, 'v2 (challenger)');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      'v2 beat v1 in dev',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote to acc' }),
    );
    await waitFor(() =>
      expect(posted).toEqual([
        {
          env: 'acc',
          body: {
            type: 'promote-to-env',
            sourceEnvironment: 'dev',
            sourceVersion: '2',
            reason: 'v2 beat v1 in dev',
          },
        },
      ]),
    );
    // the tab follows the promotion into acc
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?env=acc'),
    );
    expect(screen.getByRole('tab', { name: 'acc' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('says when the next environment’s policy requires an approval, and offers nothing after prd', async () => {
    serve();
    const { unmount } = await renderIn('acc');
    await waitFor(() => expect(button('Promote to prd')).toBeEnabled());
    await userEvent.click(button('Promote to prd'));
    expect(
      await within(screen.getByRole('dialog')).findByTestId(
        'fmlops-promote-approval',
      ),
    ).toHaveTextContent(
      'The policy of prd (“payments-prd”) requires approval: the promotion waits until another owner or an admin approves it',
    );
    unmount();

    await renderIn('prd');
    await waitFor(() => expect(button('Retrain')).toBeEnabled());
    expect(screen.queryByTestId('fmlops-action-promote-to-env')).toBeNull();
  });

  it('greys the promotion out with the reason when it is not allowed', async () => {
    serve();
    await renderIn('dev', { deny: ['fmlops.model.promote'] });
    await waitFor(() =>
      expect(button('Promote to acc')).toHaveAttribute(
        'aria-description',
        'You are not allowed to promote this model (or pause, resume and abort its rollouts).',
      ),
    );
    expect(button('Promote to acc')).toBeDisabled();
  });

  it('lets no one approve their own promotion', async () => {
    serve({ prd: [awaitingPromotion] });
    await renderIn('prd', { user: 'user:default/guest' });
    const progress = await screen.findByTestId('fmlops-operation-progress');
    expect(progress).toHaveTextContent(
      'Promotion from acc to prd awaiting approval: waiting for another owner or an admin to approve',
    );
    expect(progress).toHaveTextContent(/Requested by guest at .*acc ran clean/);
    expect(progress).toHaveTextContent(
      'Version copied from fmlops_acc.payments.payments_fraud_scorer v1 (acc), run run-pfs-1',
    );
    await waitFor(() =>
      expect(button('Approve')).toHaveAttribute(
        'aria-description',
        'You requested this promotion; another owner or an admin approves it.',
      ),
    );
    expect(button('Approve')).toBeDisabled();
    expect(button('Reject')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
  });

  it('lets another owner approve, with a reason, in the promotion’s environment', async () => {
    const posted = serve({ prd: [awaitingPromotion] });
    await renderIn('prd', { user: 'user:default/reviewer' });
    await waitFor(() => expect(button('Approve')).toBeEnabled());
    await userEvent.click(button('Approve'));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Approve' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason (required)' }),
      'acc metrics hold',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(posted).toEqual([
        { env: 'prd', body: { type: 'approve', reason: 'acc metrics hold' } },
      ]),
    );
  });

  it('keeps approving to those allowed to', async () => {
    serve({ prd: [awaitingPromotion] });
    await renderIn('prd', {
      user: 'user:default/reviewer',
      deny: ['fmlops.model.approve'],
    });
    await waitFor(() =>
      expect(button('Reject')).toHaveAttribute(
        'aria-description',
        'You are not allowed to approve or reject promotions of this model.',
      ),
    );
  });
});
