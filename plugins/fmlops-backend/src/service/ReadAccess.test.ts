import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ModelCatalog } from './ModelCatalog';
import { ReadAccess } from './ReadAccess';

const MAX_AGE_MS = 5_000;

function modelEntity(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'databricks.com/workspace': 'dev',
        'databricks.com/uc-model': `main.models.${name}`,
        'databricks.com/serving-endpoint': name,
      },
    },
    spec: { type: 'ml-model', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/**
 * A portal whose policy lets everyone see every entity and lets only a model's owners read its
 * MLOps state (a catalog condition), or with `secret: true` hides entities from non-owners.
 */
function portal() {
  let now = 1_000_000;
  const claims: Record<string, string[]> = {
    'user:default/alice': ['user:default/alice', 'group:default/fraud'],
    'user:default/bob': ['user:default/bob', 'group:default/markets'],
  };
  const entities = new Map<string, Entity>([
    [
      'resource:default/fraud-model',
      modelEntity('fraud-model', 'group:default/fraud'),
    ],
    [
      'resource:default/markets-model',
      modelEntity('markets-model', 'group:default/markets'),
    ],
  ]);
  const policy = { secret: false, rule: 'IS_ENTITY_OWNER' };
  const userOf = (c: BackstageCredentials) =>
    (c.principal as { userEntityRef: string }).userEntityRef;
  const owns = (user: string, entity: Entity) =>
    entity.relations!.some(r => claims[user].includes(r.targetRef));
  const ownerCondition = (user: string) => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions:
      policy.rule === 'IS_ENTITY_OWNER'
        ? {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: claims[user] },
          }
        : {
            rule: policy.rule,
            resourceType: 'catalog-entity',
            params: { key: 'owner', value: claims[user][1] },
          },
  });
  const calls = { catalogList: 0, catalogLookup: 0, policy: 0 };
  const catalog = {
    getEntities: async () => {
      calls.catalogList += 1;
      return { items: [...entities.values()].map(e => structuredClone(e)) };
    },
    // the catalog itself filters what a user may not see
    getEntityByRef: async (ref: string, { credentials }: any) => {
      calls.catalogLookup += 1;
      const entity = entities.get(ref);
      return entity && (!policy.secret || owns(userOf(credentials), entity))
        ? structuredClone(entity)
        : undefined;
    },
  } as unknown as CatalogService;
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (requests, { credentials }) => {
      calls.policy += 1;
      const user = userOf(credentials);
      return requests.map(r =>
        r.permission.name === 'catalog.entity.read' && !policy.secret
          ? { result: AuthorizeResult.ALLOW }
          : ownerCondition(user),
      ) as any;
    },
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const entity = entities.get((r as any).resourceRef);
        return {
          result:
            entity && owns(userOf(credentials), entity)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }) as any,
  }) as unknown as PermissionsService;
  const models = new ModelCatalog(catalog, permissions);
  const access = new ReadAccess({
    catalog,
    permissions,
    auth: mockServices.auth(),
    models,
    maxAgeMs: MAX_AGE_MS,
    now: () => now,
  });
  const ref = (name: string) => ({
    kind: 'Resource',
    namespace: 'default',
    name,
  });
  const outcome = (read: Promise<unknown>) =>
    read.then(
      () => 200,
      (e: Error) => ({ NotFoundError: 404, NotAllowedError: 403 }[e.name]),
    );
  return {
    access,
    models,
    entities,
    policy,
    calls,
    alice: mockCredentials.user('user:default/alice'),
    bob: mockCredentials.user('user:default/bob'),
    ref,
    outcome,
    advance: async (ms: number) => {
      now += ms;
      await new Promise(r => setImmediate(r));
    },
  };
}

describe('ReadAccess', () => {
  it('decides as the catalog and the permission backend do, for owners, others and unknown refs', async () => {
    for (const secret of [false, true]) {
      const p = portal();
      p.policy.secret = secret;
      for (const user of [p.alice, p.bob]) {
        for (const name of ['fraud-model', 'markets-model', 'no-such-model']) {
          const local = await p.outcome(p.access.resolve(p.ref(name), user));
          const remote = await p.outcome(
            p.models.resolve(
              p.ref(name),
              { name: 'fmlops.model.read' } as any,
              user,
            ),
          );
          expect({ secret, name, local }).toEqual({
            secret,
            name,
            local: remote,
          });
        }
      }
      expect(
        (await p.access.listReadable(p.alice)).map(m => m.entityRef),
      ).toEqual(['resource:default/fraud-model']);
    }
  });

  it('asks the catalog and the policy once per user per few seconds, not per request', async () => {
    const p = portal();
    for (let i = 0; i < 100; i++) {
      await p.access.resolve(p.ref('fraud-model'), p.alice);
    }
    expect(p.calls).toEqual({ catalogList: 1, catalogLookup: 0, policy: 1 });
  });

  it(`refuses a read within ${
    MAX_AGE_MS / 1000
  } s of the ownership change that takes it away`, async () => {
    const p = portal();
    await expect(
      p.outcome(p.access.resolve(p.ref('fraud-model'), p.alice)),
    ).resolves.toBe(200);
    // the model moves to the markets team
    p.entities.set(
      'resource:default/fraud-model',
      modelEntity('fraud-model', 'group:default/markets'),
    );
    for (let elapsed = 0; elapsed < MAX_AGE_MS; elapsed += 500) {
      await p.advance(500);
      await p.outcome(p.access.resolve(p.ref('fraud-model'), p.alice));
    }
    await expect(
      p.outcome(p.access.resolve(p.ref('fraud-model'), p.alice)),
    ).resolves.toBe(403);
    await expect(
      p.outcome(p.access.resolve(p.ref('fraud-model'), p.bob)),
    ).resolves.toBe(200);
  });

  it(`follows a policy change within ${MAX_AGE_MS / 1000} s`, async () => {
    const p = portal();
    await p.access.resolve(p.ref('fraud-model'), p.alice);
    // entities become visible to their owners only
    p.policy.secret = true;
    await p.advance(MAX_AGE_MS);
    await expect(
      p.outcome(p.access.resolve(p.ref('markets-model'), p.alice)),
    ).resolves.toBe(404);
  });

  it('asks the catalog when the policy names a rule it does not apply itself', async () => {
    const p = portal();
    p.policy.rule = 'HAS_SPEC';
    await expect(
      p.outcome(p.access.resolve(p.ref('fraud-model'), p.alice)),
    ).resolves.toBe(200);
    expect(p.calls.catalogLookup).toBe(1);
  });
});
