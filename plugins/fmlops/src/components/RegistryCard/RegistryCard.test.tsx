import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  paymentsEntity,
  paymentsOverview,
} from '../../../dev/__data__/environments';
import { PAYMENTS_URL, renderFmlops } from '../../__testUtils__/renderFmlops';
import { RegistryCard } from './RegistryCard';

const server = setupServer();
registerMswTestHooks(server);

describe('RegistryCard', () => {
  it('says where a copied version came from', async () => {
    server.use(
      http.get(`${PAYMENTS_URL}/overview`, ({ request }) =>
        HttpResponse.json(
          paymentsOverview(new URL(request.url).searchParams.get('env')!),
        ),
      ),
    );
    await renderFmlops(<RegistryCard />, {
      entity: paymentsEntity,
      routeEntries: ['/?env=prd'],
    });
    const [v1] = await screen.findAllByTestId('fmlops-registry-version');
    expect(within(v1).getByText('champion')).toBeInTheDocument();
    expect(within(v1).getByTestId('fmlops-registry-lineage')).toHaveTextContent(
      'copied from fmlops_acc.payments.payments_fraud_scorer v1 (acc), run run-pfs-1',
    );
  });

  it('names the run of a version trained in its own environment', async () => {
    server.use(
      http.get(`${PAYMENTS_URL}/overview`, () =>
        HttpResponse.json(paymentsOverview('dev')),
      ),
    );
    await renderFmlops(<RegistryCard />, {
      entity: paymentsEntity,
      routeEntries: ['/?env=dev'],
    });
    const rows = await screen.findAllByTestId('fmlops-registry-version');
    expect(
      rows.map(
        row => within(row).getByTestId('fmlops-registry-lineage').textContent,
      ),
    ).toEqual(['run run-pfs-2', 'run run-pfs-1']);
  });
});
