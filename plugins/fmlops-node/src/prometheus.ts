import type { ServedVersionMetrics } from '@fmlops/backstage-plugin-fmlops-common';

/**
 * Parses the Prometheus text a serving endpoint exports into requests, errors and latency
 * quantiles per served entity. Counters are summed over label sets of the same entity; latency
 * quantiles are interpolated linearly within histogram buckets, as PromQL's histogram_quantile.
 *
 * Our own parser, because the npm ones tried fall short. `parse-prometheus-text-format` (1.1.1)
 * reads sample timestamps but folds every series of a histogram into one set of buckets keyed by
 * `le` alone, so the served entities' latencies overwrite each other. `prom2javascript` (0.2.0,
 * its only release) keeps labelled histograms apart and reads timestamps, but rejects the whole
 * text for one line it cannot read (a `NaN` value, a metric name with a colon), rejects a
 * histogram without `_count`, and reads only streams, asynchronously.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const ENTITY_LABELS = [
  'served_entity_name',
  'served_model_name',
  'served_entity',
  'model',
];

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) {
      continue;
    }
    const m = LINE.exec(line);
    if (!m) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) {
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    const value = m[3] === '+Inf' ? Infinity : Number(m[3]);
    if (!Number.isNaN(value)) {
      samples.push({ name: m[1], labels, value });
    }
  }
  return samples;
}

/**
 * The q-quantile (0..1) of a cumulative histogram given as (upper bound, count) pairs.
 *
 * @public
 */
export function histogramQuantile(
  q: number,
  buckets: Array<{ le: number; count: number }>,
): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1]?.count ?? 0;
  if (total <= 0) {
    return undefined;
  }
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) {
        // beyond the last finite bucket: its bound is the best estimate
        return prevLe;
      }
      const inBucket = b.count - prevCount;
      return inBucket > 0
        ? prevLe + ((b.le - prevLe) * (rank - prevCount)) / inBucket
        : b.le;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** @public */
export function parseServingMetrics(
  text: string,
): Map<string, ServedVersionMetrics> {
  const byEntity = new Map<
    string,
    { requests: number; errors: number; buckets: Map<number, number> }
  >();
  for (const s of parsePrometheusText(text)) {
    const entity = ENTITY_LABELS.map(l => s.labels[l]).find(Boolean);
    if (!entity) {
      continue;
    }
    const e = byEntity.get(entity) ?? {
      requests: 0,
      errors: 0,
      buckets: new Map(),
    };
    if (s.name === 'request_count_total' || s.name === 'request_count') {
      e.requests += s.value;
    } else if (/^request_(4xx|5xx)_count(_total)?$/.test(s.name)) {
      e.errors += s.value;
    } else if (
      s.name === 'request_latency_ms_bucket' &&
      s.labels.le !== undefined
    ) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      e.buckets.set(le, (e.buckets.get(le) ?? 0) + s.value);
    }
    byEntity.set(entity, e);
  }
  const out = new Map<string, ServedVersionMetrics>();
  for (const [entity, e] of byEntity) {
    const buckets = [...e.buckets].map(([le, count]) => ({ le, count }));
    out.set(entity, {
      requests: e.requests,
      errors: e.errors,
      errorRate: e.requests > 0 ? e.errors / e.requests : 0,
      p50LatencyMs: histogramQuantile(0.5, buckets),
      p99LatencyMs: histogramQuantile(0.99, buckets),
    });
  }
  return out;
}
