import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { FmlopsClient, fmlopsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * fmlops for the legacy frontend system.
 *
 * @public
 */
export const fmlopsPlugin = createPlugin({
  id: 'fmlops',
  apis: [
    createApiFactory({
      api: fmlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FmlopsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The portfolio page: every model with its health. Mount it at a route, e.g. `/fmlops`.
 *
 * @public
 */
export const FmlopsPortfolioPage = fmlopsPlugin.provide(
  createRoutableExtension({
    name: 'FmlopsPortfolioPage',
    component: () =>
      import('./components/PortfolioPage').then(m => m.PortfolioPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The MLOps tab of an `ml-model` resource (or its `ml-pipeline` component).
 *
 * @public
 */
export const EntityFmlopsContent = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsContent',
    component: {
      lazy: () => import('./components/MlopsContent').then(m => m.MlopsContent),
    },
  }),
);

/**
 * Serving: the live traffic split, endpoint state, latency and error sparklines.
 *
 * @public
 */
export const EntityFmlopsServingCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsServingCard',
    component: {
      lazy: () =>
        import('./components/ServingSplitCard').then(m => m.ServingSplitCard),
    },
  }),
);

/**
 * Champion vs challenger: the promotion gate and the Promote action.
 *
 * @public
 */
export const EntityFmlopsChampionChallengerCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsChampionChallengerCard',
    component: {
      lazy: () =>
        import('./components/ChampionChallengerCard').then(
          m => m.ChampionChallengerCard,
        ),
    },
  }),
);

/**
 * The tournament leaderboard.
 *
 * @public
 */
export const EntityFmlopsLeaderboardCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsLeaderboardCard',
    component: {
      lazy: () =>
        import('./components/LeaderboardCard').then(m => m.LeaderboardCard),
    },
  }),
);

/**
 * Feature drift (PSI, Jensen-Shannon), its trend and window comparison.
 *
 * @public
 */
export const EntityFmlopsDriftCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsDriftCard',
    component: {
      lazy: () => import('./components/DriftCard').then(m => m.DriftCard),
    },
  }),
);

/**
 * The DLT pipeline's health: bronze, silver, gold and their expectations.
 *
 * @public
 */
export const EntityFmlopsPipelineHealthCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsPipelineHealthCard',
    component: {
      lazy: () =>
        import('./components/PipelineHealthCard').then(
          m => m.PipelineHealthCard,
        ),
    },
  }),
);

/**
 * The deployment history: who did what, when and why.
 *
 * @public
 */
export const EntityFmlopsDeploymentHistoryCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsDeploymentHistoryCard',
    component: {
      lazy: () =>
        import('./components/DeploymentHistoryCard').then(
          m => m.DeploymentHistoryCard,
        ),
    },
  }),
);

/**
 * Operations: the running one with live progress, split, rollback, retrain.
 *
 * @public
 */
export const EntityFmlopsOperationsCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsOperationsCard',
    component: {
      lazy: () =>
        import('./components/OperationsCard').then(m => m.OperationsCard),
    },
  }),
);

/**
 * Where the model lives in Databricks.
 *
 * @public
 */
export const EntityFmlopsModelCoordinatesCard = fmlopsPlugin.provide(
  createComponentExtension({
    name: 'EntityFmlopsModelCoordinatesCard',
    component: {
      lazy: () =>
        import('./components/ModelCoordinatesCard').then(
          m => m.ModelCoordinatesCard,
        ),
    },
  }),
);
