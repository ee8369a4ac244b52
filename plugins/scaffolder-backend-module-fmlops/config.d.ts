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
    };
  };
}
