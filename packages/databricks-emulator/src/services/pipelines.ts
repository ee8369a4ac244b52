import type { pipelines } from '@databricks/sdk-experimental';
import { MINUTE } from '../domain/clock';
import { ApiError, invalid, notFound } from '../domain/errors';
import { Random } from '../domain/random';
import { pageOf } from './paging';
import {
  PipelineState,
  PipelineUpdateState,
  TimeDriven,
  WorkspaceStore,
} from './store';

/**
 * Lakeflow Declarative Pipelines (DLT): pipelines, updates that move through their life cycle as
 * emulated time passes, and the events they write, with each dataset's expectation results.
 */

/** How a DLT update moves on, in emulated ms from its start, before it runs for UPDATE_RUN_MS. */
const UPDATE_STAGES: Array<[number, pipelines.UpdateInfoState]> = [
  [0, 'WAITING_FOR_RESOURCES'],
  [10_000, 'INITIALIZING'],
  [30_000, 'SETTING_UP_TABLES'],
  [45_000, 'RUNNING'],
];
const UPDATE_RUN_MS = 4 * MINUTE;
/** How long an update takes from its start to COMPLETED, in emulated ms. */
export const UPDATE_TOTAL_MS = 45_000 + UPDATE_RUN_MS;

export class PipelinesService implements TimeDriven {
  constructor(private readonly store: WorkspaceStore) {}

  /** Ends the updates whose time has come, writing their events. */
  catchUp(now: number): void {
    for (const p of this.store.pipelines.values()) {
      for (const u of p.updates) {
        if (!u.finalState && now - u.creation_time >= UPDATE_TOTAL_MS) {
          completeUpdate(
            p,
            u,
            u.creation_time + UPDATE_TOTAL_MS,
            new Random(`${p.id}:${u.update_id}`),
          );
        }
      }
    }
  }

  private pipeline(id: string): PipelineState {
    const p = this.store.pipelines.get(id);
    if (!p) throw notFound(`Pipeline '${id}'`);
    return p;
  }

  /** An update's state now: its final one, or where it is in its life cycle. */
  private updateState(
    u: PipelineUpdateState,
    now: number,
  ): pipelines.UpdateInfoState {
    if (u.finalState) return u.finalState;
    const age = now - u.creation_time;
    let state: pipelines.UpdateInfoState = 'QUEUED';
    for (const [from, stage] of UPDATE_STAGES) if (age >= from) state = stage;
    return state;
  }

  private activeUpdate(p: PipelineState): PipelineUpdateState | undefined {
    return p.updates.find(u => !u.finalState);
  }

  listPipelines(): pipelines.PipelineStateInfo[] {
    this.store.tick();
    return [...this.store.pipelines.values()].map(p => {
      const view = this.pipelineView(p);
      return {
        pipeline_id: p.id,
        name: p.name,
        state: view.state,
        health: view.health,
        latest_updates: view.latest_updates,
        creator_user_name: view.creator_user_name,
      };
    });
  }

  getPipeline(id: string): pipelines.GetPipelineResponse {
    this.store.tick();
    return this.pipelineView(this.pipeline(id));
  }

  private pipelineView(p: PipelineState): pipelines.GetPipelineResponse {
    const now = this.store.now();
    const failing = p.failing !== undefined;
    const active = this.activeUpdate(p);
    return {
      pipeline_id: p.id,
      name: p.name,
      state: active ? 'RUNNING' : 'IDLE',
      health: failing ? 'UNHEALTHY' : 'HEALTHY',
      creator_user_name: 'ml-platform@fmlops.example',
      run_as_user_name: 'fmlops-sp',
      last_modified: p.createdAt,
      latest_updates: p.updates.slice(0, 5).map(u => ({
        update_id: u.update_id,
        state: this.updateState(u, now),
        creation_time: new Date(u.creation_time).toISOString(),
      })),
      spec: {
        id: p.id,
        name: p.name,
        catalog: p.catalog,
        target: p.target,
        serverless: true,
        continuous: false,
        development: false,
        channel: 'CURRENT',
        libraries: [
          { file: { path: '/Workspace/fmlops/src/dlt/pipeline.py' } },
        ],
      },
      ...(failing
        ? {
            cause: `Expectation ${p.failing!.expectation} on ${
              p.failing!.dataset
            } failed for ${(p.failing!.failRate * 100).toFixed(
              1,
            )} % of records`,
          }
        : {}),
    };
  }

  listUpdates(
    id: string,
    query: { max_results?: number; page_token?: string } = {},
  ): pipelines.ListUpdatesResponse {
    this.store.tick();
    const p = this.pipeline(id);
    const now = this.store.now();
    const all = p.updates.map(
      (u): pipelines.UpdateInfo => ({
        update_id: u.update_id,
        pipeline_id: p.id,
        state: this.updateState(u, now),
        cause: u.cause,
        full_refresh: u.full_refresh,
        creation_time: u.creation_time,
      }),
    );
    const { page, nextToken } = pageOf(
      all,
      query.max_results ?? 25,
      query.page_token,
      100,
    );
    return {
      updates: page,
      ...(nextToken ? { next_page_token: nextToken } : {}),
    };
  }

  getUpdate(id: string, updateId: string): pipelines.GetUpdateResponse {
    const u = this.listUpdates(id, { max_results: 100 }).updates?.find(
      x => x.update_id === updateId,
    );
    if (!u) throw notFound(`Update '${updateId}' of pipeline '${id}'`);
    return { update: u };
  }

