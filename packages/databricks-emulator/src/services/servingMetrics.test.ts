import { ApiError } from '@databricks/sdk-experimental';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/**
 * The serving metrics export through the real SDK client: per-minute gauges with timestamps, as
 * real endpoints export them (src/parity/serving-metrics.md), and the variants real exports show.
 */

jest.setTimeout(60_000);

interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

function lines(text: string): Line[] {
  return text
    .split('\n')
    .filter(l => l && !l.startsWith('#'))
    .map(l => {
      const m = /^(\w+)(?:\{(.*)\})? (\S+)(?: (\d+))?$/.exec(l)!;
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(x => [x[1], x[2]]),
      );
      return {
        name: m[1],
        labels,
        value: Number(m[3]),
        timestamp: m[4] === undefined ? undefined : Number(m[4]),
      };
    });
}

const value = (
  text: string,
  name: string,
  labels: Record<string, string> = {},
) =>
  lines(text).find(
    l =>
      l.name === name &&
      Object.entries(labels).every(([k, v]) => l.labels[k] === v),
  )?.value;

describe('serving metrics export', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  const read = async (name: string) => {
    const r = await local.client.servingEndpoints.exportMetrics({ name });
    return new Response(r.contents as unknown as BodyInit).text();
  };
  const entity = (name: string) => ({ served_entity_name: name });

  it('exports the last complete minute as gauges, timestamped at its end', async () => {
    const text = await read('ach-payment-anomaly');
    for (const family of [
      'request_count_total',
      'request_4xx_count_total',
      'request_5xx_count_total',
      'cpu_usage_percentage',
      'mem_usage_percentage',
      'provisioned_concurrent_requests_total',
    ]) {
      expect(text).toContain(`# TYPE ${family} gauge`);
    }
    expect(text).toContain('# TYPE request_latency_ms histogram');
    expect(text).toContain('# TYPE model_queue_time_ms histogram');
    const now = local.ws.clock.now();
    const stamps = new Set(lines(text).map(l => l.timestamp));
    expect(stamps.size).toBe(1);
    const [stamp] = [...stamps];
    expect(stamp! % 60_000).toBe(0);
    expect(now - stamp!).toBeGreaterThanOrEqual(0);
    expect(now - stamp!).toBeLessThan(60_000);
    // 50 requests a second, 90 / 10: one minute's worth, not a lifetime
    expect(
      value(text, 'request_count_total', entity('ach_payment_anomaly-3')),
    ).toBeCloseTo(2700, -2);
    expect(
      value(text, 'request_count_total', entity('ach_payment_anomaly-4')),
    ).toBeCloseTo(300, -1.5);
  });

  it('shows each minute anew: the gauges do not grow as time passes', async () => {
    const first = await read('ach-payment-anomaly');
    local.advance(600);
    const later = await read('ach-payment-anomaly');
    const count = (text: string) =>
      value(text, 'request_count_total', entity('ach_payment_anomaly-3'))!;
    expect(count(later)).toBeCloseTo(2700, -2);
    expect(Math.abs(count(later) - count(first))).toBeLessThan(200);
    expect(lines(later)[0].timestamp! - lines(first)[0].timestamp!).toBe(
      600_000,
    );
  });

  it("histograms a slow version's minute: most of its requests above 250 ms", async () => {
    const text = await read('wire-fraud-detector');
    const share = (name: string) =>
      value(text, 'request_latency_ms_bucket', {
        ...entity(name),
        le: '250',
      })! / value(text, 'request_latency_ms_count', entity(name))!;
    expect(share('wire_fraud_detector-5')).toBeLessThan(0.8);
    expect(share('wire_fraud_detector-4')).toBeGreaterThan(0.99);
    expect(
      value(text, 'request_latency_ms_bucket', {
        ...entity('wire_fraud_detector-5'),
        le: '+Inf',
      }),
    ).toBe(value(text, 'request_count_total', entity('wire_fraud_detector-5')));
    expect(
      value(text, 'model_queue_time_ms_count', entity('wire_fraud_detector-5')),
    ).toBeGreaterThan(0);
    const cpu = value(
      text,
      'cpu_usage_percentage',
      entity('wire_fraud_detector-4'),
    )!;
    expect(cpu).toBeGreaterThan(0);
    expect(cpu).toBeLessThanOrEqual(100);
    expect(
      value(
        text,
        'provisioned_concurrent_requests_total',
        entity('wire_fraud_detector-4'),
      ),
    ).toBe(4);
  });

  it('counts failed invocations in the minute they failed, once that minute is complete', async () => {
    await local.admin(
      'POST',
      '/__admin/serving-endpoints/market-abuse-detector/profiles/2',
      { errorRate: 1 },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push(
        await local.client.servingEndpoints
          .query({ name: 'market-abuse-detector', inputs: [{ amount: i }] })
          .then(
            () => 200,
            (e: ApiError) => e.statusCode,
          ),
      );
    }
    expect(statuses).toEqual(new Array(20).fill(503));
    local.advance(60);
    const minute = entity('market_abuse_detector-2');
    let text = await read('market-abuse-detector');
    expect(
      value(text, 'request_5xx_count_total', minute),
    ).toBeGreaterThanOrEqual(20);
    // the next whole minute of background traffic fails too
    local.advance(60);
    text = await read('market-abuse-detector');
    expect(
      value(text, 'request_5xx_count_total', minute)! +
        value(text, 'request_4xx_count_total', minute)!,
    ).toBe(value(text, 'request_count_total', minute));
  });

  it('writes the variants real exports show: other labels, counter typing, no timestamps, no latency histogram', async () => {
    const variant = (body: unknown) =>
      local.admin(
        'POST',
        '/__admin/serving-endpoints/card-fraud-detector/metrics-export',
        body,
      );
    expect(
      (
        await variant({
          entityLabel: 'served_model_name',
          familyType: 'counter',
        })
      ).status,
    ).toBe(200);
    let text = await read('card-fraud-detector');
    expect(text).toContain('# TYPE request_count_total counter');
    expect(
      value(text, 'request_count_total', {
        served_model_name: 'card_fraud_detector-3',
      }),
    ).toBeCloseTo(2400, -2);

    await variant({ latencyHistogram: false, timestamps: false });
    text = await read('card-fraud-detector');
    expect(text).not.toContain('request_latency_ms');
    expect(text).toContain('model_queue_time_ms_bucket');
    expect(lines(text).every(l => l.timestamp === undefined)).toBe(true);

    await variant({ entityLabel: 'none' });
    text = await read('card-fraud-detector');
    const count = lines(text).find(l => l.name === 'request_count_total')!;
    expect(count.labels).toEqual({});
    expect(count.value).toBeCloseTo(2400, -2);

    const bad = await variant({ familyType: 'summary' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/familyType must be one of/);
  });
});
