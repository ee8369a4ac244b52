import { DEFAULT_POLICY } from '../policy/policy';
import { assessModelHealth, HealthObservations } from './assess';

const now = new Date('2026-03-10T12:00:00Z');
const hoursBefore = (h: number) =>
  new Date(now.getTime() - h * 3_600_000).toISOString();
const monitoring = DEFAULT_POLICY.monitoring;

const servingOk = {
  status: 'ok',
  data: {
    endpointName: 'market-abuse-detector',
    ready: 'READY',
    configUpdate: 'NOT_UPDATING',
    servedVersions: [
      {
        modelVersion: '3',
        trafficPercentage: 100,
        metrics: { requests: 1000, errorRate: 0.001 },
      },
    ],
  },
} satisfies HealthObservations['serving'];

const pipeline = (
  passRate: number,
  health = 'HEALTHY',
): HealthObservations['pipeline'] => ({
  status: 'ok',
  data: {
    health,
    lastUpdate: {
      updateId: 'u1',
      state: 'COMPLETED',
      creationTime: hoursBefore(2),
    },
    datasets: [
      {
        dataset: 'trades_silver',
        layer: 'silver',
        passRate,
        expectations: [
          {
            name: 'valid_price',
            dataset: 'trades_silver',
            passedRecords: passRate * 100,
            failedRecords: (1 - passRate) * 100,
            passRate,
          },
        ],
      },
    ],
  },
});

const assess = (observed: HealthObservations) =>
  assessModelHealth(observed, monitoring, { now });

describe('assessModelHealth', () => {
  it('is healthy with nothing to report', () => {
    expect(
      assess({
        serving: servingOk,
        pipeline: pipeline(0.999),
        drift: {
          status: 'ok',
          data: {
            latest: {
              windowStart: hoursBefore(5),
              maxPsi: 0.02,
              maxJsDistance: 0.01,
            },
          },
        },
        jobs: {
          status: 'ok',
          data: [
            {
              jobId: '1',
              role: 'tournament',
              runId: '9',
              resultState: 'SUCCESS',
              startTime: hoursBefore(3),
            },
          ],
        },
      }),
    ).toEqual({ health: 'healthy', reasons: [] });
  });

  it('warns about a failing expectation and an unhealthy pipeline, naming the layer and the threshold', () => {
    const result = assess({
      serving: servingOk,
      pipeline: pipeline(0.82, 'UNHEALTHY'),
    });
    expect(result.health).toBe('warning');
    expect(result.reasons.map(r => r.message)).toEqual([
      'silver: valid_price 82% < 95%',
      'pipeline: Databricks reports it UNHEALTHY',
    ]);
  });

  it('is critical when the endpoint is missing or not ready, worst reason first', () => {
    expect(
      assess({ serving: { status: 'missing' }, pipeline: pipeline(0.5) })
        .health,
    ).toBe('critical');
    const notReady = assess({
      serving: {
        status: 'ok',
        data: { ...servingOk.data, ready: 'NOT_READY' },
      },
      pipeline: pipeline(0.5),
    } as HealthObservations);
    expect(notReady.health).toBe('critical');
    expect(notReady.reasons[0].message).toBe(
      'endpoint market-abuse-detector is not ready',
    );
  });

  it('warns about a failed or stale job and about old data', () => {
    const result = assess({
      serving: servingOk,
      drift: {
        status: 'ok',
        data: {
          latest: {
            windowStart: hoursBefore(80),
            windowEnd: hoursBefore(74),
            maxPsi: 0.01,
            maxJsDistance: 0.01,
          },
        },
      },
      jobs: {
        status: 'ok',
        data: [
          {
            jobId: '1',
            role: 'drift',
            runId: '12',
            resultState: 'FAILED',
            startTime: hoursBefore(1),
          },
          {
            jobId: '1',
            role: 'drift',
            runId: '11',
            resultState: 'SUCCESS',
            startTime: hoursBefore(30),
          },
          {
            jobId: '2',
            role: 'tournament',
            runId: '5',
            resultState: 'SUCCESS',
            startTime: hoursBefore(24 * 9),
          },
        ],
      },
    });
    expect(result.health).toBe('warning');
    expect(result.reasons.map(r => r.message)).toEqual([
      'freshness: newest drift window ended 3 days ago (> 48 h)',
      'tournament job: last success 9 days ago (> 168 h)',
      'drift job: last run 12 FAILED',
    ]);
  });

  it('warns about a served version answering too many errors and about drift', () => {
    const result = assess({
      serving: {
        status: 'ok',
        data: {
          ...servingOk.data,
          servedVersions: [
            ...servingOk.data.servedVersions,
            {
              modelVersion: '4',
              trafficPercentage: 10,
              metrics: { requests: 200, errorRate: 0.12 },
            },
          ],
        },
      },
      drift: {
        status: 'ok',
        data: {
          latest: {
            windowStart: hoursBefore(3),
            maxPsi: 0.31,
            maxJsDistance: 0.2,
          },
        },
      },
    } as HealthObservations);
    expect(result.reasons.map(r => r.message)).toEqual([
      'serving: v4 error rate 12% > 5%',
      'drift: PSI up to 0.310',
    ]);
  });

  it('is unknown when a part could not be read, and says which', () => {
    const result = assess({
      serving: servingOk,
      pipeline: { status: 'unavailable', reason: 'timeout' },
    });
    expect(result).toEqual({
      health: 'unknown',
      reasons: [
        {
          source: 'pipeline',
          severity: 'unknown',
          message: 'pipeline could not be read: timeout',
        },
      ],
    });
  });
});
