import { ReactNode } from 'react';
import type { RenderResult } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
  TestAppOptions,
} from '@backstage/test-utils';
import { SWRConfig } from 'swr';
import { cardFraudEntity } from '../../dev/__data__/entities';
import { FmlopsClient, fmlopsApiRef } from '../api';

/** Where the tests' fake backend lives; msw handlers match on it. */
export const BASE_URL = 'http://localhost:7007/api/fmlops';
export const ACH_URL = `${BASE_URL}/models/resource/default/ach-payment-anomaly`;
/** the demo model in three environments (dev/__data__/environments.ts) */
export const PAYMENTS_URL = `${BASE_URL}/models/resource/default/payments-fraud-scorer`;

export const achEntity: Entity = {
  ...cardFraudEntity,
  metadata: {
    ...cardFraudEntity.metadata,
    name: 'ach-payment-anomaly',
  },
};

export interface RenderOptions {
  entity?: Entity;
  /** a permission name to deny, or a decision for every permission */
  deny?: string[];
  routeEntries?: string[];
  /** who is signed in (default `user:default/guest`) */
  user?: string;
  mountedRoutes?: TestAppOptions['mountedRoutes'];
}

/**
 * Renders fmlops components the way the app does: the real client over fetch (msw answers at
 * the network level), the entity in context, permissions and a spy alert API.
 */
export async function renderFmlops(
  element: ReactNode,
  options: RenderOptions = {},
): Promise<
  RenderResult & {
    alertApi: { post: jest.Mock; alert$: jest.Mock };
    client: FmlopsClient;
  }
> {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const client = new FmlopsClient({
    discoveryApi,
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  const deny = new Set(options.deny ?? []);
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [fmlopsApiRef, client],
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, { fetch }],
        [alertApiRef, alertApi],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: options.user ?? 'user:default/guest',
          }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              deny.has(request.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      {/* a fresh permission cache per render, so one test's decisions do not leak into the next */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={options.entity ?? achEntity}>
          {element}
        </EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: options.mountedRoutes,
    },
  );
  return { ...rendered, alertApi, client };
}
