import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readWorkspaces } from './config';
import { DatabricksGateway } from './DatabricksGateway';

/**
 * The Databricks gateway as a backend service. Root-scoped, so every plugin and module of a
 * backend shares one SDK client and one circuit breaker per workspace.
 *
 * @public
 */
export const databricksGatewayServiceRef = createServiceRef<DatabricksGateway>({
  id: 'fmlops.databricks-gateway',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        return DatabricksGateway.create({
          workspaces: readWorkspaces(config),
          logger: logger.child({ service: 'fmlops-databricks-gateway' }),
        });
      },
    }),
});
