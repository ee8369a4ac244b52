import type { pipelines } from '@databricks/sdk-experimental';
import { SOURCES } from './sources';
import { ParityCase } from './types';

/** Lakeflow Declarative Pipelines (DLT): the pipeline, its updates and its event log. */

const PIPELINE_STATE = [
  'DELETED',
  'DEPLOYING',
  'FAILED',
  'IDLE',
  'RECOVERING',
  'RESETTING',
  'RUNNING',
  'STARTING',
  'STOPPING',
] as const;
const UPDATE_STATE = [
  'CANCELED',
  'COMPLETED',
  'CREATED',
  'FAILED',
  'INITIALIZING',
  'QUEUED',
  'RESETTING',
  'RUNNING',
  'SETTING_UP_TABLES',
  'STOPPING',
  'WAITING_FOR_RESOURCES',
] as const;

export const pipelinesCases: ParityCase[] = [
  {
    id: 'pipelines.get',
    calls: ['pipelines.get'],
    behaviour:
      'GET /api/2.0/pipelines/{id} answers its state, health and latest updates.',
    sources: [SOURCES.restPipelines, SOURCES.sdkPipelinesModel],
    needs: ['pipelineId'],
    run: t => t.client.pipelines.get({ pipeline_id: t.names.pipelineId! }),
    expect: {
      shape: {
        pipeline_id: 'string',
        name: 'string',
        state: PIPELINE_STATE,
        'health?': ['HEALTHY', 'UNHEALTHY'],
        'latest_updates[].update_id?': 'string',
        'latest_updates[].state?': UPDATE_STATE,
      },
    },
  },
  {
    id: 'pipelines.get.unknown',
    calls: ['pipelines.get'],
    behaviour: 'A pipeline that does not exist is 404 RESOURCE_DOES_NOT_EXIST.',
    sources: [SOURCES.restPipelines, SOURCES.pySdkPlatformErrors],
    needs: [],
    run: t =>
      t.client.pipelines.get({
        pipeline_id: '00000000-0000-4000-8000-000000000000',
      }),
    expect: { error: { status: 404, errorCode: ['RESOURCE_DOES_NOT_EXIST'] } },
  },
  {
    id: 'pipelines.updates.list',
    calls: ['pipelines.listUpdates'],
    behaviour:
      'GET /api/2.0/pipelines/{id}/updates lists updates with their state and creation time.',
    sources: [SOURCES.restPipelines, SOURCES.sdkPipelinesModel],
    needs: ['pipelineId'],
    run: t =>
      t.client.pipelines.listUpdates({
        pipeline_id: t.names.pipelineId!,
        max_results: 5,
      }),
    expect: {
      shape: {
        'updates[].update_id': 'string',
        'updates[].state': UPDATE_STATE,
        'updates[].creation_time?': 'number',
      },
    },
  },
  {
    id: 'pipelines.events.list',
    calls: ['pipelines.listPipelineEvents'],
    behaviour:
      'GET /api/2.0/pipelines/{id}/events pages through the event log, newest first: event_type, level, timestamp, message, details.',
    sources: [SOURCES.restPipelines, SOURCES.sdkPipelinesModel],
    needs: ['pipelineId'],
    run: async t => {
      const events: pipelines.PipelineEvent[] = [];
      for await (const e of t.client.pipelines.listPipelineEvents({
        pipeline_id: t.names.pipelineId!,
        max_results: 25,
      })) {
        events.push(e);
        if (events.length >= 25) break;
      }
      return { events };
    },
    expect: {
      shape: {
        'events[].id': 'string',
        'events[].event_type': 'string',
        'events[].level': ['ERROR', 'INFO', 'METRICS', 'WARN'],
        'events[].timestamp': 'string',
        'events[].message?': 'string',
      },
    },
  },
];
