import type { serving } from '@databricks/sdk-experimental';
import { ApiError, conflict, invalid, notFound } from '../domain/errors';
import { round4 } from '../domain/maths';
import { Random } from '../domain/random';
import { VersionProfile } from '../domain/scenario';
import { autoCaptureOf, autoCaptureView } from './autoCapture';
import { settingsOf, settingsView } from './servedEntitySettings';
import {
  recordServedEntities,
  recordUsage,
  TOKEN_REQUESTER,
  TRAFFIC_REQUESTER,
  UsageCounts,
} from './servingSystemTables';
import { accrue, profileOf, prometheusText, record } from './servingTraffic';
import {
  EndpointState,
  EntityMetrics,
  MetricsExportFormat,
  ServedEntityState,
  TimeDriven,
  TrafficRoutes,
  WorkspaceStore,
} from './store';
import { servingProfileOf } from './promotion';

/**
 * Model Serving: endpoints, config roll-outs that apply after a delay (or fail), the metrics
 * export and invocations. Traffic accrues as emulated time passes (see servingTraffic.ts).
 */
/** A version's profile from when it is first served, until a fault or test changes it. */
const NEW_VERSION_PROFILE: VersionProfile = {
  p50Ms: 18,
  p99Ms: 62,
  errorRate: 0.001,
};

export class ServingService implements TimeDriven {
  constructor(private readonly store: WorkspaceStore) {}

  /** Accrues traffic, and applies (or fails) the roll-outs whose time has come. */
  catchUp(now: number): void {
    for (const endpoint of this.store.endpoints.values()) {
      const pending = endpoint.pending;
      if (pending && now >= pending.applyAt) {
        // traffic up to the roll-out's moment follows the old routes
        this.withUsage(
          endpoint,
          endpoint.lastAccrual,
          pending.applyAt,
          TRAFFIC_REQUESTER,
          () => accrue(endpoint, pending.applyAt),
        );
        endpoint.pending = undefined;
        if (pending.fails) {
          endpoint.lastUpdateFailed = true;
        } else {
          endpoint.served = pending.served;
          endpoint.autoCapture = pending.autoCapture;
          endpoint.routes = pending.routes;
          endpoint.configVersion += 1;
          endpoint.lastUpdateFailed = false;
          recordServedEntities(this.store, endpoint, pending.applyAt);
        }
        endpoint.updatedAt = pending.applyAt;
      }
      this.withUsage(
        endpoint,
        endpoint.lastAccrual,
        now,
        TRAFFIC_REQUESTER,
        () => accrue(endpoint, now),
      );
    }
  }

  /**
   * Runs `serve`, which adds traffic to the endpoint's metrics, and writes the requests it added
   * to system.serving.endpoint_usage (when the workspace keeps it), spread over [from, to).
   */
  private withUsage(
    endpoint: EndpointState,
    from: number,
    to: number,
    requester: string,
    serve: () => void,
  ): void {
    if (!this.store.options.servingSystemTables) {
      serve();
      return;
    }
    const before = new Map(
      [...endpoint.metrics].map(([name, m]) => [name, totalsOf(m)]),
    );
    serve();
    for (const entity of endpoint.served) {
      const after = endpoint.metrics.get(entity.name);
      if (!after) continue;
      const was = before.get(entity.name);
      const now = totalsOf(after);
      recordUsage(
        this.store,
        endpoint,
        entity,
        {
          requests: now.requests - (was?.requests ?? 0),
          errors4xx: now.errors4xx - (was?.errors4xx ?? 0),
          errors5xx: now.errors5xx - (was?.errors5xx ?? 0),
        },
        from,
        to,
        requester,
      );
    }
  }

  listEndpoints(): serving.ServingEndpoint[] {
    this.store.tick();
    return [...this.store.endpoints.values()].map(e => {
      const detailed = this.endpointView(e);
      return {
        id: detailed.id,
        name: detailed.name,
        creator: detailed.creator,
        creation_timestamp: detailed.creation_timestamp,
        last_updated_timestamp: detailed.last_updated_timestamp,
        state: detailed.state,
        tags: detailed.tags,
        config: {
          served_entities: detailed.config?.served_entities?.map(se => ({
            name: se.name,
            entity_name: se.entity_name,
            entity_version: se.entity_version,
          })),
        },
      };
    });
  }

  getEndpoint(name: string): serving.ServingEndpointDetailed {
    this.store.tick();
    return this.endpointView(this.endpoint(name));
  }

