import type { FmlopsApiSchemas as Schemas } from '../schema/schemas';
import { driftStatus, DriftThresholds } from '../drift/thresholds';
import type {
  ConfigUpdateState,
  EndpointReadiness,
  JobRunSummary,
  ModelHealth,
  PipelineHealth,
  ServedVersionMetrics,
} from '../model/types';
import type { MonitoringPolicy } from '../policy/policy';

/** @public */
export type HealthReason = Schemas['HealthReason'];
/** @public */
export type HealthAssessment = Schemas['HealthAssessment'];

/**
 * Something the health is judged on: what was read, why it could not be read, or nothing
 * (the model does not declare it). Structurally the overview's sections.
 *
 * @public
 */
export type Observed<T> =
  | { status: 'ok'; data: T }
  | { status: 'unavailable'; reason: string }
  | { status: 'not-configured' };

/**
 * What serving tells about health; the overview's serving state and the endpoint list both give it.
 *
 * @public
 */
export interface ServingObservation {
  endpointName: string;
  ready: EndpointReadiness;
  configUpdate: ConfigUpdateState;
  servedVersions: Array<{
    modelVersion: string;
    trafficPercentage?: number;
    metrics?: Pick<ServedVersionMetrics, 'requests' | 'errorRate'>;
  }>;
}

/**
 * The newest drift window, at its worst feature.
 *
 * @public
 */
export interface DriftObservation {
  latest?: {
    windowStart: string;
    windowEnd?: string;
    maxPsi: number;
    maxJsDistance: number;
  };
}

/** @public */
export interface HealthObservations {
  serving: Observed<ServingObservation> | { status: 'missing' };
  drift?: Observed<DriftObservation>;
  pipeline?: Observed<
    Pick<PipelineHealth, 'health' | 'lastUpdate' | 'datasets'>
  >;
  jobs?: Observed<JobRunSummary[]>;
}

const RANK: Record<ModelHealth, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/**
 * The worse of two healths.
 *
 * @public
 */
export function worseHealth(a: ModelHealth, b: ModelHealth): ModelHealth {
  return RANK[b] > RANK[a] ? b : a;
}

const HOUR = 3_600_000;
const percent = (share: number) =>
  `${(share * 100).toFixed(share > 0.99 && share < 1 ? 1 : 0)}%`;
const hoursAgo = (ms: number) =>
  ms >= 48 * HOUR
    ? `${Math.floor(ms / (24 * HOUR))} days`
    : `${Math.floor(ms / HOUR)} h`;
/** Databricks job run result states that are not a success. */
const FAILED_RESULTS = new Set([
  'FAILED',
  'TIMEDOUT',
  'CANCELED',
  'INTERNAL_ERROR',
  'MAXIMUM_CONCURRENT_RUNS_REACHED',
  'UPSTREAM_FAILED',
]);

/**
 * A model's health, from everything known about it: serving, input drift, the pipeline's
 * expectations, the outcome of its jobs and how fresh its data is. Every reason is listed, the
 * worst one deciding: `critical` when the model cannot serve, `warning` when it serves on data
 * or versions that need a look, `unknown` when something could not be read.
 *
 * @public
 */
