import { normalCdf } from '../domain/maths';
import { VersionProfile } from '../domain/scenario';
import {
  EndpointState,
  EntityMetrics,
  MetricsExportFormat,
  MinuteTraffic,
  ServedEntityState,
} from './store';

/**
 * Model Serving's traffic: the requests an endpoint serves as emulated time passes, split by its
 * routes and counted per served entity and per minute, with errors and latencies drawn from each
 * version's profile; and the metrics export that shows the last complete minute of it.
 *
 * What a real export looks like, and the public source of each point, is in
 * `src/parity/serving-metrics.md`. In short: `request_count_total`, `request_4xx_count_total` and
 * `request_5xx_count_total` are per-minute gauges despite their suffix (Databricks' metrics export
 * page: rates are "the number of requests within a minute"; Datadog's integration metadata.csv
 * types them `gauge`, interval 60, "during the last minute"); samples carry a minute-aligned
 * epoch-millisecond timestamp; `request_latency_ms` and `model_queue_time_ms` are histograms of
 * that minute; CPU and memory are average percentages over the minute.
 */

/** Bucket bounds: public snapshots show buckets from 5 ms to 600000 ms; the ones between are ours. */
export const LATENCY_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000,
  300000, 600000,
];

const MINUTE = 60_000;
const round2 = (v: number) => Math.round(v * 100) / 100;
/** minutes of traffic kept per served entity (the export shows only the last complete one) */
const KEPT_MINUTES = 5;

export const DEFAULT_METRICS_EXPORT: MetricsExportFormat = {
  entityLabel: 'served_entity_name',
  latencyHistogram: true,
  timestamps: true,
  familyType: 'gauge',
};

/** Adds the requests served since the last accrual, split by traffic, to each entity's minutes. */
export function accrue(endpoint: EndpointState, now: number): void {
  if (now - endpoint.lastAccrual < 1000) return;
  // only the kept minutes can ever be exported: older traffic is not worth drawing
  let from = Math.max(
    endpoint.lastAccrual,
    minuteOf(now) - KEPT_MINUTES * MINUTE,
  );
  endpoint.lastAccrual = now;
  const routes =
    endpoint.routes ??
    endpoint.served.map(s => ({
      name: s.name,
      percent: 100 / endpoint.served.length,
    }));
  while (from < now) {
    const to = Math.min(now, minuteOf(from) + MINUTE);
    const seconds = (to - from) / 1000;
    for (const route of routes) {
      const entity = endpoint.served.find(s => s.name === route.name);
      if (!entity || route.percent <= 0) continue;
      const requests = stochasticRound(
        endpoint.requestsPerSecond * seconds * (route.percent / 100),
        endpoint.rng.next(),
      );
      record(endpoint, entity, requests, from);
    }
    from = to;
  }
}

/** Counts requests of one served entity in the minute of `at`. */
export function record(
  endpoint: EndpointState,
  entity: ServedEntityState,
  requests: number,
  at: number,
  /** errors already decided (an invocation); otherwise drawn from the profile's error rate */
  decidedErrors?: number,
): void {
  if (requests <= 0) return;
  const profile = profileOf(endpoint, entity);
  const minute = minuteTraffic(endpoint, entity.name, minuteOf(at));
  let errors4xx = 0;
  let errors5xx = decidedErrors ?? 0;
  if (decidedErrors === undefined) {
    const errors = stochasticRound(
      requests * profile.errorRate,
      endpoint.rng.next(),
    );
    // most serving errors are 5xx
    errors5xx = Math.round(errors * 0.7);
    errors4xx = errors - errors5xx;
  }
  minute.requests += requests;
  minute.errors4xx += errors4xx;
  minute.errors5xx += errors5xx;
  const totals = endpoint.metrics.get(entity.name)!.totals;
  totals.requests += requests;
  totals.errors4xx += errors4xx;
  totals.errors5xx += errors5xx;
  addLogNormal(minute.latency, requests, profile.p50Ms, profile.p99Ms);
  minute.latencySumMs += requests * meanOfLogNormal(profile);
  // requests wait a little for a free replica; a slow model makes them wait longer
  const queue = queueProfile(profile);
  addLogNormal(minute.queue, requests, queue.p50Ms, queue.p99Ms);
  minute.queueSumMs += requests * meanOfLogNormal(queue);
}

