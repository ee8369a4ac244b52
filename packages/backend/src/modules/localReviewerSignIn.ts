import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** The sign-in page's second card calls this provider (`/api/auth/reviewer/refresh`). */
export const REVIEWER_PROVIDER_ID = 'reviewer';

// Nothing to check: whoever reaches the provider signs in (hence development only, below).
const passwordlessAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize() {},
  async authenticate() {
    return { result: {} };
  },
});

// Unlike the guest, no fallback identity: the user must be in the catalog, so its groups (and with
// them what it may approve) come from the catalog.
function signInAsConfiguredUser(config: Config): SignInResolver<{}> {
  const userEntityRef = config.getString('userEntityRef');
  return async (_, ctx) =>
    ctx.signInWithCatalogUser({ entityRef: userEntityRef });
}

/**
 * A second password-less local identity besides the guest (`auth.providers.reviewer.userEntityRef`),
 * so that a second person can approve what the guest asked for (a promotion into prd needs
 * someone other than its requester). Registered only when app-config.local.yaml configures it, and,
 * like the guest, only in development.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'fmlops-local-reviewer',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const providerConfig = config.getOptionalConfig(
          `auth.providers.${REVIEWER_PROVIDER_ID}`,
        );
        if (!providerConfig) {
          return;
        }
        // A password-less sign-in never runs in production (the guest provider refuses too).
        if (process.env.NODE_ENV !== 'development') {
          logger.warn(
            `auth.providers.${REVIEWER_PROVIDER_ID} is ignored outside development`,
          );
          return;
        }
        providers.registerProvider({
          providerId: REVIEWER_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: passwordlessAuthenticator,
            signInResolver: signInAsConfiguredUser(providerConfig),
          }),
        });
      },
    });
  },
});
