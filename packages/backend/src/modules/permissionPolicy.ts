import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
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
import {
  fmlopsModelApprovePermission,
  fmlopsMutatingPermissions,
} from '@fmlops/backstage-plugin-fmlops-common';

const mutatingPermissionNames = new Set(
  fmlopsMutatingPermissions.map(p => p.name),
);

/**
 * What only admins may do to the catalog: who registers a location writes entities and their
 * owners, and who deletes an entity or a location frees its ref for someone else's entity,
 * which a Databricks binding tag naming that ref would then trust.
 */
const adminPermissionNames = new Set(
  [
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    catalogEntityDeletePermission,
  ].map(p => p.name),
);

/**
 * The portal's permission policy: anyone signed in may read; only a model's owners (the user or
 * a group they belong to) may promote, set the split, roll back or retrain it, and only admins
 * (`fmlops.admins`: users or groups) may register catalog locations and delete entities or
 * locations. A promotion that needs approval is approved by an owner or an admin (the backend
 * refuses its own requester either way). The ownership check is a catalog condition, so the
 * catalog decides it per entity.
 */
export class FmlopsPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;

  constructor(private readonly userInfo: UserInfoService, admins: string[]) {
    this.admins = new Set(admins.map(ref => ref.toLocaleLowerCase('en-US')));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (adminPermissionNames.has(request.permission.name)) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return {
        result: this.isAdmin(ownershipEntityRefs)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
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
      if (
        request.permission.name === fmlopsModelApprovePermission.name &&
        this.isAdmin(ownershipEntityRefs)
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }

  private isAdmin(ownershipEntityRefs: string[]): boolean {
    return ownershipEntityRefs.some(ref =>
      this.admins.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'fmlops-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
        config: coreServices.rootConfig,
      },
      async init({ policy, userInfo, config }) {
        policy.setPolicy(
          new FmlopsPermissionPolicy(
            userInfo,
            config.getOptionalStringArray('fmlops.admins') ?? [],
          ),
        );
      },
    });
  },
});
