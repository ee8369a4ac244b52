import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readWorkspaces } from './config';
import { DatabricksGateway } from './DatabricksGateway';
import { WorkspacePool } from './WorkspacePool';

/**
 * The Databricks gateway as a plugin-scoped backend service. The workspaces' SDK clients and
 * circuit breakers live in a root context, so every plugin and module of a backend shares one
 * connection pool and one view of each workspace's health; each plugin logs through its own
 * logger.
 *
 * @public
 */
export const databricksGatewayServiceRef = createServiceRef<DatabricksGateway>({
  id: 'fmlops.databricks-gateway',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        rootConfig: coreServices.rootConfig,
        rootLogger: coreServices.rootLogger,
        logger: coreServices.logger,
      },
      createRootContext({ rootConfig, rootLogger }) {
        return new WorkspacePool(
          readWorkspaces(rootConfig),
          rootLogger.child({ service: 'fmlops-databricks-gateway' }),
        );
      },
      factory({ logger }, pool) {
        return DatabricksGateway.create({ workspaces: pool, logger });
      },
    }),
});
