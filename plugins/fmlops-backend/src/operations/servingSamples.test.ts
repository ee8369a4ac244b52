import {
  measure,
  samplesByVersion,
  startBake,
  windowMetrics,
} from './servingSamples';

const minute = Date.UTC(2026, 0, 5, 12, 0);
const scrapeSample = (servedEntity: string, requests: number, at = minute) => ({
  servedEntity,
  at,
  timestamped: true,
  requests,
  errors: 1,
  errors4xx: 0,
  errors5xx: 1,
  p99LatencyMs: 70,
});
const endpoint = (routes = true) => ({
  name: 'fraud',
  config: {
    served_entities: [
      { name: 'fraud-3', entity_version: '3' },
      { name: 'fraud-4', entity_version: '4' },
    ],
    traffic_config: routes
      ? {
          routes: [
            { served_entity_name: 'fraud-3', traffic_percentage: 90 },
            { served_model_name: 'fraud-4', traffic_percentage: 10 },
          ],
        }
      : undefined,
  },
});

describe('serving samples per model version', () => {
  it('names each sample by the version its served entity serves, with its traffic share', () => {
    const samples = samplesByVersion(
      {
        scrapedAt: minute,
        samples: [
          scrapeSample('fraud-3', 900),
          scrapeSample('fraud-4', 100),
          // not in the config any more: nothing to judge it by
          scrapeSample('fraud-2', 5),
          // the endpoint's own series cannot be split between two versions
          scrapeSample('', 1000),
        ],
      },
      endpoint(),
    );
    expect(samples).toEqual({
      '3': [
        {
          at: minute,
          requests: 900,
          errors: 1,
          p99LatencyMs: 70,
          trafficPercentage: 90,
        },
      ],
      '4': [
        {
          at: minute,
          requests: 100,
          errors: 1,
          p99LatencyMs: 70,
          trafficPercentage: 10,
        },
      ],
    });
  });

  it("gives the endpoint's own series to a lone served entity", () => {
    const samples = samplesByVersion(
      { scrapedAt: minute, samples: [scrapeSample('', 300)] },
      {
        config: { served_entities: [{ name: 'fraud-4', entity_version: '4' }] },
      },
    );
    expect(samples['4']).toEqual([
      {
        at: minute,
        requests: 300,
        errors: 1,
        p99LatencyMs: 70,
        trafficPercentage: 100,
      },
    ]);
  });

  it('starts a bake after the newest minute shown, and adds only new minutes to it', () => {
    const shown = { '4': [{ at: minute, requests: 10, errors: 0 }] };
    const bake = startBake(shown);
    expect(bake).toEqual({ after: minute, samples: {} });
    expect(measure(bake, shown)).toBe(bake);
    const next = measure(bake, {
      '4': [{ at: minute + 60_000, requests: 20, errors: 2, p99LatencyMs: 40 }],
    });
    expect(windowMetrics(next.samples['4'])).toEqual({
      requests: 20,
      errors: 2,
      minutes: 1,
      p99LatencyMs: 40,
      latencySource: 'weighted-minute-quantiles',
    });
    expect(startBake({})).toEqual({ samples: {} });
  });
});