export function assessModelHealth(
  observed: HealthObservations,
  monitoring: MonitoringPolicy,
  options: { now: Date; driftThresholds?: Partial<DriftThresholds> },
): HealthAssessment {
  const reasons: HealthReason[] = [];
  const add = (
    source: HealthReason['source'],
    severity: ModelHealth,
    message: string,
  ) => reasons.push({ source, severity, message });
  const now = options.now.getTime();
  const ageOf = (at: string | undefined) => {
    const ms = at ? Date.parse(at) : NaN;
    return Number.isNaN(ms) ? undefined : now - ms;
  };

  const { serving } = observed;
  if (serving.status === 'missing') {
    add('serving', 'critical', 'the serving endpoint does not exist');
  } else if (serving.status === 'unavailable') {
    add('serving', 'unknown', `serving could not be read: ${serving.reason}`);
  } else if (serving.status === 'ok') {
    const s = serving.data;
    if (s.ready !== 'READY') {
      add('serving', 'critical', `endpoint ${s.endpointName} is not ready`);
    }
    if (s.configUpdate === 'UPDATE_FAILED') {
      add('serving', 'critical', 'the last serving config update failed');
    }
    for (const v of s.servedVersions) {
      const m = v.metrics;
      if (
        m &&
        m.requests > 0 &&
        (v.trafficPercentage ?? 100) > 0 &&
        m.errorRate > monitoring.maxErrorRate
      ) {
        add(
          'serving',
          'warning',
          `serving: v${v.modelVersion} error rate ${percent(
            m.errorRate,
          )} > ${percent(monitoring.maxErrorRate)}`,
        );
      }
    }
  }

  const drift = observed.drift;
  if (drift?.status === 'unavailable') {
    add('drift', 'unknown', `drift could not be read: ${drift.reason}`);
  } else if (drift?.status === 'ok' && drift.data.latest) {
    const { latest } = drift.data;
    const status = driftStatus(
      { psi: latest.maxPsi, jsDistance: latest.maxJsDistance },
      options.driftThresholds,
    );
    if (status === 'drift') {
      add('drift', 'warning', `drift: PSI up to ${latest.maxPsi.toFixed(3)}`);
    } else if (status === 'warning') {
      add(
        'drift',
        'warning',
        `drift: moderate shift, PSI up to ${latest.maxPsi.toFixed(3)}`,
      );
    }
    const age = ageOf(latest.windowEnd ?? latest.windowStart);
    if (age !== undefined && age > monitoring.maxDataAgeHours * HOUR) {
      add(
        'freshness',
        'warning',
        `freshness: newest drift window ended ${hoursAgo(age)} ago (> ${
          monitoring.maxDataAgeHours
        } h)`,
      );
    }
  }

  const pipeline = observed.pipeline;
  if (pipeline?.status === 'unavailable') {
    add(
      'pipeline',
      'unknown',
      `pipeline could not be read: ${pipeline.reason}`,
    );
  } else if (pipeline?.status === 'ok') {
    const p = pipeline.data;
    if (p.lastUpdate?.state === 'FAILED') {
      add(
        'pipeline',
        'warning',
        `pipeline: update ${p.lastUpdate.updateId} FAILED`,
      );
    }
    for (const dataset of p.datasets) {
      for (const e of dataset.expectations) {
        if (e.passRate < monitoring.minExpectationPassRate) {
          add(
            'pipeline',
            'warning',
            `${dataset.layer ?? dataset.dataset}: ${e.name} ${percent(
              e.passRate,
            )} < ${percent(monitoring.minExpectationPassRate)}`,
          );
        }
      }
    }
    // after the expectations: they say why, this only that Databricks noticed
    if (p.health === 'UNHEALTHY') {
      add('pipeline', 'warning', 'pipeline: Databricks reports it UNHEALTHY');
    }
    const age = ageOf(p.lastUpdate?.creationTime);
    if (age !== undefined && age > monitoring.maxDataAgeHours * HOUR) {
      add(
        'freshness',
        'warning',
        `freshness: last pipeline update ${hoursAgo(age)} ago (> ${
          monitoring.maxDataAgeHours
        } h)`,
      );
    }
  }

  const jobs = observed.jobs;
  if (jobs?.status === 'unavailable') {
    add('jobs', 'unknown', `job runs could not be read: ${jobs.reason}`);
  } else if (jobs?.status === 'ok') {
    for (const role of ['tournament', 'drift'] as const) {
      const runs = jobs.data
        .filter(r => r.role === role)
        .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''));
      const last = runs.find(r => r.resultState);
      if (last && FAILED_RESULTS.has(last.resultState!)) {
        add(
          'jobs',
          'warning',
          `${role} job: last run ${last.runId} ${last.resultState}`,
        );
      }
      const lastSuccess = runs.find(r => r.resultState === 'SUCCESS');
      const age = ageOf(lastSuccess?.endTime ?? lastSuccess?.startTime);
      if (runs.length > 0 && !lastSuccess) {
        add('jobs', 'warning', `${role} job: no successful run`);
      } else if (age !== undefined && age > monitoring.maxJobAgeHours * HOUR) {
        add(
          'jobs',
          'warning',
          `${role} job: last success ${hoursAgo(age)} ago (> ${
            monitoring.maxJobAgeHours
          } h)`,
        );
      }
    }
  }

  const health = reasons.reduce<ModelHealth>(
    (worst, r) => worseHealth(worst, r.severity),
    'healthy',
  );
  // the worst first: the first reason is what a one-line summary shows
  reasons.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  return { health, reasons };
}
