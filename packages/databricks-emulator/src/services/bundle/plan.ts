import { parse } from 'yaml';
import {
  BundleDeployRequest,
  ResolvedBundle,
  ResourceSpec,
} from '../../domain/bundle';
import { invalid } from '../../domain/errors';

/** What the deploy needs from the bundle's resources, checked before anything is created. */
export interface Plan {
  modelKey: string;
  ucModel: string;
  comment?: string;
  experimentKey: string;
  experimentName: string;
  experimentTags: Array<{ key: string; value: string }>;
  endpointKey: string;
  endpoint: string;
  servedEntities: Array<{
    name?: string;
    settings: { workload_size?: string; scale_to_zero_enabled?: boolean };
  }>;
  routes: Array<{ name: string; percent: number }>;
  workloadSize: string;
  scaleToZero: boolean;
  endpointTags: Array<{ key: string; value?: string }>;
  pipelineKey: string;
  pipelineName: string;
  modelTags: Record<string, string>;
  symbols: string[];
  landingTable: string;
}

function only(
  bundle: ResolvedBundle,
  kind: string,
  what: string,
): [string, ResourceSpec] {
  const items = Object.entries(bundle.resources[kind] ?? {});
  if (items.length !== 1)
    throw invalid(
      `The bundle must declare exactly one ${what} (resources.${kind}); it declares ${items.length}.`,
    );
  return items[0];
}

export function planOf(
  bundle: ResolvedBundle,
  files: BundleDeployRequest['files'],
): Plan {
  const [modelKey, model] = only(
    bundle,
    'registered_models',
    'registered model',
  );
  const parts = [model.catalog_name, model.schema_name, model.name];
  if (
    !parts.every(
      p => typeof p === 'string' && /^[a-z_][a-z0-9_]*$/.test(p as string),
    )
  )
    throw invalid(
      `resources.registered_models.${modelKey} needs catalog_name, schema_name and name (lower-case identifiers).`,
    );
  const [experimentKey, experiment] = only(
    bundle,
    'experiments',
    'MLflow experiment',
  );
  const [endpointKey, endpoint] = only(
    bundle,
    'model_serving_endpoints',
    'serving endpoint',
  );
  const [pipelineKey, pipeline] = only(bundle, 'pipelines', 'DLT pipeline');
  const config = (endpoint.config ?? {}) as {
    served_entities?: Array<Record<string, unknown>>;
    traffic_config?: {
      routes?: Array<{
        served_model_name?: string;
        served_entity_name?: string;
        traffic_percentage?: number;
      }>;
    };
  };
  const served = (config.served_entities ?? []).map(e => ({
    name: typeof e.name === 'string' ? e.name : undefined,
    settings: {
      workload_size: String(e.workload_size ?? 'Small'),
      scale_to_zero_enabled: String(e.scale_to_zero_enabled) === 'true',
    },
  }));
  if (served.length === 0)
    throw invalid(
      `resources.model_serving_endpoints.${endpointKey}.config.served_entities is empty.`,
    );
  const routes = (config.traffic_config?.routes ?? []).map(r => ({
    name: String(r.served_model_name ?? r.served_entity_name ?? ''),
    percent: Number(r.traffic_percentage ?? 0),
  }));
  if (routes.length > 0 && routes.reduce((t, r) => t + r.percent, 0) !== 100)
    throw invalid(
      `resources.model_serving_endpoints.${endpointKey}: traffic percentages must add up to 100.`,
    );
  if (typeof endpoint.name !== 'string' || !endpoint.name)
    throw invalid(
      `resources.model_serving_endpoints.${endpointKey}.name is required.`,
    );
  const tagList = (value: unknown) =>
    Array.isArray(value)
      ? value
          .filter(
            (t): t is { key: string; value?: unknown } =>
              !!t &&
              typeof t === 'object' &&
              typeof (t as { key?: unknown }).key === 'string',
          )
          .map(t => ({
            key: t.key,
            value: t.value === undefined ? '' : String(t.value),
          }))
      : [];
  return {
    modelKey,
    ucModel: parts.join('.'),
    comment: typeof model.comment === 'string' ? model.comment : undefined,
    experimentKey,
    experimentName: String(experiment.name ?? `/Shared/${bundle.name}`),
    experimentTags: tagList(experiment.tags),
    endpointKey,
    endpoint: endpoint.name,
    servedEntities: served,
    routes,
    workloadSize: served[0].settings.workload_size ?? 'Small',
    scaleToZero: served[0].settings.scale_to_zero_enabled ?? false,
    endpointTags: tagList(endpoint.tags),
    pipelineKey,
    pipelineName: String(pipeline.name ?? pipelineKey),
    modelTags: {},
    symbols: symbolsOf(files),
    landingTable: `${parts[2]}_trades_bronze`,
  };
}

/** The Finnhub symbols of the project (project_config.yml's data.finnhub_symbols), when sent. */
function symbolsOf(files: BundleDeployRequest['files']): string[] {
  try {
    const config = parse(files['project_config.yml'] ?? '') as {
      data?: { finnhub_symbols?: unknown };
    } | null;
    const symbols = config?.data?.finnhub_symbols;
    return Array.isArray(symbols) ? symbols.map(String) : [];
  } catch {
    return [];
  }
}
