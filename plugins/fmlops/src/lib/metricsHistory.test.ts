import type { ServedVersion } from '@fmlops/backstage-plugin-fmlops-common';
import { appendMetricSamples } from './metricsHistory';

const served = (
  modelVersion: string,
  requests: number,
  errors: number,
  p99LatencyMs = 40,
): ServedVersion => ({
  servedEntityName: `model-${modelVersion}`,
  modelName: 'fmlops_demo.cards.card_fraud_detector',
  modelVersion,
  aliases: [],
  trafficPercentage: 50,
  metrics: {
    requests,
    errors,
    errorRate: requests ? errors / requests : 0,
    p50LatencyMs: 10,
    p99LatencyMs,
  },
});

describe('appendMetricSamples', () => {
  it("keeps each poll's minute as it is: the metrics are per-minute gauges, never differenced", () => {
    let history = appendMetricSamples({}, [served('3', 1000, 10)], 1);
    history = appendMetricSamples(history, [served('3', 900, 27)], 2);
    expect(history['3'].map(s => [s.requests, s.errorRate])).toEqual([
      [1000, 0.01],
      [900, 0.03],
    ]);
  });

  it('keeps the newest samples and drops versions no longer served', () => {
    let history = {};
    for (let i = 1; i <= 5; i++) {
      history = appendMetricSamples(
        history,
        [served('3', i * 100, 0, i), served('4', i * 10, 0)],
        i,
        3,
      );
    }
    const latest = appendMetricSamples(history, [served('3', 600, 0, 6)], 6, 3);
    expect(latest['3'].map(s => s.p99LatencyMs)).toEqual([4, 5, 6]);
    expect(latest['4']).toBeUndefined();
  });
});
