import {
  histogramQuantile,
  LatencyHistogram,
  ServingSample,
} from '@fmlops/backstage-plugin-fmlops-common';

/**
 * Parses the text a serving endpoint's metrics export answers into per-minute samples per served
 * entity. What real exports look like, and the public source of each point, is in the local
 * workspace's `src/parity/serving-metrics.md`; the parser is tolerant where those sources differ:
 *
 * - Request and error families are read as the counts of one minute whether they are declared
 *   `gauge` (Databricks' docs, Datadog's official integration, scrapes people published) or
 *   `counter` (how some exports declare the same per-minute values; a Prometheus client would
 *   strip `_total` from a counter, so `request_count` is read too). Nothing is differenced.
 * - A sample's trailing timestamp (epoch ms) says which minute it is; a sample without one is
 *   the minute of the scrape.
 * - The served entity is named by `served_entity_name`, `served_model_name`, `served_entity`,
 *   `served_model` or `model`; a series with none of them is the endpoint's own (entity '').
 *   Series of one entity and minute that differ in other labels (a replica) are added up; CPU
 *   and memory, being averages, are averaged.
 * - The latency histogram may be missing (some tiers); then a summary's `quantile` series, if
 *   any, gives the minute's p50 and p99.
 *
 * Our own parser, because the npm ones tried fall short. `parse-prometheus-text-format` (1.1.1)
 * folds every series of a histogram into one set of buckets keyed by `le` alone, so the served
 * entities' latencies overwrite each other. `prom2javascript` (0.2.0, its only release) rejects
 * the whole text for one line it cannot read (a `NaN` value, a metric name with a colon),
 * rejects a histogram without `_count`, and reads only streams, asynchronously.
 */

interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

/**
 * One minute of one served entity as the export shows it.
 *
 * @public
 */
export interface ServingMinuteSample extends ServingSample {
  /** the served entity's name; '' for series that name none (the endpoint as a whole) */
  servedEntity: string;
  /** the sample carried its own timestamp (otherwise `at` is the scrape time) */
  timestamped: boolean;
  /** 4xx answers during the minute */
  errors4xx: number;
  /** 5xx answers during the minute */
  errors5xx: number;
  /** the 99th percentile of the time requests waited for a replica (`model_queue_time_ms`) */
  queueP99Ms?: number;
  /** average CPU usage over the replicas during the minute */
  cpuUsagePercent?: number;
  /** average memory usage over the replicas during the minute */
  memUsagePercent?: number;
}

/**
 * A scrape of an endpoint's metrics export.
 *
 * @public
 */
export interface ServingScrape {
  /** epoch ms when it was read */
  scrapedAt: number;
  /** one per served entity and minute */
  samples: ServingMinuteSample[];
}

const LINE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const ENTITY_LABELS = [
  'served_entity_name',
  'served_model_name',
  'served_entity',
  'served_model',
  'model',
];
const REQUESTS = /^request_count(_total)?$/;
const ERRORS_4XX = /^request_4xx_count(_total)?$/;
const ERRORS_5XX = /^request_5xx_count(_total)?$/;

function parsePrometheusText(text: string): Line[] {
  const lines: Line[] = [];
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
      lines.push({
        name: m[1],
        labels,
        value,
        timestamp: m[4] === undefined ? undefined : Number(m[4]),
      });
    }
  }
  return lines;
}

interface Accumulator {
  servedEntity: string;
  at: number;
  timestamped: boolean;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  latency: Map<number, number>;
  queue: Map<number, number>;
  quantiles: Map<number, number[]>;
  cpu: number[];
  mem: number[];
}

/**
 * Per-minute samples per served entity (and minute, when one text holds several).
 *
 * @public
 */
