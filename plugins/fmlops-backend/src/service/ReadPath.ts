import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  DriftComparison,
  EnvironmentStatus,
  Freshness,
  ModelEvaluation,
  ModelOverview,
  Portfolio,
  byAttention,
  PortfolioItem,
  portfolioPage,
  PortfolioQuery,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  CacheResult,
  Loader,
  ReadThroughCache,
} from '../cache/ReadThroughCache';
import type { ActiveOperationSummary } from '../database/OperationStore';
import { servingTargetOf } from '../operations/servingTarget';
import { environmentRefs, inEnvironment, ResolvedModel } from './ModelCatalog';
import type { ModelActivity } from '../read/DatabricksModelReader';
import type { ActivityBoard } from './ActivityBoard';
import { ReadAccess } from './ReadAccess';

/** Reads a model's state from Databricks; one implementation talks to the gateway. */
export interface ModelReader {
  overview(model: ResolvedModel): Promise<Omit<ModelOverview, 'freshness'>>;
  /** every model's row from batch reads, with what is known of each one's pipeline and jobs */
  portfolio(
    models: ResolvedModel[],
    activityOf: (model: ResolvedModel) => ModelActivity | undefined,
  ): Promise<PortfolioItem[]>;
  /** every environment of the model, in promotion order */
  environments(model: ResolvedModel): Promise<EnvironmentStatus[]>;
  compareDrift(
    model: ResolvedModel,
    from: string,
    to: string,
  ): Promise<DriftComparison>;
}

export interface EntityRefParts {
  kind: string;
  namespace: string;
  name: string;
}

const normalisedRef = (entityRef: string) =>
  entityRef.toLocaleLowerCase('en-US');

/**
 * Cache keys: `<kind>:<environment>:<entity ref>`, entity refs lower-cased (refs are
 * case-insensitive), windows as epoch ms. A request without `env` reads the key of the entity's
 * default environment, so it shares the entry with one that names it.
 */
export const cacheKeys = {
  overview: (entityRef: string, env: string) =>
    `overview:${env}:${normalisedRef(entityRef)}`,
  evaluation: (entityRef: string, env: string) =>
    `evaluation:${env}:${normalisedRef(entityRef)}`,
  /** every environment of a model */
  environments: (entityRef: string) =>
    `environments:${normalisedRef(entityRef)}`,
  portfolio: () => 'portfolio',
  /** a model environment's pipeline and job runs, for the portfolio (the activity board's cache) */
  activity: (entityRef: string, env: string) =>
    `activity:${env}:${normalisedRef(entityRef)}`,
  driftCompare: (entityRef: string, env: string, from: string, to: string) =>
    `drift-compare:${env}:${normalisedRef(entityRef)}:${Date.parse(
      from,
    )}:${Date.parse(to)}`,
};

function freshness(result: CacheResult<unknown>): Freshness {
  return {
    fetchedAt: new Date(result.fetchedAt).toISOString(),
    ageSeconds: result.ageSeconds,
    stale: result.stale,
    source: result.source,
  };
}

/**
 * JSON of cached values, made once per value read from Databricks (a value is replaced, never
 * changed, so its identity says when to serialise again).
 */
const serialised = new WeakMap<object, string>();
function jsonOf(value: object): string {
  let json = serialised.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serialised.set(value, json);
  }
  return json;
}

/** A cached object's JSON with its freshness added: a hot overview is a string concatenation. */
function withFreshness(value: object, result: CacheResult<unknown>): string {
  const json = jsonOf(value);
  const rest = json === '{}' ? '' : `,${json.slice(1)}`;
  return `{"freshness":${JSON.stringify(freshness(result))}${rest}`;
}

const targetOf = (at: { workspace: string; servingEndpoint: string }) =>
  servingTargetOf({ coordinates: at });

/** An environment's status with the operation active on its endpoint, if any. */
function withActiveOperation(
  status: EnvironmentStatus,
  active: Map<string, ActiveOperationSummary>,
): EnvironmentStatus {
  const op = active.get(targetOf(status));
  return op
    ? {
        ...status,
        activeOperation: { id: op.id, type: op.type, status: op.status },
      }
    : status;
}

