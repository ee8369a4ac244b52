import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/fmlops',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const fmlopsPlugin = createFrontendPlugin({
  pluginId: 'fmlops',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
