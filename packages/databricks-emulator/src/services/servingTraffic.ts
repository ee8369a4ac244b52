import { normalCdf } from '../domain/maths';
import { VersionProfile } from '../domain/scenario';
import { EndpointState, EntityMetrics, ServedEntityState } from './store';

/**
 * Model Serving's traffic: the requests an endpoint serves as emulated time passes, split by its
 * routes and counted per served entity, with errors and latencies drawn from each version's
 * profile; and the Prometheus text the metrics export shows them in.
 */

const LATENCY_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

/** Adds the requests served since the last accrual, split by traffic, to each served entity's counters. */
export function accrue(endpoint: EndpointState, now: number): void {
  const seconds = Math.max(0, (now - endpoint.lastAccrual) / 1000);
  if (seconds < 1) return;
  endpoint.lastAccrual = now;
  const routes =
    endpoint.routes ??
    endpoint.served.map(s => ({
      name: s.name,
      percent: 100 / endpoint.served.length,
    }));
  for (const route of routes) {
    const entity = endpoint.served.find(s => s.name === route.name);
    if (!entity || route.percent <= 0) continue;
    const requests = Math.round(
      endpoint.requestsPerSecond * seconds * (route.percent / 100),
    );
    record(endpoint, entity, requests);
  }
}

export function record(
  endpoint: EndpointState,
  entity: ServedEntityState,
  requests: number,
  /** errors already decided (an invocation); otherwise drawn from the profile's error rate */
  decidedErrors?: number,
): void {
  if (requests <= 0) return;
  const profile = profileOf(endpoint, entity);
  const m = endpoint.metrics.get(entity.name) ?? {
    requests: 0,
    errors4xx: 0,
    errors5xx: 0,
    buckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
  };
  m.requests += requests;
  if (decidedErrors !== undefined) {
    m.errors5xx += decidedErrors;
  } else {
    // stochastic rounding keeps small batches unbiased; most serving errors are 5xx
    const errors = Math.max(
      0,
      Math.round(requests * profile.errorRate + (endpoint.rng.next() - 0.5)),
    );
    m.errors5xx += Math.round(errors * 0.7);
    m.errors4xx += errors - Math.round(errors * 0.7);
  }
  // a log-normal latency with the profile's median and 99th percentile
  const sigma = Math.log(profile.p99Ms / profile.p50Ms) / 2.326;
  LATENCY_BUCKETS_MS.forEach((le, i) => {
    const share = normalCdf(Math.log(le / profile.p50Ms) / sigma);
    m.buckets[i] += Math.round(requests * share);
  });
  m.buckets[LATENCY_BUCKETS_MS.length] += requests;
  endpoint.metrics.set(entity.name, m);
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

/** Prometheus text of an endpoint's counters and latency histograms per served entity. */
export function prometheusText(metrics: Map<string, EntityMetrics>): string {
  const lines: string[] = [
    '# HELP request_count_total Number of requests served',
    '# TYPE request_count_total counter',
  ];
  const each = (fn: (entity: string, m: EntityMetrics) => string[]) => {
    for (const [entity, m] of metrics) lines.push(...fn(entity, m));
  };
  const label = (entity: string) => `served_entity_name="${entity}"`;
  each((entity, m) => [`request_count_total{${label(entity)}} ${m.requests}`]);
  lines.push(
    '# HELP request_4xx_count_total Requests answered 4xx',
    '# TYPE request_4xx_count_total counter',
  );
  each((entity, m) => [
    `request_4xx_count_total{${label(entity)}} ${m.errors4xx}`,
  ]);
  lines.push(
    '# HELP request_5xx_count_total Requests answered 5xx',
    '# TYPE request_5xx_count_total counter',
  );
  each((entity, m) => [
    `request_5xx_count_total{${label(entity)}} ${m.errors5xx}`,
  ]);
  lines.push(
    '# HELP request_latency_ms Request latency in milliseconds',
    '# TYPE request_latency_ms histogram',
  );
  each((entity, m) => [
    ...LATENCY_BUCKETS_MS.map(
      (le, i) =>
        `request_latency_ms_bucket{${label(entity)},le="${le}"} ${
          m.buckets[i]
        }`,
    ),
    `request_latency_ms_bucket{${label(entity)},le="+Inf"} ${
      m.buckets[LATENCY_BUCKETS_MS.length]
    }`,
    `request_latency_ms_count{${label(entity)}} ${m.requests}`,
  ]);
  return `${lines.join('\n')}\n`;
}