  /**
   * PATCH .../tags: adds (or replaces) and deletes tags, and answers the tags sorted by key, as
   * Databricks' own fake of this API does.
   */
  patchTags(
    name: string,
    body: Partial<serving.PatchServingEndpointTags>,
  ): serving.EndpointTags {
    const e = this.endpoint(name);
    const added = body.add_tags ?? [];
    if (!Array.isArray(added) || added.some(t => !t?.key)) {
      throw invalid('Each tag in add_tags needs a key.');
    }
    const deleted = new Set([
      ...(body.delete_tags ?? []),
      ...added.map(t => t.key!),
    ]);
    e.tags = [
      ...e.tags.filter(t => !deleted.has(t.key)),
      ...added.map(t => ({
        key: t.key!,
        ...(t.value !== undefined ? { value: t.value } : {}),
      })),
    ];
    e.updatedAt = this.store.now();
    return {
      tags: [...e.tags].sort((a, b) => a.key.localeCompare(b.key)),
    };
  }

  private endpoint(name: string): EndpointState {
    const e = this.store.endpoints.get(name);
    if (!e) throw notFound(`Endpoint with name '${name}'`);
    return e;
  }

  private endpointView(e: EndpointState): serving.ServingEndpointDetailed {
    const entityView = (s: ServedEntityState): serving.ServedEntityOutput => ({
      name: s.name,
      entity_name: s.entityName,
      entity_version: s.entityVersion,
      ...settingsView(s.settings),
      creation_timestamp: s.createdAt,
      creator: e.creator,
      state: { deployment: 'DEPLOYMENT_READY', deployment_state_message: '' },
    });
    const routeView = (routes: EndpointState['routes']) =>
      routes
        ? {
            routes: routes.map(r => ({
              served_model_name: r.name,
              served_entity_name: r.name,
              traffic_percentage: r.percent,
            })),
          }
        : undefined;
    let configUpdate: serving.EndpointStateConfigUpdate = 'NOT_UPDATING';
    if (e.pending) configUpdate = 'IN_PROGRESS';
    else if (e.lastUpdateFailed) configUpdate = 'UPDATE_FAILED';
    return {
      id: e.id,
      name: e.name,
      creator: e.creator,
      creation_timestamp: e.createdAt,
      last_updated_timestamp: e.updatedAt,
      permission_level: 'CAN_MANAGE',
      endpoint_url: `${this.store.options.host()}/serving-endpoints/${
        e.name
      }/invocations`,
      state: { ready: 'READY', config_update: configUpdate },
      tags: e.tags.map(t => ({ ...t })),
      config: {
        config_version: e.configVersion,
        served_entities: e.served.map(entityView),
        traffic_config: routeView(e.routes),
        ...(e.autoCapture
          ? { auto_capture_config: autoCaptureView(e.name, e.autoCapture) }
          : {}),
      },
      ...(e.pending
        ? {
            pending_config: {
              config_version: e.configVersion + 1,
              start_time: e.pending.startedAt,
              served_entities: e.pending.served.map(entityView),
              traffic_config: routeView(e.pending.routes),
              ...(e.pending.autoCapture
                ? {
                    auto_capture_config: autoCaptureView(
                      e.name,
                      e.pending.autoCapture,
                    ),
                  }
                : {}),
            },
          }
        : {}),
    };
  }

  /**
   * PUT config: validated as Model Serving validates it, then rolled out after the configured delay
   * (or failed, when a fault says so). A second update while one is in progress is refused.
   */
  updateConfig(
    name: string,
    body: serving.EndpointCoreConfigInput,
    options: { fail?: boolean } = {},
  ): serving.ServingEndpointDetailed {
    this.store.tick();
    const e = this.endpoint(name);
    if (e.pending) {
      throw conflict(
        `Endpoint ${name} is currently being updated. Please wait for the update to finish before making a new one.`,
      );
    }
    const served = this.servedEntitiesOf(e, body);
    const routes = trafficRoutesOf(body, served);
    const autoCapture = autoCaptureOf(body.auto_capture_config);
    const now = this.store.now();
    e.pending = {
      served,
      routes,
      // omitted, it is gone with the rest of the old config
      ...(autoCapture ? { autoCapture } : {}),
      startedAt: now,
      applyAt: now + this.store.options.configUpdateDelaySeconds * 1000,
      fails: Boolean(options.fail) || e.updatesFail,
    };
    for (const s of served) {
      if (!e.profiles.has(s.entityVersion)) {
        // a copied version behaves as its source did (services/promotion.ts)
        e.profiles.set(s.entityVersion, {
          ...(servingProfileOf(
            this.store.metastore,
            s.entityName,
            Number(s.entityVersion),
          ) ?? NEW_VERSION_PROFILE),
        });
      }
    }
    if (this.store.options.configUpdateDelaySeconds <= 0) this.store.tick();
    return this.endpointView(e);
  }

