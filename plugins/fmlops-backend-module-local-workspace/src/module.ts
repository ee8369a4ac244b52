import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_PORT,
  DEFAULT_TOKEN,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';

/**
 * Starts the local Databricks workspace inside the backend when `fmlops.localWorkspace.enabled`
 * is true, before the fmlops plugin starts (a plugin's modules initialise first), and stops it
 * with the backend. The gateway knows nothing of it: the local config names it as a workspace host.
 *
 * @public
 */
export const fmlopsModuleLocalWorkspace = createBackendModule({
  pluginId: 'fmlops',
  moduleId: 'local-workspace',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const local = config.getOptionalConfig('fmlops.localWorkspace');
        if (!local?.getOptionalBoolean('enabled')) {
          return;
        }
        // several workspaces (dev, acc, prd) share one metastore; each names its own port
        const workspaces = local
          .getOptionalConfigArray('workspaces')
          ?.map(w => ({
            alias: w.getString('alias'),
            port: w.getOptionalNumber('port'),
            scenarios: w.getOptionalStringArray('scenarios'),
            syntheticModels: w.getOptionalNumber('syntheticModels'),
          }));
        const workspace = await startLocalWorkspace({
          port: local.getOptionalNumber('port') ?? DEFAULT_PORT,
          token: local.getOptionalString('token') ?? DEFAULT_TOKEN,
          timeScale: local.getOptionalNumber('timeScale') ?? 1,
          scenarios: local.getOptionalStringArray('scenarios'),
          syntheticModels: local.getOptionalNumber('syntheticModels'),
          stateFile: local.getOptionalString('stateFile'),
          ...(workspaces ? { workspaces } : {}),
          // it reports its address and models itself
          log: line => logger.info(line),
        });
        lifecycle.addShutdownHook(() => workspace.stop());
      },
    });
  },
});
