import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { fmlopsMutatingPermissions } from '@fmlops/backstage-plugin-fmlops-common';

const mutatingPermissionNames = new Set(
  fmlopsMutatingPermissions.map(p => p.name),
);

/**
 * The portal's permission policy: anyone signed in may read, and only a model's owners
 * (the user or a group they belong to) may promote, set the split, roll back or retrain it.
 * The ownership check is a catalog condition, so the catalog decides it per entity.
 */
export class FmlopsPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      mutatingPermissionNames.has(request.permission.name) &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'fmlops-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new FmlopsPermissionPolicy(userInfo));
      },
    });
  },
});
