import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { readWorkspaces } from './config';
import { DatabricksGateway } from './DatabricksGateway';
import { WorkspacePool } from './gateway/WorkspacePool';

/**
 * The workspaces' SDK clients and circuit breakers live in a root context, so every plugin and
 * module of a backend shares one connection pool and one view of each workspace's health; each
 * plugin's gateway logs through that plugin's logger.
 */
function gatewayServiceFactory(
  service: ServiceRef<DatabricksGateway, 'plugin', 'singleton'>,
) {
  return createServiceFactory({
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
  });
}

/**
 * The Databricks gateway as a plugin-scoped backend service, configured by
 * `fmlops.workspaces`.
 *
 * @public
 */
export const databricksGatewayServiceRef = createServiceRef<DatabricksGateway>({
  id: 'fmlops.databricks-gateway',
  scope: 'plugin',
  defaultFactory: async service => gatewayServiceFactory(service),
});

/**
 * The default factory of {@link databricksGatewayServiceRef}, for backends that list their
 * service factories explicitly.
 *
 * @public
 */
export const databricksGatewayServiceFactory = gatewayServiceFactory(
  databricksGatewayServiceRef,
);
