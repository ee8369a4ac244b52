/**
 * Serving metrics as real Model Serving endpoints export them: per-minute samples, not lifetime
 * counters. `request_count_total` and the error families count the requests of the last minute
 * (Databricks' metrics export docs; Datadog's official integration types them gauges with a
 * 60 s interval), and the latency histogram covers that minute too. A window's traffic is
 * therefore the sum of the minutes sampled during it, each minute counted once, never
 * "now minus start". Pure: the backend keeps the samples, this module does the arithmetic.
 */

const MINUTE_MS = 60_000;

/**
 * A cumulative latency histogram of one minute: `cumulative[i]` requests took ≤ `le[i]` ms.
 *
 * @public
 */
export interface LatencyHistogram {
  /** the finite bucket bounds in ms, ascending */
  le: number[];
  /** requests at or under each bound */
  cumulative: number[];
  /** every request of the minute (the `+Inf` bucket) */
  count: number;
}

/**
 * One minute of one served version's traffic.
 *
 * @public
 */
export interface ServingSample {
  /** epoch ms: the sample's own timestamp, or the time it was scraped when it carried none */
  at: number;
  /** requests during the minute */
  requests: number;
  /** 4xx and 5xx answers */
  errors: number;
  /** the minute's latency histogram, when the export has one */
  latency?: LatencyHistogram;
  /** the minute's median latency, from the export (or read off its histogram) */
  p50LatencyMs?: number;
  /** the minute's 99th percentile latency, likewise */
  p99LatencyMs?: number;
  /** the version's share of traffic when the sample was taken */
  trafficPercentage?: number;
}

/**
 * A window of samples summed: what a health check judges.
 *
 * @public
 */
export interface SampledWindow {
  /** requests summed over the minutes */
  requests: number;
  /** errors summed over the minutes */
  errors: number;
  /** the window's median latency (see `latencySource`) */
  p50LatencyMs?: number;
  /** the window's 99th percentile latency (see `latencySource`) */
  p99LatencyMs?: number;
  /** how many distinct minutes were summed */
  minutes: number;
  /**
   * where the latency comes from: the minutes' histograms merged (exact up to bucket
   * interpolation), or, when some minute has no histogram, the minutes' own quantiles averaged
   * with their request counts as weights (an approximation: a window's p99 is not recoverable
   * from per-minute p99s), or nowhere
   */
  latencySource: 'histogram' | 'weighted-minute-quantiles' | 'none';
}

/**
 * The minute a sample belongs to: samples of the same minute are the same measurement.
 *
 * @public
 */
export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

/**
 * Adds newly scraped samples to kept ones, one per minute: a minute scraped again replaces the
 * earlier reading of it (a sample without its own timestamp is re-read every scrape of its
 * minute; the latest reading is the most complete). Only minutes after `after` are kept, and
 * at most `keep` of the newest. Oldest first.
 *
 * @public
 */
export function mergeSamples(
  kept: ServingSample[],
  scraped: ServingSample[],
  options: { after?: number; keep?: number } = {},
): ServingSample[] {
  const byMinute = new Map<number, ServingSample>();
  for (const s of [...kept, ...scraped]) {
    const minute = minuteOf(s.at);
    if (options.after !== undefined && minute <= minuteOf(options.after)) {
      continue;
    }
    byMinute.set(minute, s);
  }
  const merged = [...byMinute.values()].sort((a, b) => a.at - b.at);
  return options.keep !== undefined
    ? merged.slice(Math.max(0, merged.length - options.keep))
    : merged;
}

/**
 * The samples of a window summed: requests and errors added, latency merged (see `latencySource`).
 *
 * @public
 */
export function sumWindow(samples: ServingSample[]): SampledWindow {
  const minutes = new Set(samples.map(s => minuteOf(s.at))).size;
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const errors = samples.reduce((n, s) => n + s.errors, 0);
  const served = samples.filter(s => s.requests > 0);
  const base = { requests, errors, minutes };
  if (served.length === 0) {
    return { ...base, latencySource: 'none' };
  }
  const histograms = served.map(s => s.latency);
  if (histograms.every((h): h is LatencyHistogram => h !== undefined)) {
    const merged = mergeHistograms(histograms);
    return {
      ...base,
      p50LatencyMs: histogramQuantile(0.5, merged),
      p99LatencyMs: histogramQuantile(0.99, merged),
      latencySource: 'histogram',
    };
  }
  const weighted = (pick: (s: ServingSample) => number | undefined) => {
    const known = served.filter(s => pick(s) !== undefined);
    const weight = known.reduce((n, s) => n + s.requests, 0);
    return weight > 0
      ? known.reduce((n, s) => n + pick(s)! * s.requests, 0) / weight
      : undefined;
  };
  const p99LatencyMs = weighted(s => s.p99LatencyMs);
  return {
    ...base,
    p50LatencyMs: weighted(s => s.p50LatencyMs),
    p99LatencyMs,
    latencySource:
      p99LatencyMs === undefined ? 'none' : 'weighted-minute-quantiles',
  };
}

/**
 * Histograms of several minutes as one: counts added bound by bound. Bounds only some minutes
 * have are read off the others by their next lower bound (counts at a bound are cumulative).
 *
 * @public
 */
export function mergeHistograms(
  histograms: LatencyHistogram[],
): LatencyHistogram {
  const bounds = [...new Set(histograms.flatMap(h => h.le))].sort(
    (a, b) => a - b,
  );
  const cumulativeAt = (h: LatencyHistogram, le: number) => {
    let count = 0;
    h.le.forEach((bound, i) => {
      if (bound <= le) count = Math.max(count, h.cumulative[i]);
    });
    return count;
  };
  return {
    le: bounds,
    cumulative: bounds.map(le =>
      histograms.reduce((n, h) => n + cumulativeAt(h, le), 0),
    ),
    count: histograms.reduce((n, h) => n + h.count, 0),
  };
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolated linearly within the bucket it
 * falls in, as PromQL's histogram_quantile. Beyond the last finite bound, that bound is the best
 * estimate. Undefined for an empty histogram.
 *
 * @public
 */
export function histogramQuantile(
  q: number,
  h: LatencyHistogram,
): number | undefined {
  if (h.count <= 0) {
    return undefined;
  }
  const rank = q * h.count;
  let prevLe = 0;
  let prevCount = 0;
  for (let i = 0; i < h.le.length; i++) {
    const le = h.le[i];
    const count = h.cumulative[i];
    if (count >= rank) {
      const inBucket = count - prevCount;
      return inBucket > 0
        ? prevLe + ((le - prevLe) * (rank - prevCount)) / inBucket
        : le;
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe;
}
