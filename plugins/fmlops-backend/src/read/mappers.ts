import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
  ServingScrape,
} from '@fmlops/backstage-plugin-fmlops-node';
import {
  ConfigUpdateState,
  DatasetHealth,
  driftStatus,
  DriftState,
  DriftThresholds,
  DriftWindowSummary,
  ExpectationResult,
  FeatureDrift,
  JobRunSummary,
  PipelineHealth,
  RegistryState,
  ServedVersion,
  ServedVersionMetrics,
  ServingMinute,
  ServingSample,
  ServingState,
  Tournament,
  TOURNAMENT_METRICS,
  TournamentEntry,
  TournamentMetric,
  TournamentState,
  versionLineage,
} from '@fmlops/backstage-plugin-fmlops-common';

/**
 * Pure mappings from what Databricks answers (the SDK's model types) to the overview's sections.
 * Kept apart from the calls so they are tested on recorded shapes.
 */

const isoFromMillis = (ms?: number) =>
  ms === undefined || ms === null
    ? undefined
    : new Date(Number(ms)).toISOString();

/** Unity Catalog aliases per version number, e.g. { '4': ['champion'] }. */
export function aliasesByVersion(
  model: catalog.RegisteredModelInfo | undefined,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const alias of model?.aliases ?? []) {
    if (alias.alias_name && alias.version_num !== undefined) {
      const key = String(alias.version_num);
      out.set(key, [...(out.get(key) ?? []), alias.alias_name]);
    }
  }
  return out;
}

/** The version the registered model's `champion` alias names, if any. */
export function championOf(
  info: catalog.RegisteredModelInfo | undefined,
): string | undefined {
  const alias = info?.aliases?.find(a => a.alias_name === 'champion');
  return alias?.version_num === undefined
    ? undefined
    : String(alias.version_num);
}

/** Kept samples as the overview shows them: one point per minute, with its error rate. */
export function toServingMinutes(samples: ServingSample[]): ServingMinute[] {
  return samples.map(s => {
    const minute: ServingMinute = {
      at: new Date(s.at).toISOString(),
      requests: s.requests,
      errors: s.errors,
      errorRate: s.requests > 0 ? s.errors / s.requests : 0,
    };
    if (s.trafficPercentage !== undefined)
      minute.trafficPercentage = s.trafficPercentage;
    if (s.p50LatencyMs !== undefined) minute.p50LatencyMs = s.p50LatencyMs;
    if (s.p99LatencyMs !== undefined) minute.p99LatencyMs = s.p99LatencyMs;
    return minute;
  });
}

function servedVersions(
  entities: serving.ServedEntityOutput[] | undefined,
  routes: serving.Route[] | undefined,
  aliases: Map<string, string[]>,
  metrics: Map<string, ServedVersionMetrics>,
  kept: Record<string, ServingSample[]> = {},
): ServedVersion[] {
  const traffic = new Map<string, number>();
  for (const route of routes ?? []) {
    const name = route.served_entity_name ?? route.served_model_name;
    if (name) {
      traffic.set(name, route.traffic_percentage);
    }
  }
  const list = entities ?? [];
  return list.map(entity => {
    const name =
      entity.name ?? `${entity.entity_name}-${entity.entity_version}`;
    const version = String(entity.entity_version ?? '');
    return {
      servedEntityName: name,
      modelName: entity.entity_name ?? '',
      modelVersion: version,
      aliases: aliases.get(version) ?? [],
      // a single served entity without a traffic config takes all traffic
      trafficPercentage:
        traffic.get(name) ?? (list.length === 1 && !routes ? 100 : 0),
      workloadSize: entity.workload_size,
      scaleToZeroEnabled: entity.scale_to_zero_enabled,
      metrics: metrics.get(name),
      ...(kept[version]?.length
        ? { minutes: toServingMinutes(kept[version]) }
        : {}),
    };
  });
}

/**
 * Per served entity, the newest minute the export shows: its requests and errors and their
 * rate, and its latency percentiles. Series that name no entity count for a lone served entity.
 */
