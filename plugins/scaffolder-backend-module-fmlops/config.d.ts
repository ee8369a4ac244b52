export interface Config {
  fmlops?: {
    scaffolder?: {
      /**
       * Folder that `fmlops:publish:local` publishes generated projects into, one sub-folder per
       * repository name, and the only folder `fmlops:catalog:register-local` registers from.
       * Relative paths resolve against the backend's working directory.
       * Default: `<os tmp>/fmlops-published`.
       * @visibility backend
       */
      localPublishDir?: string;
      /**
       * Path of the official Databricks bundle JSON schema (`databricks bundle schema`):
       * `fmlops:bundle:validate` then checks each rendered configuration file against it. Its
       * licence keeps it out of fmlops. Default: the environment variable FMLOPS_BUNDLE_SCHEMA,
       * else none (the action checks only the structure its other checks rely on).
       * @visibility backend
       */
      bundleSchemaPath?: string;
    };
  };
}
