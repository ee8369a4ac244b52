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
  it('uses the error rate between two polls, not the lifetime one', () => {
    let history = appendMetricSamples({}, [served('3', 1000, 10)], 1);
    expect(history['3'][0].errorRate).toBeCloseTo(0.01);
    history = appendMetricSamples(history, [served('3', 1100, 30)], 2);
    // 20 errors in 100 new requests
    expect(history['3'][1].errorRate).toBeCloseTo(0.2);
  });

  it('falls back to the lifetime rate after a counter reset', () => {
    let history = appendMetricSamples({}, [served('3', 1000, 10)], 1);
    history = appendMetricSamples(history, [served('3', 50, 5)], 2);
    expect(history['3'][1].errorRate).toBeCloseTo(0.1);
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
