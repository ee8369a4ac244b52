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
      /**
       * Several workspaces instead of one (e.g. dev, acc, prd), each on its own port with its own
       * endpoints, jobs, runs, experiments and pipelines, sharing one Unity Catalog metastore. Then
       * `port`, `scenarios` and `syntheticModels` above are ignored; each workspace names its own.
       * Name each under `fmlops.workspaces.<alias>` with host http://127.0.0.1:<port>.
       */
      workspaces?: Array<{
        /** e.g. dev, acc, prd */
        alias: string;
        /** Default: 8787 for the first, each next one the port after the previous. */
        port?: number;
        /**
         * Default: the built-in scenarios of this alias (scenarios/environments/), and for the
         * first workspace every other built-in one too.
         */
        scenarios?: string[];
        syntheticModels?: number;
      }>;
    };
  };
}