export function lastMinuteMetrics(
  scrape: ServingScrape | undefined,
  entities: serving.ServedEntityOutput[] | undefined,
): Map<string, ServedVersionMetrics> {
  const out = new Map<string, ServedVersionMetrics>();
  const newest = new Map<string, number>();
  for (const s of scrape?.samples ?? []) {
    const name =
      s.servedEntity === '' && entities?.length === 1
        ? entities[0].name ?? ''
        : s.servedEntity;
    if ((newest.get(name) ?? -Infinity) > s.at) continue;
    newest.set(name, s.at);
    const m: ServedVersionMetrics = {
      requests: s.requests,
      errors: s.errors,
      errorRate: s.requests > 0 ? s.errors / s.requests : 0,
    };
    if (s.p50LatencyMs !== undefined) m.p50LatencyMs = s.p50LatencyMs;
    if (s.p99LatencyMs !== undefined) m.p99LatencyMs = s.p99LatencyMs;
    out.set(name, m);
  }
  return out;
}

export function toServingState(
  endpoint: serving.ServingEndpointDetailed,
  aliases: Map<string, string[]>,
  scrape: ServingScrape | undefined,
  /** the per-minute samples kept per model version */
  kept: Record<string, ServingSample[]> = {},
): ServingState {
  const metrics = lastMinuteMetrics(scrape, endpoint.config?.served_entities);
  const pending = endpoint.pending_config;
  return {
    endpointName: endpoint.name ?? '',
    ready: endpoint.state?.ready ?? 'NOT_READY',
    configUpdate: (endpoint.state?.config_update ??
      'NOT_UPDATING') as ConfigUpdateState,
    configVersion: endpoint.config?.config_version,
    servedVersions: servedVersions(
      endpoint.config?.served_entities,
      endpoint.config?.traffic_config?.routes,
      aliases,
      metrics,
      kept,
    ),
    pendingConfig: pending
      ? {
          startTime: isoFromMillis(pending.start_time),
          servedVersions: servedVersions(
            pending.served_entities,
            pending.traffic_config?.routes,
            aliases,
            new Map(),
          ),
        }
      : undefined,
  };
}

/** `environments`: the model's, each with its Unity Catalog model, to name where a copy came from */
export function toRegistryState(
  fullName: string,
  model: catalog.RegisteredModelInfo | undefined,
  versions: catalog.ModelVersionInfo[],
  environments: Array<{ name: string; ucModel: string }> = [],
): RegistryState {
  const aliases = aliasesByVersion(model);
  const byAlias = (name: string) =>
    [...aliases].find(([, names]) => names.includes(name))?.[0];
  return {
    fullName,
    champion: byAlias('champion'),
    challenger: byAlias('challenger'),
    versions: versions
      .map(v => {
        const lineage = versionLineage(
          { source: v.source, runId: v.run_id },
          environments,
        );
        return {
          version: String(v.version),
          runId: v.run_id,
          status: v.status,
          createdAt: isoFromMillis(v.created_at),
          aliases: aliases.get(String(v.version)) ?? [],
          ...(lineage ? { lineage } : {}),
        };
      })
      .sort((a, b) => Number(b.version) - Number(a.version)),
  };
}

const TOURNAMENT_TAG = 'fmlops.tournament_id';

function tag(run: ml.Run, key: string): string | undefined {
  return run.data?.tags?.find(t => t.key === key)?.value;
}

/**
 * Groups tournament runs (tagged `fmlops.tournament_id`) into tournaments, newest first, each
 * ranked by the primary metric, best first.
 */
