import type { ServedVersion } from '@fmlops/backstage-plugin-fmlops-common';

/**
 * A short client-side history of each served version's metrics, one sample per poll, for the
 * serving card's sparklines (the overview only carries the current values).
 */

export interface MetricSample {
  at: number;
  p50LatencyMs?: number;
  p99LatencyMs?: number;
  /** errors / requests of the minute the export showed (its metrics are per-minute gauges) */
  errorRate?: number;
  requests: number;
  errors: number;
}

export type MetricsHistory = Record<string, MetricSample[]>;

export const DEFAULT_HISTORY_LENGTH = 30;

/**
 * Adds one sample per served version (keyed by model version) and keeps the newest `limit`.
 * Versions no longer served are dropped. Returns a new object; the input is not changed.
 */
export function appendMetricSamples(
  history: MetricsHistory,
  servedVersions: ServedVersion[],
  at: number,
  limit = DEFAULT_HISTORY_LENGTH,
): MetricsHistory {
  const next: MetricsHistory = {};
  for (const served of servedVersions) {
    const previous = history[served.modelVersion] ?? [];
    const metrics = served.metrics;
    if (!metrics) {
      next[served.modelVersion] = previous;
      continue;
    }
    const last = previous[previous.length - 1];
    if (last && last.at >= at) {
      next[served.modelVersion] = previous;
      continue;
    }
    // the overview's metrics are the last minute's, not lifetime counters: its rate is the minute's
    const errorRate = metrics.errorRate;
    const sample: MetricSample = {
      at,
      p50LatencyMs: metrics.p50LatencyMs,
      p99LatencyMs: metrics.p99LatencyMs,
      errorRate,
      requests: metrics.requests,
      errors: metrics.errors,
    };
    next[served.modelVersion] = [...previous, sample].slice(-limit);
  }
  return next;
}
