import type { serving } from '@databricks/sdk-experimental';
import type { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';
import { DatabricksInvalidRequestError } from '../errors';
import { parseServingSamples, ServingScrape } from '../prometheus';
import { WorkspaceCalls } from './calls';
import { collect, LISTING_CAPS } from './listing';

/** Model Serving calls: endpoints, their traffic, metrics and scoring. */
export class ServingCalls {
  constructor(private readonly calls: WorkspaceCalls) {}

  getServingEndpoint(
    workspace: string,
    name: string,
  ): Promise<serving.ServingEndpointDetailed> {
    return this.calls.call(
      workspace,
      'servingEndpoints.get',
      'read',
      (c, ctx) => c.servingEndpoints.get({ name }, ctx),
    );
  }

  listServingEndpoints(workspace: string): Promise<serving.ServingEndpoint[]> {
    return this.calls.call(
      workspace,
      'servingEndpoints.list',
      'read',
      (c, ctx) =>
        collect(c.servingEndpoints.list(ctx), LISTING_CAPS.servingEndpoints),
    );
  }

  /**
   * Replaces the endpoint's served entities and traffic (PUT config) and returns the endpoint as
   * Databricks answered, without waiting for the roll-out: follow `state.config_update`.
   */
  updateServingConfig(
    workspace: string,
    request: serving.EndpointCoreConfigInput,
  ): Promise<serving.ServingEndpointDetailed> {
    return this.calls.call(
      workspace,
      'servingEndpoints.updateConfig',
      'idempotent',
      async (c, ctx) => {
        const waiter = await c.servingEndpoints.updateConfig(request, ctx);
        const { wait: _wait, ...response } = waiter;
        return response as serving.ServingEndpointDetailed;
      },
    );
  }

  /**
   * Sets the endpoint's traffic to these model versions of `ucModel`. `PUT .../config` replaces
   * the whole config, so every served entity goes back with every field it had (GPU workload
   * type, provisioned throughput, environment variables, instance profile, and fields this SDK
   * does not know yet), and the inference table config goes back too; a newly served version copies the settings of the version with the most
   * traffic; versions without traffic are dropped. An endpoint that also serves something else is
   * refused (the new config would drop it). Idempotent: the same routes give the same config.
   */
  async updateServingRoutes(
    workspace: string,
    endpoint: string,
    ucModel: string,
    routes: TrafficRoute[],
  ): Promise<void> {
    const operation = 'servingEndpoints.updateConfig';
    const active = routes.filter(r => r.trafficPercentage > 0);
    if (active.length === 0) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        'at least one model version must receive traffic',
      );
    }
    const total = active.reduce((s, r) => s + r.trafficPercentage, 0);
    if (total !== 100) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        `traffic percentages must add up to 100, got ${total}`,
      );
    }
    const current = await this.getServingEndpoint(workspace, endpoint);
    const served = current.config?.served_entities ?? [];
    const others = served.filter(e => e.entity_name !== ucModel);
    if (others.length > 0) {
      // the new config would drop them: refuse rather than remove what someone else serves
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        `endpoint ${endpoint} also serves ${others
          .map(e => e.name ?? e.entity_name)
          .join(
            ', ',
          )}, not versions of ${ucModel}; fmlops changes the traffic of endpoints that serve one model only`,
      );
    }
    const template = busiestEntity(
      served.filter(e => e.entity_name === ucModel),
      current.config?.traffic_config?.routes ?? [],
    );
    const modelShortName = ucModel.split('.').pop()!;
    const entities: serving.ServedEntityInput[] = active.map(route => {
      const version = String(route.modelVersion);
      const existing = served.find(
        e => e.entity_name === ucModel && String(e.entity_version) === version,
      );
      if (existing) return entityInputOf(existing);
      return {
        ...(template
          ? entityInputOf(template)
          : { workload_size: 'Small', scale_to_zero_enabled: false }),
        name: `${modelShortName}-${version}`,
        entity_name: ucModel,
        entity_version: version,
      };
    });
    // the inference table config is part of the config too: omitted, it would be removed
    const capture = current.config?.auto_capture_config;
    await this.updateServingConfig(workspace, {
      name: endpoint,
      ...(capture ? { auto_capture_config: autoCaptureInputOf(capture) } : {}),
      served_entities: entities,
      traffic_config: {
        routes: active.map((route, i) => ({
          served_model_name: entities[i].name,
          traffic_percentage: route.trafficPercentage,
        })),
      },
    });
  }

  /** The endpoint's metrics as Prometheus text. */
  exportServingMetrics(workspace: string, name: string): Promise<string> {
    return this.calls.call(
      workspace,
      'servingEndpoints.exportMetrics',
      'read',
      async (c, ctx) => {
        const response = await c.servingEndpoints.exportMetrics({ name }, ctx);
        if (!response.contents) {
          return '';
        }
        // read inside the attempt, so the request's deadline covers the body too
        return new Response(response.contents as ReadableStream).text();
      },
    );
  }

  /**
   * The export read as per-minute samples per served entity (requests, errors and latency of
   * one minute each, with the minute's timestamp, or the scrape time when the export gives none).
   */
  async servingMetrics(
    workspace: string,
    name: string,
  ): Promise<ServingScrape> {
    const text = await this.exportServingMetrics(workspace, name);
    const scrapedAt = Date.now();
    return { scrapedAt, samples: parseServingSamples(text, scrapedAt) };
  }

  /** Scores records on the endpoint. Scoring has no side effect, so it is retried like a read. */
  queryEndpoint(
    workspace: string,
    request: serving.QueryEndpointInput,
  ): Promise<serving.QueryEndpointResponse> {
    return this.calls.call(
      workspace,
      'servingEndpoints.query',
      'idempotent',
      (c, ctx) => c.servingEndpoints.query(request, ctx),
    );
  }
}

/**
 * A served entity as config input: every field GET returned except those only Databricks sets.
 * Copying rather than picking keeps fields newer than this SDK (a PUT would reset them).
 */
export function entityInputOf(
  entity: serving.ServedEntityOutput,
): serving.ServedEntityInput {
  const {
    creation_timestamp: _created,
    creator: _creator,
    state: _state,
    foundation_model: _foundationModel,
    ...input
  } = entity;
  // The input may not name both a workload size and a provisioned concurrency range (the SDK's
  // field docs). Should an answer carry both, the range is the precise one: send it alone.
  if (
    input.workload_size !== undefined &&
    (input.min_provisioned_concurrency !== undefined ||
      input.max_provisioned_concurrency !== undefined)
  ) {
    const { workload_size: _size, ...byConcurrency } = input;
    return byConcurrency;
  }
  return input;
}

/** The inference table config as input: all GET returned but its state. */
function autoCaptureInputOf(
  config: serving.AutoCaptureConfigOutput,
): serving.AutoCaptureConfigInput {
  const { state: _state, ...input } = config;
  return input;
}

/** The served entity that gets the most traffic (the first one when no route names any). */
function busiestEntity(
  entities: serving.ServedEntityOutput[],
  routes: serving.Route[],
): serving.ServedEntityOutput | undefined {
  const share = (e: serving.ServedEntityOutput) =>
    routes.find(r => (r.served_entity_name ?? r.served_model_name) === e.name)
      ?.traffic_percentage ?? 0;
  return entities.reduce<serving.ServedEntityOutput | undefined>(
    (best, e) => (best === undefined || share(e) > share(best) ? e : best),
    undefined,
  );
}
