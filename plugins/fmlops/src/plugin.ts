import {
  createComponentExtension,
  createPlugin,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * fmlops for the legacy frontend system.
 *
 * @public
 */
export const fmlopsPlugin = createPlugin({
  id: 'fmlops',
  routes: { root: rootRouteRef },
});

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