export function toTournamentState(
  runs: ml.Run[],
  primaryMetric: TournamentMetric,
  runUrl: (run: ml.Run) => string | undefined,
  maxTournaments: number,
): TournamentState {
  const groups = new Map<string, ml.Run[]>();
  for (const run of runs) {
    const id = tag(run, TOURNAMENT_TAG);
    if (id) {
      groups.set(id, [...(groups.get(id) ?? []), run]);
    }
  }
  const tournaments: Tournament[] = [...groups].map(
    ([tournamentId, members]) => {
      const entries: TournamentEntry[] = members.map(run => {
        const metrics: TournamentEntry['metrics'] = {};
        for (const m of run.data?.metrics ?? []) {
          if (
            TOURNAMENT_METRICS.includes(m.key as TournamentMetric) &&
            typeof m.value === 'number'
          ) {
            metrics[m.key as TournamentMetric] = m.value;
          }
        }
        const params = Object.fromEntries(
          (run.data?.params ?? [])
            .filter(p => p.key)
            .map(p => [p.key!, p.value ?? '']),
        );
        return {
          runId: run.info?.run_id ?? '',
          runName: run.info?.run_name,
          algorithm:
            params.algorithm ??
            tag(run, 'algorithm') ??
            run.info?.run_name ??
            'unknown',
          metrics,
          params,
          winner: tag(run, 'fmlops.winner') === 'true',
          startTime: isoFromMillis(run.info?.start_time),
          runUrl: runUrl(run),
        };
      });
      entries.sort(
        (a, b) =>
          (b.metrics[primaryMetric] ?? -Infinity) -
          (a.metrics[primaryMetric] ?? -Infinity),
      );
      if (!entries.some(e => e.winner) && entries.length > 0) {
        entries[0].winner = true;
      }
      const starts = members
        .map(r => Number(r.info?.start_time ?? 0))
        .filter(Boolean);
      return {
        tournamentId,
        startedAt: starts.length
          ? isoFromMillis(Math.min(...starts))
          : undefined,
        jobRunId: tag(members[0], 'fmlops.job_run_id'),
        entries,
      };
    },
  );
  tournaments.sort((a, b) =>
    (b.startedAt ?? '').localeCompare(a.startedAt ?? ''),
  );
  return { primaryMetric, tournaments: tournaments.slice(0, maxTournaments) };
}

/** A row of the drift table (columns per the drift contract). */
export interface DriftRow {
  window_start: string;
  window_end?: string | null;
  feature: string;
  feature_type: string;
  psi: number;
  js_divergence: number;
  js_distance: number;
  status?: string | null;
}

/**
 * The drift section from the last N windows' rows. Statuses are recomputed with the portal's
 * thresholds so a number and its colour always agree.
 */
export function toDriftState(
  rows: DriftRow[],
  thresholds?: Partial<DriftThresholds>,
): DriftState {
  const byWindow = new Map<string, DriftRow[]>();
  for (const row of rows) {
    const key = new Date(row.window_start).toISOString();
    byWindow.set(key, [...(byWindow.get(key) ?? []), row]);
  }
  const windows = [...byWindow.keys()].sort();
  const features = (windowRows: DriftRow[]): FeatureDrift[] =>
    windowRows
      .map(r => ({
        feature: r.feature,
        featureType:
          r.feature_type === 'categorical'
            ? ('categorical' as const)
            : ('numerical' as const),
        psi: Number(r.psi),
        jsDivergence: Number(r.js_divergence),
        jsDistance: Number(r.js_distance),
        status: driftStatus(
          { psi: Number(r.psi), jsDistance: Number(r.js_distance) },
          thresholds,
        ),
      }))
      .sort((a, b) => b.psi - a.psi);
  const summary = (
    windowStart: string,
  ): DriftWindowSummary & { features: FeatureDrift[] } => {
    const list = features(byWindow.get(windowStart)!);
    let worst: DriftWindowSummary['status'] = 'stable';
    if (list.some(f => f.status === 'drift')) worst = 'drift';
    else if (list.some(f => f.status === 'warning')) worst = 'warning';
    const end = byWindow.get(windowStart)![0].window_end;
    return {
      windowStart,
      windowEnd: end ? new Date(end).toISOString() : undefined,
      maxPsi: Math.max(0, ...list.map(f => f.psi)),
      maxJsDistance: Math.max(0, ...list.map(f => f.jsDistance)),
      driftedFeatures: list.filter(f => f.status === 'drift').length,
      status: worst,
      features: list,
    };
  };
  const trend = windows.map(summary);
  const featureTrends: Record<string, number[]> = {};
  for (const window of trend) {
    for (const f of window.features) {
      (featureTrends[f.feature] ??= []).push(f.psi);
    }
  }
  const latest = trend[trend.length - 1];
  return {
    latest,
    trend: trend.map(({ features: _features, ...rest }) => rest),
    featureTrends,
  };
}

