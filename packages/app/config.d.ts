export interface Config {
  auth?: {
    providers?: {
      /**
       * The local reviewer sign-in (app-config.local.yaml): the sign-in page offers it when set.
       */
      reviewer?: {
        /**
         * The catalog user the reviewer signs in as.
         * @visibility frontend
         */
        userEntityRef: string;
      };
    };
  };
}
