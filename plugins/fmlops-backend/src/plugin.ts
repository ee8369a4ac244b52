import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { fmlopsPermissions } from '@fmlops/backstage-plugin-fmlops-common';
import { createRouter } from './router';

/**
 * The fmlops backend: reads models' MLOps state from Databricks and operates them.
 *
 * @public
 */
export const fmlopsPlugin = createBackendPlugin({
  pluginId: 'fmlops',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(fmlopsPermissions);
        httpRouter.use(await createRouter());
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
