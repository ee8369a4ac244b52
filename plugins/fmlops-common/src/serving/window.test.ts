import {
  histogramQuantile,
  mergeHistograms,
  mergeSamples,
  ServingSample,
  sumWindow,
} from './window';

const t0 = Date.UTC(2026, 0, 5, 12, 0);
const min = (n: number) => t0 + n * 60_000;

describe('serving windows from per-minute samples', () => {
  it('keeps one sample per minute: a minute scraped again replaces its earlier reading', () => {
    const kept: ServingSample[] = [
      { at: min(1), requests: 100, errors: 1 },
      { at: min(2), requests: 90, errors: 0 },
    ];
    const merged = mergeSamples(kept, [
      { at: min(2), requests: 95, errors: 2 },
      // no timestamp of its own: scraped 20 s into minute 3, then again 50 s in
      { at: min(3) + 20_000, requests: 40, errors: 0 },
      { at: min(3) + 50_000, requests: 80, errors: 1 },
    ]);
    expect(merged.map(s => [s.at, s.requests])).toEqual([
      [min(1), 100],
      [min(2), 95],
      [min(3) + 50_000, 80],
    ]);
  });

  it('drops the minutes up to the start of a window and keeps at most the newest N', () => {
    const samples = [0, 1, 2, 3, 4].map(i => ({
      at: min(i),
      requests: 10,
      errors: 0,
    }));
    expect(
      mergeSamples([], samples, { after: min(1) + 30_000 }).map(s => s.at),
    ).toEqual([min(2), min(3), min(4)]);
    expect(mergeSamples([], samples, { keep: 2 }).map(s => s.at)).toEqual([
      min(3),
      min(4),
    ]);
  });

  it('sums requests and errors over the minutes, and merges their histograms', () => {
    const window = sumWindow([
      {
        at: min(1),
        requests: 100,
        errors: 1,
        latency: { le: [50, 100], cumulative: [90, 100], count: 100 },
      },
      {
        at: min(2),
        requests: 100,
        errors: 3,
        latency: { le: [50, 100], cumulative: [10, 60], count: 100 },
      },
    ]);
    expect(window).toMatchObject({
      requests: 200,
      errors: 4,
      minutes: 2,
      latencySource: 'histogram',
    });
    // 100 of 200 requests ≤ 50 ms: the median is the 50 ms bound
    expect(window.p50LatencyMs).toBe(50);
    // rank 198 in (100, ∞): the last finite bound
    expect(window.p99LatencyMs).toBe(100);
  });

  it('weights per-minute p99s by requests when a minute has no histogram', () => {
    const window = sumWindow([
      { at: min(1), requests: 300, errors: 0, p99LatencyMs: 100 },
      { at: min(2), requests: 100, errors: 0, p99LatencyMs: 500 },
      // an idle minute weighs nothing
      { at: min(3), requests: 0, errors: 0, p99LatencyMs: 9000 },
    ]);
    expect(window.latencySource).toBe('weighted-minute-quantiles');
    expect(window.p99LatencyMs).toBe(200);
  });

  it('says there was no latency and no traffic when nobody called', () => {
    expect(sumWindow([{ at: min(1), requests: 0, errors: 0 }])).toEqual({
      requests: 0,
      errors: 0,
      minutes: 1,
      latencySource: 'none',
    });
    expect(sumWindow([])).toMatchObject({ requests: 0, minutes: 0 });
  });

  it('merges histograms with different bounds by their cumulative counts', () => {
    expect(
      mergeHistograms([
        { le: [10, 100], cumulative: [5, 10], count: 10 },
        { le: [50], cumulative: [20], count: 30 },
      ]),
    ).toEqual({ le: [10, 50, 100], cumulative: [5, 25, 30], count: 40 });
  });

  it('interpolates a quantile within its bucket, as histogram_quantile does', () => {
    expect(
      histogramQuantile(0.5, { le: [10, 20], cumulative: [0, 10], count: 10 }),
    ).toBe(15);
    expect(
      histogramQuantile(0.99, { le: [], cumulative: [], count: 0 }),
    ).toBeUndefined();
    expect(
      histogramQuantile(0.99, { le: [100], cumulative: [1], count: 100 }),
    ).toBe(100);
  });
});
