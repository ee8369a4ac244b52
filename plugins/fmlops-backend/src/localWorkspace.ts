import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { LOCAL_WORKSPACE_DEFAULTS } from '@fmlops/backstage-plugin-fmlops-node';
import { startLocalWorkspace } from '@fmlops/databricks-emulator';

/**
 * Starts the local Databricks workspace inside the backend when `fmlops.localWorkspace.enabled`
 * is true (the local demo: `./fmlops start` needs no workspace of its own). Workspaces without a
 * `host` point at it (see the gateway's configuration).
 */
export async function startConfiguredLocalWorkspace(
  config: Config,
  logger: LoggerService,
) {
  const local = config.getOptionalConfig('fmlops.localWorkspace');
  if (!local?.getOptionalBoolean('enabled')) {
    return undefined;
  }
  const workspace = await startLocalWorkspace({
    port: local.getOptionalNumber('port') ?? LOCAL_WORKSPACE_DEFAULTS.port,
    token: local.getOptionalString('token') ?? LOCAL_WORKSPACE_DEFAULTS.token,
    timeScale: local.getOptionalNumber('timeScale') ?? 1,
    scenarios: local.getOptionalStringArray('scenarios'),
    syntheticModels: local.getOptionalNumber('syntheticModels'),
    stateFile: local.getOptionalString('stateFile'),
    log: line => logger.info(line),
  });
  logger.info(
    `fmlops local Databricks workspace on ${
      workspace.url
    } (token ${workspace.token.slice(0, 5)}…, ${
      workspace.state.scenarios.length
    } models)`,
  );
  return workspace;
}