  /** Starts an update; it moves through its life cycle as emulated time passes. One at a time. */
  startUpdate(
    id: string,
    body: Partial<pipelines.StartUpdate> = {},
  ): pipelines.StartUpdateResponse {
    this.store.tick();
    const p = this.pipeline(id);
    const active = this.activeUpdate(p);
    if (active) {
      throw new ApiError(
        409,
        'RESOURCE_CONFLICT',
        `An active update '${active.update_id}' already exists for pipeline '${id}'.`,
      );
    }
    const now = this.store.now();
    const update: PipelineUpdateState = {
      update_id: new Random(`${id}:update:${now}:${p.updates.length}`).uuid(),
      creation_time: now,
      cause: 'API_CALL',
      full_refresh: Boolean(body.full_refresh),
    };
    p.updates.unshift(update);
    p.events.unshift({
      id: new Random(`${update.update_id}:created`).uuid(),
      event_type: 'create_update',
      level: 'INFO',
      maturity_level: 'STABLE',
      timestamp: new Date(now).toISOString(),
      message: `Update ${update.update_id.slice(0, 6)} started by API_CALL.`,
      origin: {
        pipeline_id: p.id,
        pipeline_name: p.name,
        update_id: update.update_id,
      },
    });
    return { update_id: update.update_id };
  }

  /** Stops the running update (CANCELED); stopping an idle pipeline does nothing, as in Databricks. */
  stopPipeline(id: string): void {
    this.store.tick();
    const p = this.pipeline(id);
    const active = this.activeUpdate(p);
    if (!active) return;
    active.finalState = 'CANCELED';
    active.endedAt = this.store.now();
    p.events.unshift({
      id: new Random(`${active.update_id}:canceled`).uuid(),
      event_type: 'update_progress',
      level: 'INFO',
      maturity_level: 'STABLE',
      timestamp: new Date(active.endedAt).toISOString(),
      message: `Update ${active.update_id.slice(0, 6)} is CANCELED.`,
      origin: {
        pipeline_id: p.id,
        pipeline_name: p.name,
        update_id: active.update_id,
      },
    });
  }

  listEvents(
    id: string,
    query: {
      max_results?: number;
      page_token?: string;
      order_by?: string[] | string;
    },
  ): pipelines.ListPipelineEventsResponse {
    this.store.tick();
    const p = this.pipeline(id);
    const order = Array.isArray(query.order_by)
      ? query.order_by[0]
      : query.order_by;
    if (order && !/^\s*timestamp(\s+(asc|desc))?\s*$/i.test(order)) {
      throw invalid(
        `order_by must be 'timestamp asc' or 'timestamp desc', got '${order}'.`,
      );
    }
    const events =
      order && /asc/i.test(order) ? [...p.events].reverse() : p.events;
    const { page, nextToken } = pageOf(
      events,
      query.max_results ?? 25,
      query.page_token,
      250,
    );
    return {
      events: page,
      ...(nextToken ? { next_page_token: nextToken } : {}),
    };
  }
}

/** Ends an update: a flow_progress event with expectation results per dataset, then COMPLETED. */
export function completeUpdate(
  p: PipelineState,
  update: PipelineUpdateState,
  endedAt: number,
  rng: Random,
) {
  const updateId = update.update_id;
  const at = endedAt - 2 * MINUTE;
  update.finalState = 'COMPLETED';
  update.endedAt = endedAt;
  const layers: Array<[string, string[]]> = p.datasets
    ? p.datasets.map(d => [d.name, d.expectations])
    : [
        ['trades_bronze', ['valid_payload', 'has_symbol']],
        ['trades_silver', ['valid_price', 'positive_volume', 'known_currency']],
        ['features_gold', ['complete_features']],
      ];
  for (const [dataset, expectations] of layers) {
    const records = 40_000 + rng.int(0, 10_000);
    const results = expectations.map(name => {
      const failRate =
        p.failing &&
        p.failing.dataset === dataset &&
        p.failing.expectation === name
          ? p.failing.failRate
          : rng.next() * 0.0005;
      const failed = Math.round(records * failRate);
      return {
        name,
        dataset,
        passed_records: records - failed,
        failed_records: failed,
      };
    });
    // expect_or_drop: records failing any expectation do not reach the table
    const dropped = Math.max(0, ...results.map(r => r.failed_records));
    const failing = results.some(r => r.failed_records / records > 0.01);
    p.events.unshift({
      id: rng.uuid(),
      event_type: 'flow_progress',
      level: failing ? 'WARN' : 'INFO',
      maturity_level: 'STABLE',
      timestamp: new Date(at + 60_000).toISOString(),
      message: `Flow '${dataset}' has COMPLETED.`,
      origin: {
        pipeline_id: p.id,
        pipeline_name: p.name,
        update_id: updateId,
        flow_name: dataset,
        dataset_name: dataset,
      },
      details: {
        flow_progress: {
          status: 'COMPLETED',
          metrics: { num_output_rows: records - dropped },
          data_quality: { dropped_records: dropped, expectations: results },
        },
      },
    } as pipelines.PipelineEvent);
  }
  p.events.unshift({
    id: rng.uuid(),
    event_type: 'update_progress',
    level: 'INFO',
    maturity_level: 'STABLE',
    timestamp: new Date(endedAt).toISOString(),
    message: `Update ${updateId.slice(0, 6)} is COMPLETED.`,
    origin: { pipeline_id: p.id, pipeline_name: p.name, update_id: updateId },
  });
}