/** The served version's profile; a version nobody described behaves as a healthy model. */
export function profileOf(
  endpoint: EndpointState,
  entity: ServedEntityState,
): VersionProfile {
  return (
    endpoint.profiles.get(entity.entityVersion) ?? {
      p50Ms: 18,
      p99Ms: 65,
      errorRate: 0.001,
    }
  );
}

/**
 * The metrics export: per served entity, the last complete minute as gauges (or, in the
 * `counter` variant, the same per-minute values declared `counter`, as some exports do), the
 * minute's latency and queue-time histograms (unless the tier omits latency), CPU and memory
 * usage and provisioned concurrency. Timestamps, where on, are the minute's end in epoch ms.
 */
export function prometheusText(
  endpoint: EndpointState,
  now: number,
  format: MetricsExportFormat,
): string {
  const minuteStart = minuteOf(now) - MINUTE;
  const stamp = format.timestamps ? ` ${minuteStart + MINUTE}` : '';
  const rows = seriesRows(endpoint, minuteStart, format);
  const lines: string[] = [];
  const family = (
    name: string,
    help: string,
    type: string,
    sample: (row: (typeof rows)[number]) => string[],
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const row of rows) lines.push(...sample(row));
  };
  const one = (name: string, labels: string, value: number) =>
    `${name}${labels ? `{${labels}}` : ''} ${value}${stamp}`;
  const histogram = (
    name: string,
    labels: string,
    counts: number[],
    sum: number,
    requests: number,
  ) => {
    let cumulative = 0;
    const sep = labels ? `${labels},` : '';
    return [
      ...LATENCY_BUCKETS_MS.map((le, i) => {
        cumulative += counts[i];
        return `${name}_bucket{${sep}le="${le}"} ${cumulative}${stamp}`;
      }),
      `${name}_bucket{${sep}le="+Inf"} ${requests}${stamp}`,
      one(`${name}_sum`, labels, Math.round(sum)),
      one(`${name}_count`, labels, requests),
    ];
  };
  family(
    'cpu_usage_percentage',
    'Average CPU utilization used across all replicas during the last minute',
    'gauge',
    r => [one('cpu_usage_percentage', r.labels, r.cpu)],
  );
  family(
    'mem_usage_percentage',
    'Average memory utilization used across all replicas during the last minute',
    'gauge',
    r => [one('mem_usage_percentage', r.labels, r.mem)],
  );
  family(
    'provisioned_concurrent_requests_total',
    'Number of provisioned concurrency during the last minute',
    'gauge',
    r => [
      one('provisioned_concurrent_requests_total', r.labels, r.concurrency),
    ],
  );
  family(
    'request_4xx_count_total',
    'Number of 4xx errors during the last minute',
    format.familyType,
    r => [one('request_4xx_count_total', r.labels, r.m.errors4xx)],
  );
  family(
    'request_5xx_count_total',
    'Number of 5xx errors during the last minute',
    format.familyType,
    r => [one('request_5xx_count_total', r.labels, r.m.errors5xx)],
  );
  family(
    'request_count_total',
    'Number of requests during the last minute',
    format.familyType,
    r => [one('request_count_total', r.labels, r.m.requests)],
  );
  if (format.latencyHistogram) {
    family(
      'request_latency_ms',
      'Request latency in milliseconds during the last minute',
      'histogram',
      r =>
        histogram(
          'request_latency_ms',
          r.labels,
          r.m.latency,
          r.m.latencySumMs,
          r.m.requests,
        ),
    );
  }
  family(
    'model_queue_time_ms',
    'Time requests waited for a replica, in milliseconds, during the last minute',
    'histogram',
    r =>
      histogram(
        'model_queue_time_ms',
        r.labels,
        r.m.queue,
        r.m.queueSumMs,
        r.m.requests,
      ),
  );
  return `${lines.join('\n')}\n`;
}