  /** The config's served entities, each validated as Model Serving validates it. */
  private servedEntitiesOf(
    e: EndpointState,
    body: serving.EndpointCoreConfigInput,
  ): ServedEntityState[] {
    const entities =
      body.served_entities ??
      (body as { served_models?: serving.ServedEntityInput[] }).served_models ??
      [];
    if (!Array.isArray(entities) || entities.length === 0) {
      throw invalid('The config must contain at least one served entity.');
    }
    const names = new Set<string>();
    return entities.map((input, i) => {
      if (
        !input ||
        typeof input !== 'object' ||
        typeof input.entity_name !== 'string' ||
        !['string', 'number'].includes(typeof input.entity_version) ||
        input.entity_version === ''
      ) {
        throw invalid(
          `served_entities[${i}] needs entity_name and entity_version.`,
        );
      }
      const model = this.store.models.get(input.entity_name);
      if (!model)
        throw invalid(
          `Registered model '${input.entity_name}' does not exist.`,
        );
      if (!model.versions.has(Number(input.entity_version))) {
        throw invalid(
          `Model version ${input.entity_version} of '${input.entity_name}' does not exist.`,
        );
      }
      const entityName =
        input.name ??
        `${input.entity_name.split('.').pop()}-${input.entity_version}`;
      if (names.has(entityName))
        throw invalid(
          `Served entity name '${entityName}' is used more than once.`,
        );
      names.add(entityName);
      const existing = e.served.find(
        s =>
          s.name === entityName &&
          s.entityVersion === String(input.entity_version),
      );
      return {
        name: entityName,
        entityName: input.entity_name,
        entityVersion: String(input.entity_version),
        // the whole config is replaced: settings the input omits are not carried over
        settings: settingsOf(input, `served_entities[${i}]`),
        createdAt: existing?.createdAt ?? this.store.now(),
      };
    });
  }

  /** The metrics export: the last complete minute of each served entity (servingTraffic.ts). */
  metricsText(name: string): string {
    this.store.tick();
    const e = this.endpoint(name);
    return prometheusText(e, this.store.now(), {
      ...this.store.options.metricsExport,
      ...e.metricsExport,
    });
  }

  /** Makes an endpoint's metrics export differ, as real tiers and versions do (admin API, tests). */
  setMetricsExport(name: string, format: Partial<MetricsExportFormat>) {
    const e = this.endpoint(name);
    const allowed: Record<keyof MetricsExportFormat, unknown[]> = {
      entityLabel: [
        'served_entity_name',
        'served_model_name',
        'served_entity',
        'none',
      ],
      latencyHistogram: [true, false],
      timestamps: [true, false],
      familyType: ['gauge', 'counter'],
    };
    for (const [key, value] of Object.entries(format ?? {})) {
      const values = allowed[key as keyof MetricsExportFormat];
      if (!values) throw invalid(`Unknown metrics export option '${key}'.`);
      if (!values.includes(value))
        throw invalid(
          `${key} must be one of ${values
            .map(v => JSON.stringify(v))
            .join(', ')}.`,
        );
    }
    e.metricsExport = { ...e.metricsExport, ...format };
    return { ...this.store.options.metricsExport, ...e.metricsExport };
  }