export function parseServingSamples(
  text: string,
  scrapedAt: number,
): ServingMinuteSample[] {
  const byKey = new Map<string, Accumulator>();
  for (const line of parsePrometheusText(text)) {
    const le = boundOf(line.labels.le);
    const add = readerOf(line, le);
    if (!add) {
      continue;
    }
    const servedEntity =
      ENTITY_LABELS.map(l => line.labels[l]).find(Boolean) ?? '';
    const at = line.timestamp ?? scrapedAt;
    const key = `${servedEntity}\u0000${at}`;
    const acc = byKey.get(key) ?? {
      servedEntity,
      at,
      timestamped: line.timestamp !== undefined,
      requests: 0,
      errors4xx: 0,
      errors5xx: 0,
      latency: new Map(),
      queue: new Map(),
      quantiles: new Map(),
      cpu: [],
      mem: [],
    };
    byKey.set(key, acc);
    add(acc);
  }
  // a minute without requests is a sample too: it says nobody called
  return [...byKey.values()]
    .map(toSample)
    .sort(
      (a, b) => a.at - b.at || a.servedEntity.localeCompare(b.servedEntity),
    );
}

/** A bucket's `le` label as a number (`+Inf` is Infinity). */
function boundOf(le: string | undefined): number | undefined {
  if (le === undefined) return undefined;
  return le === '+Inf' ? Infinity : Number(le);
}

/** What a line adds to its minute's sample, or undefined for a family we do not read. */
function readerOf(
  line: Line,
  le: number | undefined,
): ((acc: Accumulator) => void) | undefined {
  const v = line.value;
  if (REQUESTS.test(line.name)) return a => void (a.requests += v);
  if (ERRORS_4XX.test(line.name)) return a => void (a.errors4xx += v);
  if (ERRORS_5XX.test(line.name)) return a => void (a.errors5xx += v);
  if (line.name === 'request_latency_ms_bucket' && le !== undefined)
    return a => void a.latency.set(le, (a.latency.get(le) ?? 0) + v);
  if (line.name === 'model_queue_time_ms_bucket' && le !== undefined)
    return a => void a.queue.set(le, (a.queue.get(le) ?? 0) + v);
  if (
    line.name === 'request_latency_ms' &&
    line.labels.quantile !== undefined
  ) {
    const q = Number(line.labels.quantile);
    return a => void a.quantiles.set(q, [...(a.quantiles.get(q) ?? []), v]);
  }
  if (line.name === 'cpu_usage_percentage') return a => void a.cpu.push(v);
  if (line.name === 'mem_usage_percentage') return a => void a.mem.push(v);
  return undefined;
}

function toSample(a: Accumulator): ServingMinuteSample {
  const latency = histogramOf(a.latency);
  const queue = histogramOf(a.queue);
  const quantile = (q: number) => {
    const values = a.quantiles.get(q);
    // replicas' quantiles: the largest is the safe reading of the minute
    return values?.length ? Math.max(...values) : undefined;
  };
  const mean = (values: number[]) =>
    values.length
      ? values.reduce((s, v) => s + v, 0) / values.length
      : undefined;
  const sample: ServingMinuteSample = {
    servedEntity: a.servedEntity,
    at: a.at,
    timestamped: a.timestamped,
    requests: a.requests,
    errors: a.errors4xx + a.errors5xx,
    errors4xx: a.errors4xx,
    errors5xx: a.errors5xx,
  };
  if (latency) {
    sample.latency = latency;
    sample.p50LatencyMs = histogramQuantile(0.5, latency);
    sample.p99LatencyMs = histogramQuantile(0.99, latency);
  } else {
    sample.p50LatencyMs = quantile(0.5);
    sample.p99LatencyMs = quantile(0.99);
  }
  if (queue) sample.queueP99Ms = histogramQuantile(0.99, queue);
  sample.cpuUsagePercent = mean(a.cpu);
  sample.memUsagePercent = mean(a.mem);
  for (const key of Object.keys(sample) as Array<keyof ServingMinuteSample>) {
    if (sample[key] === undefined) delete sample[key];
  }
  return sample;
}

/** Buckets keyed by bound as a histogram with finite bounds and the `+Inf` count apart. */
function histogramOf(
  buckets: Map<number, number>,
): LatencyHistogram | undefined {
  if (buckets.size === 0) return undefined;
  const finite = [...buckets]
    .filter(([le]) => Number.isFinite(le))
    .sort((x, y) => x[0] - y[0]);
  const count = buckets.get(Infinity) ?? finite[finite.length - 1]?.[1] ?? 0;
  return {
    le: finite.map(([le]) => le),
    cumulative: finite.map(([, c]) => c),
    count,
  };
}