const LAYERS = ['bronze', 'silver', 'gold'] as const;

/**
 * Pipeline health from the pipeline and its recent `flow_progress` events: per dataset, the
 * expectation pass rates of the latest update that reported them.
 */
export function toPipelineHealth(
  pipeline: pipelines.GetPipelineResponse,
  events: pipelines.PipelineEvent[],
): PipelineHealth {
  const latestUpdate = pipeline.latest_updates?.[0];
  const expectations = new Map<string, ExpectationResult>();
  // events come newest first: the first report of an expectation is the current one
  for (const event of events) {
    if (event.event_type !== 'flow_progress') {
      continue;
    }
    // the REST API sends `details`; the SDK's type leaves it out
    const details = (event as { details?: unknown }).details as
      | {
          flow_progress?: {
            data_quality?: { expectations?: Array<Record<string, unknown>> };
          };
        }
      | undefined;
    for (const e of details?.flow_progress?.data_quality?.expectations ?? []) {
      const name = String(e.name ?? '');
      const dataset = String(e.dataset ?? event.origin?.flow_name ?? '');
      const key = `${dataset}/${name}`;
      if (!name || expectations.has(key)) {
        continue;
      }
      const passed = Number(e.passed_records ?? 0);
      const failed = Number(e.failed_records ?? 0);
      expectations.set(key, {
        name,
        dataset,
        passedRecords: passed,
        failedRecords: failed,
        passRate: passed + failed > 0 ? passed / (passed + failed) : 1,
      });
    }
  }
  const byDataset = new Map<string, ExpectationResult[]>();
  for (const e of expectations.values()) {
    byDataset.set(e.dataset, [...(byDataset.get(e.dataset) ?? []), e]);
  }
  const datasets: DatasetHealth[] = [...byDataset].map(([dataset, list]) => {
    const passed = list.reduce((s, e) => s + e.passedRecords, 0);
    const failed = list.reduce((s, e) => s + e.failedRecords, 0);
    return {
      dataset,
      layer: LAYERS.find(l => dataset.toLowerCase().includes(l)),
      passRate: passed + failed > 0 ? passed / (passed + failed) : 1,
      expectations: list.sort((a, b) => a.passRate - b.passRate),
    };
  });
  const order = (d: DatasetHealth) =>
    d.layer ? LAYERS.indexOf(d.layer) : LAYERS.length;
  datasets.sort(
    (a, b) => order(a) - order(b) || a.dataset.localeCompare(b.dataset),
  );
  return {
    pipelineId: pipeline.pipeline_id ?? '',
    name: pipeline.name ?? pipeline.spec?.name,
    state: pipeline.state,
    health: pipeline.health,
    lastUpdate: latestUpdate?.update_id
      ? {
          updateId: latestUpdate.update_id,
          state: latestUpdate.state,
          creationTime: latestUpdate.creation_time,
        }
      : undefined,
    datasets,
  };
}

export function toJobRunSummary(
  run: jobs.BaseRun,
  role: JobRunSummary['role'],
): JobRunSummary {
  return {
    jobId: String(run.job_id ?? ''),
    role,
    runId: String(run.run_id ?? ''),
    lifeCycleState: run.state?.life_cycle_state ?? run.status?.state,
    resultState:
      run.state?.result_state ?? run.status?.termination_details?.code,
    startTime: isoFromMillis(run.start_time),
    endTime: run.end_time ? isoFromMillis(run.end_time) : undefined,
    runPageUrl: run.run_page_url,
  };
}