export interface ReadPathOptions {
  access: ReadAccess;
  reader: ModelReader;
  cache: ReadThroughCache;
  /** the promotion gate of a model, from Databricks */
  evaluate: (model: ResolvedModel) => Promise<ModelEvaluation>;
  /**
   * the running or paused operations, by serving target (`<workspace>/<endpoint>`), read from the
   * database on every request (never cached: an operation started a moment ago shows at once)
   */
  activeOperations?: () => Promise<Map<string, ActiveOperationSummary>>;
  /** called for every load from Databricks (metrics) */
  onLoad?: () => void;
  onBackgroundError?: (key: string, error: unknown) => void;
  /** the models' pipeline and job state, read in the background (none: the rows go without) */
  activity?: Pick<ActivityBoard, 'known' | 'sweep' | 'whenSwept'>;
}

/** The read path behind the HTTP API: permission-checked, cached, degraded gracefully. */
export class ReadPath {
  constructor(private readonly options: ReadPathOptions) {
    options.activity?.whenSwept(() => {
      this.portfolioActivityChanged().catch(error =>
        options.onBackgroundError?.('portfolio', error),
      );
    });
  }

  async overview(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<ModelOverview> {
    return JSON.parse(await this.overviewJson(ref, credentials, env));
  }

  /** The overview of the model in an environment (default: its default one), as the HTTP response body. */
  async overviewJson(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<string> {
    const model = await this.options.access.resolve(ref, credentials, env);
    const result = await this.options.cache.get(
      cacheKeys.overview(model.entityRef, model.environment),
      this.overviewLoader(model),
    );
    return withFreshness(result.value as object, result);
  }

  /** The promotion gate (challenger against champion) in an environment, cached like the overview. */
  async evaluationJson(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<string> {
    const model = await this.options.access.resolve(ref, credentials, env);
    const result = await this.options.cache.get(
      cacheKeys.evaluation(model.entityRef, model.environment),
      this.evaluationLoader(model),
    );
    return jsonOf(result.value as object);
  }

  /**
   * Every environment of the model in promotion order: what Databricks says is cached like the
   * overview, the active operation of each is read from the database on every request.
   */
  async environments(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentStatus[]> {
    const model = await this.options.access.resolve(ref, credentials);
    const result = await this.options.cache.get(
      cacheKeys.environments(model.entityRef),
      this.environmentsLoader(model),
    );
    const active = await this.activeOperations();
    return (result.value as EnvironmentStatus[]).map(status =>
      withActiveOperation(status, active),
    );
  }

  private async activeOperations() {
    return (await this.options.activeOperations?.()) ?? new Map();
  }

  /**
   * The portfolio is read once for every model (one batch of Databricks calls, shared by all
   * viewers) and filtered per caller to the models they may read.
   */
  async portfolio(
    credentials: BackstageCredentials,
    query: PortfolioQuery = {},
  ): Promise<Portfolio> {
    return JSON.parse(await this.portfolioJson(credentials, query));
  }

  /** One page of the portfolio as the HTTP response body. */
  async portfolioJson(
    credentials: BackstageCredentials,
    query: PortfolioQuery = {},
  ): Promise<string> {
    const readable = await this.options.access.listReadable(credentials);
    const result = await this.options.cache.get(
      cacheKeys.portfolio(),
      this.portfolioLoader(),
    );
    const cached = result.value as PortfolioItem[];
    const visible = new Set(readable.map(m => m.entityRef));
    const known = new Set(cached.map(i => i.entityRef));
    // a model registered since the cached read shows with unknown health until the next refresh
    const added: PortfolioItem[] = readable
      .filter(m => !known.has(m.entityRef))
      .map(m => ({
        entityRef: m.entityRef,
        title: m.entity.metadata.title,
        owner: (m.entity.spec as { owner?: string } | undefined)?.owner,
        workspace: m.coordinates.workspace,
        ucModel: m.coordinates.ucModel,
        servingEndpoint: m.coordinates.servingEndpoint,
        health: 'unknown',
        healthReasons: ['not read from Databricks yet'],
        servedVersions: [],
        environments: environmentRefs(m).map(e => ({
          ...e,
          health: 'unknown',
          healthReasons: ['not read from Databricks yet'],
          servedVersions: [],
        })),
      }));
    const active = await this.activeOperations();
    const items = [
      ...cached.filter(i => visible.has(i.entityRef)),
      ...added,
    ].map(item => {
      const environments = item.environments?.map(e =>
        withActiveOperation(e, active),
      );
      const own = active.get(targetOf(item));
      // unchanged items keep their cached JSON
      return own || environments?.some(e => e.activeOperation)
        ? {
            ...item,
            environments,
            ...(own ? { activeOperation: own } : {}),
          }
        : item;
    });
    const page = portfolioPage(items, query);
    const head = {
      total: page.total,
      offset: query.offset ?? 0,
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      activityPending: items.filter(i => i.activityPending).length,
      counts: page.counts,
      facets: page.facets,
      freshness: freshness(result),
    };
    // only the page's items are serialised; each unchanged one is its cached JSON
    return `{"items":[${page.items.map(jsonOf).join(',')}],${JSON.stringify(
      head,
    ).slice(1)}`;
  }

  async compareDrift(
    ref: EntityRefParts,
    from: string,
    to: string,
    credentials: BackstageCredentials,
    env?: string,
  ): Promise<DriftComparison> {
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
      throw new InputError('from and to must be window start times (ISO 8601)');
    }
    const model = await this.options.access.resolve(ref, credentials, env);
    if (!model.coordinates.driftTable) {
      throw new InputError(
        `${model.entityRef} has no drift table (annotation databricks.com/drift-table)`,
      );
    }
    const result = await this.options.cache.get(
      cacheKeys.driftCompare(model.entityRef, model.environment, from, to),
      () => this.options.reader.compareDrift(model, from, to),
    );
    return result.value as DriftComparison;
  }

  /**
   * How to read a cache key again on any replica (the cluster-wide keep-warm); drift comparisons
   * of past windows do not change and are not kept warm.
   */
  loaderFor(key: string): Loader<unknown> | undefined {
    if (key === cacheKeys.portfolio()) {
      return this.portfolioLoader();
    }
    const kind = key.slice(0, key.indexOf(':'));
    const rest = key.slice(kind.length + 1);
    const withModel =
      (
        entityRef: string,
        env: string | undefined,
        load: (model: ResolvedModel) => Loader<unknown>,
      ) =>
      async () => {
        const model = await this.options.access.model(entityRef);
        if (!model) {
          throw new NotFoundError(`No entity ${entityRef} in the catalog`);
        }
        return load(inEnvironment(model, env))();
      };
    if (kind === 'environments') {
      return withModel(rest, undefined, m => this.environmentsLoader(m));
    }
    // `<kind>:<environment>:<entity ref>`
    const env = rest.slice(0, rest.indexOf(':'));
    const entityRef = rest.slice(env.length + 1);
    if (kind === 'overview') {
      return withModel(entityRef, env, m => this.overviewLoader(m));
    }
    if (kind === 'evaluation') {
      return withModel(entityRef, env, m => this.evaluationLoader(m));
    }
    return undefined;
  }

  private overviewLoader(model: ResolvedModel) {
    return () => {
      this.options.onLoad?.();
      return this.options.reader.overview(model);
    };
  }

  private evaluationLoader(model: ResolvedModel) {
    return () => {
      this.options.onLoad?.();
      return this.options.evaluate(model);
    };
  }

  private environmentsLoader(model: ResolvedModel) {
    return () => {
      this.options.onLoad?.();
      return this.options.reader.environments(model);
    };
  }

  /** New pipeline or job state is known: the portfolio is read again (batch reads only). */
  private async portfolioActivityChanged(): Promise<void> {
    const key = cacheKeys.portfolio();
    // the shared cache's copy was made before: invalidation keeps it from being taken
    this.options.cache.invalidate(key);
    await this.options.cache.refresh(key, this.portfolioLoader());
  }

  private portfolioLoader() {
    return async () => {
      this.options.onLoad?.();
      const { activity } = this.options;
      const items = await this.options.reader.portfolio(
        await this.options.access.all(),
        model => activity?.known(model),
      );
      activity?.sweep();
      // kept in attention order: each request's sort of an already sorted list is one linear pass
      return items.sort(byAttention);
    };
  }
}
