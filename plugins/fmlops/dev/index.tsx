import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  ApiBlueprint,
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import plugin from '../src/alpha';
import { fmlopsApiRef } from '../src/api';
import { MlopsContent } from '../src/components/MlopsContent';
import { achPaymentEntity } from './__data__/entities';
import { paymentsEntity, paymentsPortfolioItem } from './__data__/environments';
import { MockFmlopsApi } from './__data__/MockFmlopsApi';
import {
  demoPortfolioItems,
  generatePortfolioItems,
} from './__data__/portfolio';

/**
 * The dev app: the plugin against an in-memory backend. `/fmlops` is the portfolio (500
 * generated models with `?large`), `/fmlops-dev/model` the MLOps tab of the canary demo model,
 * `/fmlops-dev/environments` that of the model in dev, acc and prd.
 */
const large = new URLSearchParams(window.location.search).has('large');

const devModule = createFrontendModule({
  pluginId: 'fmlops',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: fmlopsApiRef,
          deps: {},
          factory: () =>
            new MockFmlopsApi(
              large
                ? generatePortfolioItems(500)
                : [...demoPortfolioItems, paymentsPortfolioItem],
            ),
        }),
    }),
    PageBlueprint.make({
      name: 'dev-model',
      params: {
        path: '/fmlops-dev/model',
        title: 'MLOps tab (demo model)',
        loader: async () => (
          <EntityProvider entity={achPaymentEntity}>
            <MlopsContent pollIntervalMs={3000} />
          </EntityProvider>
        ),
      },
    }),
    PageBlueprint.make({
      name: 'dev-environments',
      params: {
        path: '/fmlops-dev/environments',
        title: 'MLOps tab (dev, acc, prd)',
        loader: async () => (
          <EntityProvider entity={paymentsEntity}>
            <MlopsContent pollIntervalMs={3000} />
          </EntityProvider>
        ),
      },
    }),
  ],
});

createDevApp({ features: [plugin, devModule] });
