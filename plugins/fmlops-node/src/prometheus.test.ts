import { parseServingSamples } from './prometheus';

/** Export texts in the shapes public sources show (packages/databricks-emulator/src/parity/serving-metrics.md). */
describe('serving metrics export as per-minute samples', () => {
  const scrapedAt = Date.UTC(2026, 0, 5, 12, 0, 30);
  const minute = Date.UTC(2026, 0, 5, 12, 0);

  it('reads gauges with timestamps: one sample per entity and minute, with its latency quantiles', () => {
    const samples = parseServingSamples(
      `
# HELP request_count_total Number of requests during the last minute
# TYPE request_count_total gauge
request_count_total{served_entity_name="fraud-3"} 900 ${minute}
request_count_total{served_entity_name="fraud-4"} 100 ${minute}
# TYPE request_4xx_count_total gauge
request_4xx_count_total{served_entity_name="fraud-4"} 2 ${minute}
# TYPE request_5xx_count_total gauge
request_5xx_count_total{served_entity_name="fraud-4"} 3 ${minute}
# TYPE request_latency_ms histogram
request_latency_ms_bucket{served_entity_name="fraud-4",le="50"} 50 ${minute}
request_latency_ms_bucket{served_entity_name="fraud-4",le="100"} 90 ${minute}
request_latency_ms_bucket{served_entity_name="fraud-4",le="1000"} 100 ${minute}
request_latency_ms_bucket{served_entity_name="fraud-4",le="+Inf"} 100 ${minute}
request_latency_ms_count{served_entity_name="fraud-4"} 100 ${minute}
# TYPE cpu_usage_percentage gauge
cpu_usage_percentage{served_entity_name="fraud-4"} 12.5 ${minute}
# TYPE model_queue_time_ms histogram
model_queue_time_ms_bucket{served_entity_name="fraud-4",le="5"} 99 ${minute}
model_queue_time_ms_bucket{served_entity_name="fraud-4",le="+Inf"} 100 ${minute}
`,
      scrapedAt,
    );
    expect(samples.map(s => [s.servedEntity, s.at, s.requests])).toEqual([
      ['fraud-3', minute, 900],
      ['fraud-4', minute, 100],
    ]);
    const canary = samples[1];
    expect(canary).toMatchObject({
      timestamped: true,
      errors: 5,
      errors4xx: 2,
      errors5xx: 3,
      cpuUsagePercent: 12.5,
      p50LatencyMs: 50,
      queueP99Ms: 5,
    });
    // the 99th request falls in (100, 1000]: 9 of its 10 requests below it
    expect(canary.p99LatencyMs).toBeCloseTo(910, 6);
    expect(canary.latency).toEqual({
      le: [50, 100, 1000],
      cumulative: [50, 90, 100],
      count: 100,
    });
  });

  // counter-typed families: read as the same per-minute counts (how the docs and Datadog's
  // integration read them), never differenced against an earlier scrape
  it('reads counter-typed families and prometheus_client names as per-minute counts too', () => {
    const [sample] = parseServingSamples(
      `
# TYPE request_count_total counter
request_count_total{served_model_name="fraud-4"} 120
# TYPE request_5xx_count counter
request_5xx_count{served_model_name="fraud-4"} 6
`,
      scrapedAt,
    );
    expect(sample).toMatchObject({
      servedEntity: 'fraud-4',
      requests: 120,
      errors: 6,
      // no timestamp: the minute of the scrape
      at: scrapedAt,
      timestamped: false,
    });
    expect(sample.latency).toBeUndefined();
    expect(sample.p99LatencyMs).toBeUndefined();
  });

  it('adds up replicas of one entity, averages their CPU, and keeps several minutes apart', () => {
    const next = minute + 60_000;
    const samples = parseServingSamples(
      `
request_count_total{served_entity="fraud-4",replica_id="a"} 60 ${minute}
request_count_total{served_entity="fraud-4",replica_id="b"} 40 ${minute}
request_count_total{served_entity="fraud-4",replica_id="a"} 10 ${next}
cpu_usage_percentage{served_entity="fraud-4",replica_id="a"} 20 ${minute}
cpu_usage_percentage{served_entity="fraud-4",replica_id="b"} 40 ${minute}
request_latency_ms_bucket{served_entity="fraud-4",replica_id="a",le="100"} 60 ${minute}
request_latency_ms_bucket{served_entity="fraud-4",replica_id="a",le="+Inf"} 60 ${minute}
request_latency_ms_bucket{served_entity="fraud-4",replica_id="b",le="100"} 20 ${minute}
request_latency_ms_bucket{served_entity="fraud-4",replica_id="b",le="+Inf"} 40 ${minute}
`,
      scrapedAt,
    );
    expect(samples.map(s => [s.at, s.requests])).toEqual([
      [minute, 100],
      [next, 10],
    ]);
    expect(samples[0].cpuUsagePercent).toBe(30);
    expect(samples[0].latency).toEqual({
      le: [100],
      cumulative: [80],
      count: 100,
    });
  });

  it('gives series without an entity label to the endpoint, and reads a summary when there is no histogram', () => {
    const [sample] = parseServingSamples(
      `
# TYPE request_count_total gauge
request_count_total{endpoint_name="fraud"} 300
request_latency_ms{quantile="0.5"} 20
request_latency_ms{quantile="0.99"} 80
`,
      scrapedAt,
    );
    expect(sample).toMatchObject({
      servedEntity: '',
      requests: 300,
      p50LatencyMs: 20,
      p99LatencyMs: 80,
    });
  });

  it('keeps a minute without requests: it says nobody called', () => {
    const [sample] = parseServingSamples(
      `request_count_total{served_entity_name="fraud-4"} 0 ${minute}\n`,
      scrapedAt,
    );
    expect(sample).toMatchObject({ requests: 0, errors: 0, at: minute });
  });

  it('ignores malformed lines and families it does not read', () => {
    expect(
      parseServingSamples(
        'garbage\nrequest_count_total{served_model_name="a"} x\nprocess_start_time_seconds 5\n',
        scrapedAt,
      ),
    ).toEqual([]);
  });
});
