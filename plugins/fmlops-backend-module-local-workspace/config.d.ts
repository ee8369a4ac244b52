export interface Config {
  fmlops?: {
    /**
     * The local Databricks workspace (packages/databricks-emulator), started inside the backend by
     * this module. Only the local set-up (app-config.local.yaml) adds it; name it as a workspace's
     * host under `fmlops.workspaces` (http://127.0.0.1:<port>, token <token>).
     */
    localWorkspace?: {
      /** Start it. Default false. */
      enabled?: boolean;
      /** Port on 127.0.0.1. Default 8787. */
      port?: number;
      /**
       * The personal access token it accepts. Default dapi-fmlops-local.
       * @visibility secret
       */
      token?: string;
      /** Emulated seconds per real second (job runs, bakes and drift windows move faster). Default 1. */
      timeScale?: number;
      /** Scenario names or YAML files to load. Default: every built-in scenario. */
      scenarios?: string[];
      /** Extra synthetic models, for portfolio load tests. */
      syntheticModels?: number;
      /** Keep the workspace state in this JSON file across restarts. */
      stateFile?: string;
    };
  };
}