  /**
   * Scores records with the served entity the traffic split picks (a score in [0, 1] that depends
   * only on the record and the version); one request in that entity's metrics.
   */
  invoke(
    name: string,
    body: Record<string, unknown>,
  ): { servedEntity: string; response: serving.QueryEndpointResponse } {
    this.store.tick();
    const e = this.endpoint(name);
    const records = invocationRecords(body);
    if (!records || records.length === 0) {
      throw new ApiError(
        400,
        'BAD_REQUEST',
        'Provide dataframe_records, dataframe_split, inputs or instances with at least one record.',
      );
    }
    const routes = e.routes ?? [{ name: e.served[0].name, percent: 100 }];
    const pick = e.rng.pick(
      routes.map(r => r.name),
      routes.map(r => r.percent),
    );
    const entity = e.served.find(s => s.name === pick)!;
    // a failing version fails as often as its profile says, and the metrics show it
    const failed = e.rng.next() < profileOf(e, entity).errorRate;
    const now = this.store.now();
    this.withUsage(e, now, now + 1, TOKEN_REQUESTER, () =>
      record(e, entity, 1, now, failed ? 1 : 0),
    );
    if (failed) {
      throw new ApiError(
        503,
        'TEMPORARILY_UNAVAILABLE',
        `The served entity '${entity.name}' failed to answer. Please retry.`,
      );
    }
    return {
      servedEntity: entity.name,
      response: {
        // most records look normal: cubing a uniform score leaves few near 1
        predictions: records.map(r =>
          round4(
            new Random(
              `${stableJson(r)}:${entity.entityName}:${entity.entityVersion}`,
            ).next() ** 3,
          ),
        ),
      },
    };
  }

  /** Makes a version of a served endpoint slow or failing from now on (a scenario or test fault). */
  setProfile(name: string, version: string, profile: Partial<VersionProfile>) {
    const e = this.endpoint(name);
    const merged: VersionProfile = {
      ...(e.profiles.get(version) ?? NEW_VERSION_PROFILE),
      ...profile,
    };
    if (!(merged.errorRate >= 0 && merged.errorRate <= 1))
      throw invalid('errorRate must be between 0 and 1.');
    if (!(merged.p50Ms > 0 && merged.p99Ms >= merged.p50Ms))
      throw invalid('p50Ms must be above 0 and p99Ms at least p50Ms.');
    e.profiles.set(version, merged);
  }
}

/** An entity's request and error counts so far. */
function totalsOf(m: EntityMetrics): UsageCounts {
  return { ...m.totals };
}

/** A served entity with Databricks' default name, `<model>-<version>`. */
export function servedEntity(
  ucModel: string,
  version: string,
  settings: ServedEntityState['settings'],
  at: number,
): ServedEntityState {
  return {
    name: `${ucModel.split('.').pop()}-${version}`,
    entityName: ucModel,
    entityVersion: version,
    settings,
    createdAt: at,
  };
}

/**
 * The records of an invocation, in any of Model Serving's input formats; `dataframe_split` rows
 * become records, so a record scores the same whichever format carried it.
 */
function invocationRecords(
  body: Record<string, unknown>,
): unknown[] | undefined {
  if (Array.isArray(body.dataframe_records)) return body.dataframe_records;
  const split = body.dataframe_split as
    | { columns?: string[]; data?: unknown[][] }
    | undefined;
  if (split && Array.isArray(split.data)) {
    const columns = split.columns;
    return split.data.map(row =>
      columns && Array.isArray(row)
        ? Object.fromEntries(columns.map((c, i) => [c, row[i]]))
        : row,
    );
  }
  if (Array.isArray(body.inputs)) return body.inputs;
  if (Array.isArray(body.instances)) return body.instances;
  return undefined;
}

/** JSON with object keys sorted, so equal records hash equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${stableJson(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The config's traffic split, validated: whole percentages to its own entities, summing to 100. */
function trafficRoutesOf(
  body: serving.EndpointCoreConfigInput,
  served: ServedEntityState[],
): TrafficRoutes {
  const routesIn = body.traffic_config?.routes;
  if (!routesIn) {
    if (served.length > 1) {
      throw invalid(
        'A traffic_config is required when the config has more than one served entity.',
      );
    }
    return [{ name: served[0].name, percent: 100 }];
  }
  const names = new Set(served.map(s => s.name));
  const total = routesIn.reduce((s, r) => s + (r.traffic_percentage ?? 0), 0);
  for (const r of routesIn) {
    const target = r.served_entity_name ?? r.served_model_name;
    if (!target || !names.has(target)) {
      throw invalid(
        `The traffic route to '${target}' does not name a served entity of this config.`,
      );
    }
    if (
      !Number.isInteger(r.traffic_percentage) ||
      r.traffic_percentage < 0 ||
      r.traffic_percentage > 100
    ) {
      throw invalid(
        `Traffic percentages must be whole numbers between 0 and 100, got ${r.traffic_percentage}.`,
      );
    }
  }
  if (total !== 100)
    throw invalid(
      `The traffic percentages of the routes must sum to 100, got ${total}.`,
    );
  return routesIn.map(r => ({
    name: (r.served_entity_name ?? r.served_model_name)!,
    percent: r.traffic_percentage,
  }));
}
