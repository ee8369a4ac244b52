import { histogramQuantile, parseServingMetrics } from './prometheus';

describe('serving metrics', () => {
  const text = `
# HELP request_count_total Requests
# TYPE request_count_total counter
request_count_total{served_entity_name="fraud-3"} 900
request_count_total{served_entity_name="fraud-4"} 100
request_4xx_count_total{served_entity_name="fraud-4"} 2
request_5xx_count_total{served_entity_name="fraud-4"} 3
# TYPE request_latency_ms histogram
request_latency_ms_bucket{served_entity_name="fraud-4",le="50"} 50
request_latency_ms_bucket{served_entity_name="fraud-4",le="100"} 90
request_latency_ms_bucket{served_entity_name="fraud-4",le="1000"} 100
request_latency_ms_bucket{served_entity_name="fraud-4",le="+Inf"} 100
cpu_usage_percentage{served_entity_name="fraud-4"} 12.5
`;

  it('reads requests, errors and latency quantiles per served entity', () => {
    const metrics = parseServingMetrics(text);
    expect(metrics.get('fraud-3')).toMatchObject({
      requests: 900,
      errors: 0,
      errorRate: 0,
    });
    const canary = metrics.get('fraud-4')!;
    expect(canary).toMatchObject({ requests: 100, errors: 5, errorRate: 0.05 });
    expect(canary.p50LatencyMs).toBe(50);
    // the 99th request falls in (100, 1000]: 9 of its 10 requests below it
    expect(canary.p99LatencyMs).toBeCloseTo(910, 6);
  });

  it('interpolates within buckets and handles empty histograms', () => {
    expect(
      histogramQuantile(0.5, [
        { le: 10, count: 0 },
        { le: 20, count: 10 },
      ]),
    ).toBe(15);
    expect(histogramQuantile(0.99, [])).toBeUndefined();
    expect(
      histogramQuantile(0.99, [
        { le: 100, count: 1 },
        { le: Infinity, count: 100 },
      ]),
    ).toBe(100);
  });

  it('reads samples that carry a timestamp', () => {
    const metrics = parseServingMetrics(`
request_count_total{served_entity_name="fraud-4"} 100 1700000000000
request_5xx_count_total{served_entity_name="fraud-4"} 4 1700000000000
request_latency_ms_bucket{served_entity_name="fraud-4",le="100"} 100 1700000000000
request_latency_ms_bucket{served_entity_name="fraud-4",le="+Inf"} 100 1700000000000
`);
    expect(metrics.get('fraud-4')).toMatchObject({
      requests: 100,
      errors: 4,
      p50LatencyMs: 50,
    });
  });

  it('ignores malformed lines and series without a served entity', () => {
    const metrics = parseServingMetrics(
      'garbage\nrequest_count_total 5\nrequest_count_total{served_model_name="a"} x\n',
    );
    expect(metrics.size).toBe(0);
  });
});
