import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  createPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  fmlopsModelReadPermission,
  ML_MODEL_TYPE,
  ML_PIPELINE_TYPE,
} from '@fmlops/backstage-plugin-fmlops-common';
import { allows, isLocallyDecidable } from './catalogConditions';
import { inEnvironment, ModelCatalog, ResolvedModel } from './ModelCatalog';

/** The catalog's read permission (by name, as the catalog checks it on every entity it returns). */
const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

export interface ReadAccessOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  /** the authoritative path: one catalog lookup and one permission check per request */
  models: ModelCatalog;
  /**
   * How old the model index and a user's decisions may be: after an ownership or permission
   * change, reads follow it within this long. Both are reloaded in the background from half of it.
   */
  maxAgeMs: number;
  now?: () => number;
}

interface Timed<T> {
  at: number;
  value: Promise<T>;
}

interface ModelIndex {
  /** models and their pipelines (Components that carry the annotations too) */
  byRef: Map<string, ResolvedModel>;
  /** the models: Resources of type ml-model, what the portfolio lists */
  all: ResolvedModel[];
}

const normalised = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Who may read which model, decided in memory. Instead of a catalog lookup and a permission check
 * per request, it keeps an index of every model (read with the plugin's own credentials) and, per
 * user, the policy's decisions for `catalog.entity.read` and `fmlops.model.read` (conditional
 * decisions are applied to the entity with the catalog's own rules, as the catalog does). A model
 * not in the index (registered since the last reload) and a decision naming a rule not applied
 * here go the authoritative way. Reads that the policy or an owner change refuses are refused
 * within `maxAgeMs`.
 */
export class ReadAccess {
  private index?: Timed<ModelIndex>;
  private indexReload?: Promise<ModelIndex>;
  private readonly decisions = new Map<string, Timed<PolicyDecision[]>>();
  private readonly now: () => number;

  constructor(private readonly options: ReadAccessOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The model an entity ref names, in the environment `env` (default: the entity's default one),
   * if the caller may read it; 404 / 403 as the catalog would, 404 for an environment it lacks.
   */
  async resolve(
    ref: { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<ResolvedModel> {
    const authoritative = () =>
      this.options.models.resolve(
        ref,
        fmlopsModelReadPermission,
        credentials,
        env,
      );
    if (!isUser(credentials)) {
      return authoritative();
    }
    const [index, [visible, readable]] = await Promise.all([
      this.models(),
      this.decisionsFor(credentials),
    ]);
    const model = index.byRef.get(normalised(stringifyEntityRef(ref)));
    if (
      !model ||
      !isLocallyDecidable(visible) ||
      !isLocallyDecidable(readable)
    ) {
      return authoritative();
    }
    if (!allows(visible, model.entity)) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    if (!allows(readable, model.entity)) {
      throw new NotAllowedError(
        `You are not allowed to ${fmlopsModelReadPermission.name} on ${model.entityRef}`,
      );
    }
    return inEnvironment(model, env);
  }

  /** Every model the caller can see and may read. */
  async listReadable(
    credentials: BackstageCredentials,
  ): Promise<ResolvedModel[]> {
    const authoritative = () =>
      this.options.models.listReadable(fmlopsModelReadPermission, credentials);
    if (!isUser(credentials)) {
      return authoritative();
    }
    const [index, [visible, readable]] = await Promise.all([
      this.models(),
      this.decisionsFor(credentials),
    ]);
    if (!isLocallyDecidable(visible) || !isLocallyDecidable(readable)) {
      return authoritative();
    }
    return index.all.filter(
      m => allows(visible, m.entity) && allows(readable, m.entity),
    );
  }

  /** Every model, as the plugin itself sees them (background reads). */
  async all(): Promise<ResolvedModel[]> {
    return (await this.models()).all;
  }

  /** One model as the plugin itself sees it, or undefined when the catalog has none by that ref. */
  async model(entityRef: string): Promise<ResolvedModel | undefined> {
    return (await this.models()).byRef.get(normalised(entityRef));
  }

  private async models(): Promise<ModelIndex> {
    const now = this.now();
    const age = this.index ? now - this.index.at : Infinity;
    if (age >= this.options.maxAgeMs) {
      return this.reloadIndex(now);
    }
    if (age >= this.options.maxAgeMs / 2) {
      // read ahead so nobody waits for the reload; a failed one is retried by the next request
      this.reloadIndex(now).catch(() => {});
    }
    return this.index!.value;
  }

  private reloadIndex(startedAt: number): Promise<ModelIndex> {
    if (!this.indexReload) {
      this.indexReload = this.loadIndex()
        .then(index => {
          this.index = { at: startedAt, value: Promise.resolve(index) };
          return index;
        })
        .finally(() => {
          this.indexReload = undefined;
        });
    }
    return this.indexReload;
  }

  private async loadIndex(): Promise<ModelIndex> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: [
          { kind: 'Resource', 'spec.type': ML_MODEL_TYPE },
          { kind: 'Component', 'spec.type': ML_PIPELINE_TYPE },
        ],
        // what the reads show and the catalog's rules look at: a fraction of a whole entity
        fields: [
          'apiVersion',
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'metadata.labels',
          'spec.type',
          'spec.owner',
          'relations',
        ],
      },
      { credentials },
    );
    const annotated = items
      .map(e => this.options.models.toModel(e))
      .filter((m): m is ResolvedModel => Boolean(m));
    return {
      all: annotated.filter(m => m.entity.kind === 'Resource'),
      byRef: new Map(annotated.map(m => [normalised(m.entityRef), m])),
    };
  }

  private decisionsFor(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<PolicyDecision[]> {
    const now = this.now();
    const user = credentials.principal.userEntityRef;
    const held = this.decisions.get(user);
    if (held && now - held.at < this.options.maxAgeMs) {
      if (now - held.at >= this.options.maxAgeMs / 2) {
        this.askPolicy(user, credentials, now).catch(() => {});
      }
      return held.value;
    }
    return this.askPolicy(user, credentials, now);
  }

  private askPolicy(
    user: string,
    credentials: BackstageCredentials,
    now: number,
  ): Promise<PolicyDecision[]> {
    const value = this.options.permissions.authorizeConditional(
      [
        { permission: catalogEntityReadPermission },
        { permission: fmlopsModelReadPermission },
      ],
      { credentials },
    );
    const previous = this.decisions.get(user);
    this.decisions.set(user, { at: now, value });
    value.catch(() => {
      // never keep a failure: the next request asks again
      if (this.decisions.get(user)?.value === value) {
        if (previous) {
          this.decisions.set(user, previous);
        } else {
          this.decisions.delete(user);
        }
      }
    });
    this.forgetExpired(now);
    return value;
  }

  private forgetExpired(now: number) {
    if (this.decisions.size < 1000) {
      return;
    }
    for (const [user, held] of this.decisions) {
      if (now - held.at >= this.options.maxAgeMs) {
        this.decisions.delete(user);
      }
    }
  }
}

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: string }).type === 'user';
}
