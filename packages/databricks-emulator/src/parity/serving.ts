import type { serving } from '@databricks/sdk-experimental';
import { SOURCES } from './sources';
import { ParityCase, ParityTarget } from './types';

/** Model Serving: the endpoint reads, the whole-config PUT, the metrics export and scoring. */

const CONFIG_UPDATE = [
  'NOT_UPDATING',
  'IN_PROGRESS',
  'UPDATE_FAILED',
  'UPDATE_CANCELED',
] as const;
/** The SDK's ServingModelWorkloadType, and the docs' per-cloud GPU types beyond it. */
const WORKLOAD_TYPE = /^(CPU|(MULTI)?GPU_[A-Z0-9_]+)$/;

const ENDPOINT_SHAPE = {
  name: 'string',
  id: 'string',
  'creation_timestamp?': 'number',
  'state.ready': ['READY', 'NOT_READY'],
  'state.config_update': CONFIG_UPDATE,
  'config.config_version?': 'number',
  'config.served_entities[].name': 'string',
  'config.served_entities[].entity_name': 'string',
  'config.served_entities[].entity_version': 'string',
  'config.served_entities[].workload_type?': WORKLOAD_TYPE,
  'config.served_entities[].workload_size?': 'string',
  'config.served_entities[].scale_to_zero_enabled?': 'boolean',
  'config.served_entities[].environment_vars?': 'object',
  'config.served_entities[].state.deployment?': [
    'DEPLOYMENT_READY',
    'DEPLOYMENT_CREATING',
    'DEPLOYMENT_FAILED',
    'DEPLOYMENT_ABORTED',
    'DEPLOYMENT_RECOVERING',
  ],
  'config.traffic_config.routes[].served_model_name?': 'string',
  'config.traffic_config.routes[].traffic_percentage': 'number',
  'tags[].key?': 'string',
} as const;

/** The endpoint without the waiter the SDK adds to updateConfig's answer. */
function answerOf(
  waiter: serving.ServingEndpointDetailed & { wait?: unknown },
): serving.ServingEndpointDetailed {
  const { wait: _wait, ...answer } = waiter;
  return answer;
}

/** The endpoint's current config sent back whole (inference table included), with new routes, as fmlops' gateway does. */
async function resend(t: ParityTarget, percentages: number[]) {
  const name = t.names.endpoint!;
  const current = await t.client.servingEndpoints.get({ name });
  const entities = (current.config?.served_entities ?? []).map(
    ({ creation_timestamp: _c, creator: _u, state: _s, ...input }) => input,
  );
  const capture = current.config?.auto_capture_config;
  return {
    name,
    ...(capture
      ? {
          auto_capture_config: {
            catalog_name: capture.catalog_name,
            schema_name: capture.schema_name,
            table_name_prefix: capture.table_name_prefix,
            enabled: capture.enabled,
          },
        }
      : {}),
    served_entities: entities,
    traffic_config: {
      routes: entities.map((e, i) => ({
        served_model_name: e.name,
        traffic_percentage: percentages[i] ?? 0,
      })),
    },
  };
}

