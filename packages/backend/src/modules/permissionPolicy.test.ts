import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  fmlopsModelApprovePermission,
  fmlopsModelPromotePermission,
  fmlopsModelReadPermission,
  fmlopsModelRollbackPermission,
} from '@fmlops/backstage-plugin-fmlops-common';
import { FmlopsPermissionPolicy } from './permissionPolicy';

describe('FmlopsPermissionPolicy', () => {
  const userInfo = mockServices.userInfo({
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: ['user:default/alice', 'group:default/fraud-ml'],
  });
  const policy = new FmlopsPermissionPolicy(userInfo, [
    'group:default/Platform-Admins',
  ]);
  const alice = {
    credentials: mockCredentials.user('user:default/alice'),
    info: {
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: ['user:default/alice', 'group:default/fraud-ml'],
    },
  };

  it('lets every signed-in user read a model', async () => {
    await expect(
      policy.handle({ permission: fmlopsModelReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each([fmlopsModelPromotePermission, fmlopsModelRollbackPermission])(
    'lets only the owners of the model %s',
    async permission => {
      const decision = (await policy.handle(
        { permission },
        alice,
      )) as ConditionalPolicyDecision;
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(decision.pluginId).toBe('catalog');
      expect(decision.resourceType).toBe('catalog-entity');
      expect(decision.conditions).toEqual({
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/fraud-ml'],
        },
      });
    },
  );

  it('denies changes to anonymous callers', async () => {
    await expect(
      policy.handle({ permission: fmlopsModelPromotePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it.each(
    [
      catalogLocationCreatePermission,
      catalogLocationDeletePermission,
      catalogEntityDeletePermission,
    ].map(p => [p.name, p] as const),
  )('keeps %s to admins', async (_name, permission) => {
    await expect(policy.handle({ permission }, alice)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    const admin = new FmlopsPermissionPolicy(
      mockServices.userInfo({
        userEntityRef: 'user:default/root',
        ownershipEntityRefs: [
          'user:default/root',
          'group:default/platform-admins',
        ],
      }),
      ['group:default/Platform-Admins'],
    );
    const root = {
      credentials: mockCredentials.user('user:default/root'),
      info: {
        userEntityRef: 'user:default/root',
        ownershipEntityRefs: ['group:default/platform-admins'],
      },
    };
    await expect(admin.handle({ permission }, root)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle({ permission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets the owners and the admins approve a promotion, and nobody else', async () => {
    const owner = (await policy.handle(
      { permission: fmlopsModelApprovePermission },
      alice,
    )) as ConditionalPolicyDecision;
    expect(owner.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(owner.conditions).toMatchObject({ rule: 'IS_ENTITY_OWNER' });
    const admins = new FmlopsPermissionPolicy(
      mockServices.userInfo({
        userEntityRef: 'user:default/root',
        ownershipEntityRefs: [
          'user:default/root',
          'group:default/platform-admins',
        ],
      }),
      ['group:default/Platform-Admins'],
    );
    await expect(
      admins.handle(
        { permission: fmlopsModelApprovePermission },
        {
          credentials: mockCredentials.user('user:default/root'),
          info: {
            userEntityRef: 'user:default/root',
            ownershipEntityRefs: ['group:default/platform-admins'],
          },
        },
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: fmlopsModelApprovePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets everyone read the catalog', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