/** One row of series per served entity, or one for the endpoint when the export names none. */
function seriesRows(
  endpoint: EndpointState,
  minuteStart: number,
  format: MetricsExportFormat,
) {
  const entities = endpoint.served.map(s => ({
    entity: s,
    m:
      endpoint.metrics
        .get(s.name)
        ?.minutes.find(x => x.start === minuteStart) ??
      emptyMinute(minuteStart),
  }));
  const rowOf = (
    labels: string,
    m: MinuteTraffic,
    entity: ServedEntityState | undefined,
  ) => {
    const load = m.requests / 60;
    return {
      labels,
      m,
      cpu: round2(Math.min(100, 2 + load * 0.4)),
      mem: round2(Math.min(100, 6 + load * 0.05)),
      concurrency:
        entity?.settings.max_provisioned_concurrency ??
        concurrencyOf(entity?.settings.workload_size ?? 'Small'),
    };
  };
  if (format.entityLabel === 'none') {
    const total = emptyMinute(minuteStart);
    for (const { m } of entities) addMinute(total, m);
    return [rowOf('', total, endpoint.served[0])];
  }
  return entities.map(({ entity, m }) =>
    rowOf(`${format.entityLabel}="${entity.name}"`, m, entity),
  );
}

/** Upper bounds of the workload sizes' concurrency ranges (Small 0-4, Medium 8-16, Large 16-64). */
function concurrencyOf(workloadSize: string): number {
  return { Small: 4, Medium: 16, Large: 64 }[workloadSize] ?? 4;
}

function minuteTraffic(
  endpoint: EndpointState,
  entity: string,
  start: number,
): MinuteTraffic {
  const metrics: EntityMetrics = endpoint.metrics.get(entity) ?? {
    minutes: [],
    totals: { requests: 0, errors4xx: 0, errors5xx: 0 },
  };
  endpoint.metrics.set(entity, metrics);
  let minute = metrics.minutes.find(m => m.start === start);
  if (!minute) {
    minute = emptyMinute(start);
    metrics.minutes.push(minute);
    metrics.minutes.sort((a, b) => a.start - b.start);
    metrics.minutes.splice(
      0,
      Math.max(0, metrics.minutes.length - KEPT_MINUTES),
    );
  }
  return minute;
}

function emptyMinute(start: number): MinuteTraffic {
  return {
    start,
    requests: 0,
    errors4xx: 0,
    errors5xx: 0,
    latency: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
    queue: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
    latencySumMs: 0,
    queueSumMs: 0,
  };
}

function addMinute(into: MinuteTraffic, m: MinuteTraffic): void {
  into.requests += m.requests;
  into.errors4xx += m.errors4xx;
  into.errors5xx += m.errors5xx;
  into.latencySumMs += m.latencySumMs;
  into.queueSumMs += m.queueSumMs;
  m.latency.forEach((c, i) => (into.latency[i] += c));
  m.queue.forEach((c, i) => (into.queue[i] += c));
}

/** Spreads `requests` over the buckets as a log-normal with this median and 99th percentile. */
function addLogNormal(
  buckets: number[],
  requests: number,
  p50Ms: number,
  p99Ms: number,
): void {
  const sigma = Math.max(1e-6, Math.log(p99Ms / p50Ms) / 2.326);
  let below = 0;
  LATENCY_BUCKETS_MS.forEach((le, i) => {
    const upTo = Math.round(requests * normalCdf(Math.log(le / p50Ms) / sigma));
    buckets[i] += Math.max(0, upTo - below);
    below = Math.max(below, upTo);
  });
  buckets[LATENCY_BUCKETS_MS.length] += requests - below;
}

function meanOfLogNormal(p: { p50Ms: number; p99Ms: number }): number {
  const sigma = Math.log(p.p99Ms / p.p50Ms) / 2.326;
  return p.p50Ms * Math.exp((sigma * sigma) / 2);
}

function queueProfile(p: VersionProfile): { p50Ms: number; p99Ms: number } {
  return { p50Ms: 1, p99Ms: Math.max(4, p.p99Ms / 20) };
}

/** Rounds up with the probability of the fraction, so small batches stay unbiased. */
function stochasticRound(x: number, u: number): number {
  const floor = Math.floor(x);
  return floor + (u < x - floor ? 1 : 0);
}

export function minuteOf(t: number): number {
  return Math.floor(t / MINUTE) * MINUTE;
}