/** JSON with object keys sorted: the same fields in another order are the same config. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export const servingCases: ParityCase[] = [
  {
    id: 'serving.list.endpoints',
    calls: ['servingEndpoints.list'],
    behaviour:
      'GET /api/2.0/serving-endpoints lists every endpoint with its state and a summary of its served entities.',
    sources: [SOURCES.restServing, SOURCES.sdkServingModel],
    needs: [],
    run: async t => {
      const endpoints: serving.ServingEndpoint[] = [];
      for await (const e of t.client.servingEndpoints.list()) {
        endpoints.push(e);
        if (endpoints.length >= 50) break;
      }
      return { endpoints };
    },
    expect: {
      shape: {
        'endpoints[].name': 'string',
        'endpoints[].state.ready': ['READY', 'NOT_READY'],
        'endpoints[].state.config_update?': CONFIG_UPDATE,
        'endpoints[].config.served_entities[].name?': 'string',
      },
    },
  },
  {
    id: 'serving.get.endpoint',
    calls: ['servingEndpoints.get'],
    behaviour:
      'GET /api/2.0/serving-endpoints/{name} answers the config with every served entity (workload type, size, scale-to-zero, environment variables, provisioned throughput) and the traffic routes.',
    sources: [
      SOURCES.restServing,
      SOURCES.sdkServingModel,
      SOURCES.docsGpuTypes,
    ],
    needs: ['endpoint'],
    run: t => t.client.servingEndpoints.get({ name: t.names.endpoint! }),
    expect: { shape: ENDPOINT_SHAPE },
  },
  {
    id: 'auth.invalid-token',
    calls: ['servingEndpoints.list'],
    behaviour:
      'A token the workspace does not know is refused with 403 and a { error_code, message } body ("Invalid access token"); the error_code may be PERMISSION_DENIED or the bare status.',
    sources: [SOURCES.jsSdkApiErrTest, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: async t => {
      for await (const e of t
        .clientWithToken('dapi00000000000000000000000000000000')
        .servingEndpoints.list()) {
        return e;
      }
      return undefined;
    },
    expect: {
      error: { status: 403, errorCode: ['PERMISSION_DENIED', '403'] },
    },
  },
  {
    id: 'serving.get.unknown-endpoint',
    calls: ['servingEndpoints.get'],
    behaviour:
      'An endpoint that does not exist is 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restServing, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: t =>
      t.client.servingEndpoints.get({ name: `${t.scratch}-no-such-endpoint` }),
    expect: { error: { status: 404, errorCode: ['RESOURCE_DOES_NOT_EXIST'] } },
  },
  {
    id: 'serving.update-config.round-trip',
    calls: ['servingEndpoints.updateConfig'],
    behaviour:
      'PUT .../config replaces the whole config: the answer shows the new config as pending_config with state.config_update IN_PROGRESS, and once rolled out GET shows every field that was sent (and none that was not) with NOT_UPDATING.',
    sources: [
      SOURCES.restUpdateConfig,
      SOURCES.sdkServingModel,
      SOURCES.sdkServingApi,
      SOURCES.cliFakeServing,
    ],
    needs: ['endpoint'],
    writes: true,
    run: async t => {
      const current = await t.client.servingEndpoints.get({
        name: t.names.endpoint!,
      });
      const percentages = (current.config?.traffic_config?.routes ?? []).map(
        r => r.traffic_percentage,
      );
      const body = await resend(t, percentages);
      const answer = answerOf(
        await t.client.servingEndpoints.updateConfig(body),
      );
      const settled = await t.settle(
        () => t.client.servingEndpoints.get({ name: t.names.endpoint! }),
        e => e.state?.config_update !== 'IN_PROGRESS',
      );
      const strip = (e: serving.ServedEntityOutput) => {
        const { creation_timestamp: _c, creator: _u, state: _s, ...rest } = e;
        return rest;
      };
      const sent = canonical(body.served_entities);
      const kept = canonical(settled.config?.served_entities?.map(strip));
      return {
        answered: answer.state?.config_update,
        pending: answer.pending_config ? 'present' : 'absent',
        settled: settled.state?.config_update,
        sameEntities: sent === kept ? 'yes' : `no: sent ${sent}, got ${kept}`,
      };
    },
    expect: {
      shape: {
        answered: ['IN_PROGRESS', 'NOT_UPDATING'],
        pending: ['present', 'absent'],
        settled: ['NOT_UPDATING'],
        sameEntities: ['yes'],
      },
    },
  },
  {
    id: 'serving.update-config.routes-not-100',
    calls: ['servingEndpoints.updateConfig'],
    behaviour:
      'Routes that do not sum to 100 are refused with 400 INVALID_PARAMETER_VALUE and nothing changes.',
    sources: [SOURCES.restUpdateConfig, SOURCES.pySdkPlatformErrors],
    needs: ['endpoint'],
    writes: true,
    run: async t => {
      // 60 % to the first entity, none to the others
      return t.client.servingEndpoints.updateConfig(await resend(t, [60]));
    },
    expect: {
      error: {
        status: 400,
        errorCode: ['INVALID_PARAMETER_VALUE', 'BAD_REQUEST'],
      },
    },
  },
  {
    id: 'serving.update-config.while-updating',
    calls: ['servingEndpoints.updateConfig'],
    behaviour:
      'A second PUT .../config while one is rolling out is refused with 409 RESOURCE_CONFLICT.',
    sources: [SOURCES.restUpdateConfig, SOURCES.pySdkPlatformErrors],
    needs: ['endpoint'],
    writes: true,
    run: async t => {
      const current = await t.client.servingEndpoints.get({
        name: t.names.endpoint!,
      });
      const percentages = (current.config?.traffic_config?.routes ?? []).map(
        r => r.traffic_percentage,
      );
      const body = await resend(t, percentages);
      await t.client.servingEndpoints.updateConfig(body);
      try {
        return await t.client.servingEndpoints.updateConfig(body);
      } finally {
        await t.settle(
          () => t.client.servingEndpoints.get({ name: t.names.endpoint! }),
          e => e.state?.config_update !== 'IN_PROGRESS',
        );
      }
    },
    expect: { error: { status: 409, errorCode: ['RESOURCE_CONFLICT'] } },
  },
  {
    id: 'serving.update-config.unknown-workload-type',
    calls: ['servingEndpoints.updateConfig'],
    behaviour:
      'A workload type that is neither CPU nor a GPU type is refused with 400 INVALID_PARAMETER_VALUE.',
    sources: [SOURCES.sdkServingModel, SOURCES.docsGpuTypes],
    needs: ['endpoint'],
    writes: true,
    run: async t => {
      const body = await resend(t, [100]);
      body.served_entities = body.served_entities.slice(0, 1).map(e => ({
        ...e,
        workload_type: 'TPU_HUGE' as serving.ServingModelWorkloadType,
      }));
      body.traffic_config.routes = body.traffic_config.routes.slice(0, 1);
      return t.client.servingEndpoints.updateConfig(body);
    },
    expect: {
      error: {
        status: 400,
        errorCode: ['INVALID_PARAMETER_VALUE', 'BAD_REQUEST'],
      },
    },
  },
  {
    id: 'serving.export-metrics.text',
    calls: ['servingEndpoints.exportMetrics'],
    behaviour:
      'GET .../metrics answers Prometheus / OpenMetrics text with the request counts and latency per served entity.',
    sources: [SOURCES.restExportMetrics, SOURCES.docsMetricsExport],
    needs: ['endpoint'],
    run: async t => {
      const response = await t.client.servingEndpoints.exportMetrics({
        name: t.names.endpoint!,
      });
      const text = response.contents
        ? await new Response(response.contents as ReadableStream).text()
        : '';
      return {
        hasRequestCount: /^request_count_total[{ ]/m.test(text) ? 'yes' : 'no',
        typesDeclared: /^# TYPE /m.test(text) ? 'yes' : 'no',
      };
    },
    expect: { shape: { hasRequestCount: ['yes'], typesDeclared: ['yes'] } },
  },
  {
    id: 'serving.export-metrics.per-minute',
    calls: ['servingEndpoints.exportMetrics'],
    behaviour:
      'The request families count the last minute (gauges despite the _total suffix; some exports declare them counter), samples carry a minute-aligned epoch-ms timestamp or none, and the latency histogram may be absent (src/parity/serving-metrics.md).',
    sources: [
      SOURCES.docsMetricsExport,
      SOURCES.datadogServingMetrics,
      SOURCES.prometheusExposition,
      SOURCES.publicServingScrapes,
    ],
    needs: ['endpoint'],
    run: async t => {
      const response = await t.client.servingEndpoints.exportMetrics({
        name: t.names.endpoint!,
      });
      const text = response.contents
        ? await new Response(response.contents as ReadableStream).text()
        : '';
      const stamps = [
        ...text.matchAll(
          /^request_count_total(?:\{[^}]*\})?\s+\S+(?:\s+(\d+))?\s*$/gm,
        ),
      ].map(m => m[1]);
      let sampleTimestamps = 'none';
      if (stamps.some(ts => ts !== undefined)) {
        sampleTimestamps = stamps.every(
          ts => ts !== undefined && Number(ts) % 60_000 === 0,
        )
          ? 'minute-aligned'
          : 'other';
      }
      return {
        requestFamilyType:
          /^# TYPE request_count_total (\w+)/m.exec(text)?.[1] ?? 'undeclared',
        sampleTimestamps,
        latency: /^request_latency_ms_bucket[{ ]/m.test(text)
          ? 'histogram'
          : 'absent',
      };
    },
    expect: {
      shape: {
        requestFamilyType: ['gauge', 'counter'],
        sampleTimestamps: ['minute-aligned', 'none'],
        latency: ['histogram', 'absent'],
      },
    },
  },
  {
    id: 'serving.export-metrics.unknown-endpoint',
    calls: ['servingEndpoints.exportMetrics'],
    behaviour:
      'Metrics of an endpoint that does not exist are 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restExportMetrics, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: t =>
      t.client.servingEndpoints.exportMetrics({
        name: `${t.scratch}-no-such-endpoint`,
      }),
    expect: { error: { status: 404, errorCode: ['RESOURCE_DOES_NOT_EXIST'] } },
  },
  {
    id: 'serving.query.no-records',
    calls: ['servingEndpoints.query'],
    behaviour: 'Scoring without any input records is refused with a 400.',
    sources: [SOURCES.restServing],
    needs: ['endpoint'],
    run: t =>
      t.client.servingEndpoints.query({
        name: t.names.endpoint!,
        dataframe_records: [],
      }),
    expect: {
      error: {
        status: 400,
        errorCode: ['BAD_REQUEST', 'INVALID_PARAMETER_VALUE'],
      },
    },
  },
];
