import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DriftComparison,
  fmlopsModelReadPermission,
  Freshness,
  ModelOverview,
  Portfolio,
  PortfolioItem,
} from '@fmlops/backstage-plugin-fmlops-common';
import { CacheResult, ReadThroughCache } from '../cache/ReadThroughCache';
import { ModelCatalog, ResolvedModel } from './ModelCatalog';

/** Reads a model's state from Databricks; one implementation talks to the gateway. */
export interface ModelReader {
  overview(model: ResolvedModel): Promise<Omit<ModelOverview, 'freshness'>>;
  portfolio(models: ResolvedModel[]): Promise<PortfolioItem[]>;
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

export const cacheKeys = {
  overview: (entityRef: string) => `overview:${entityRef}`,
  portfolio: () => 'portfolio',
  driftCompare: (entityRef: string, from: string, to: string) =>
    `drift-compare:${entityRef}:${from}:${to}`,
};

function freshness(result: CacheResult<unknown>): Freshness {
  return {
    fetchedAt: new Date(result.fetchedAt).toISOString(),
    ageSeconds: result.ageSeconds,
    stale: result.stale,
    source: result.source,
  };
}

/** The read path behind the HTTP API: permission-checked, cached, degraded gracefully. */
export class ReadPath {
  constructor(
    private readonly models: ModelCatalog,
    private readonly reader: ModelReader,
    private readonly cache: ReadThroughCache,
    private readonly auth: AuthService,
    /** called for every load from Databricks (metrics) */
    private readonly onLoad: () => void = () => {},
  ) {}

  async overview(
    ref: EntityRefParts,
    credentials: BackstageCredentials,
  ): Promise<ModelOverview> {
    const model = await this.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
    );
    const result = await this.cache.get(
      cacheKeys.overview(model.entityRef),
      () => {
        this.onLoad();
        return this.reader.overview(model);
      },
    );
    return { ...result.value, freshness: freshness(result) };
  }

  /**
   * The portfolio is read once for every model (one batch of Databricks calls, shared by all
   * viewers) and filtered per caller to the models they may read.
   */
  async portfolio(credentials: BackstageCredentials): Promise<Portfolio> {
    const readable = await this.models.listReadable(
      fmlopsModelReadPermission,
      credentials,
    );
    const result = await this.cache.get(cacheKeys.portfolio(), async () => {
      const all = await this.models.listReadable(
        fmlopsModelReadPermission,
        await this.auth.getOwnServiceCredentials(),
      );
      return this.reader.portfolio(all);
    });
    const visible = new Set(readable.map(m => m.entityRef));
    const known = new Set(result.value.map(i => i.entityRef));
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
      }));
    return {
      items: [...result.value.filter(i => visible.has(i.entityRef)), ...added],
      freshness: freshness(result),
    };
  }

  async compareDrift(
    ref: EntityRefParts,
    from: string,
    to: string,
    credentials: BackstageCredentials,
  ): Promise<DriftComparison> {
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
      throw new InputError('from and to must be window start times (ISO 8601)');
    }
    const model = await this.models.resolve(
      ref,
      fmlopsModelReadPermission,
      credentials,
    );
    if (!model.coordinates.driftTable) {
      throw new InputError(
        `${model.entityRef} has no drift table (annotation databricks.com/drift-table)`,
      );
    }
    const result = await this.cache.get(
      cacheKeys.driftCompare(model.entityRef, from, to),
      () => this.reader.compareDrift(model, from, to),
    );
    return result.value;
  }
}
