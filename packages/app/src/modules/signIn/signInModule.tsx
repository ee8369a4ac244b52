import {
  ApiBlueprint,
  BackstageIdentityApi,
  configApiRef,
  createApiRef,
  createFrontendModule,
  discoveryApiRef,
  ProfileInfoApi,
  SessionApi,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { ProxiedAuth } from './ProxiedAuth';

/** The local reviewer (packages/backend/src/modules/localReviewerSignIn.ts). */
export const reviewerAuthApiRef = createApiRef<
  ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'fmlops.auth.reviewer' });

const reviewerAuthApi = ApiBlueprint.make({
  name: 'reviewer-auth',
  params: defineParams =>
    defineParams({
      api: reviewerAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) =>
        new ProxiedAuth({ discoveryApi, provider: 'reviewer' }),
    }),
});

/**
 * The guest, and, where the local set-up configures it (`auth.providers.reviewer`), a second
 * local identity: the reviewer who approves what the guest asks for.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      return function FmlopsSignInPage(props: SignInPageProps) {
        const reviewer = useApi(configApiRef).getOptionalString(
          'auth.providers.reviewer.userEntityRef',
        );
        return (
          <SignInPage
            {...props}
            providers={
              reviewer
                ? [
                    'guest',
                    {
                      id: 'reviewer',
                      title: 'Reviewer',
                      message: `Sign in as ${reviewer}, who approves promotions (local only)`,
                      apiRef: reviewerAuthApiRef,
                    },
                  ]
                : ['guest']
            }
          />
        );
      };
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [reviewerAuthApi, signInPage],
});
