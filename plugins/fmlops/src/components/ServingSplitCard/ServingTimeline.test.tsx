import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { ServedVersion } from '@fmlops/backstage-plugin-fmlops-common';
import { minuteRows, ServingTimeline } from './ServingTimeline';

const served = (
  modelVersion: string,
  aliases: string[],
  minutes: ServedVersion['minutes'],
): ServedVersion => ({
  servedEntityName: `m-${modelVersion}`,
  modelName: 'fmlops_demo.payments.wire_fraud_detector',
  modelVersion,
  aliases,
  trafficPercentage: 50,
  minutes,
});

const minute = (at: string, traffic: number, p99: number, errorRate = 0) => ({
  at,
  trafficPercentage: traffic,
  requests: 100,
  errors: errorRate * 100,
  errorRate,
  p99LatencyMs: p99,
});

describe('ServingTimeline', () => {
  const versions = [
    served(
      '4',
      ['champion'],
      [
        minute('2026-11-20T10:00:12Z', 80, 70),
        minute('2026-11-20T10:01:05Z', 100, 72),
      ],
    ),
    served(
      '5',
      ['challenger'],
      [minute('2026-11-20T10:00:40Z', 20, 900, 0.012)],
    ),
  ];

  it('lines up every version by minute: traffic, p99 and error rate', () => {
    expect(minuteRows(versions)).toEqual([
      {
        minute: '2026-11-20T10:00',
        'traffic:4': 80,
        'p99:4': 70,
        'errors:4': 0,
        'traffic:5': 20,
        'p99:5': 900,
        'errors:5': 0.012,
      },
      {
        minute: '2026-11-20T10:01',
        'traffic:4': 100,
        'p99:4': 72,
        'errors:4': 0,
      },
    ]);
  });

  it('draws the split, the latency and the errors over time', async () => {
    await renderInTestApp(<ServingTimeline servedVersions={versions} />);
    expect(
      screen.getByRole('img', { name: 'Traffic split per minute' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'p99 latency per version and minute' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Error rate per version and minute' }),
    ).toBeInTheDocument();
  });

  it('says when there are not yet two minutes to draw', async () => {
    await renderInTestApp(
      <ServingTimeline servedVersions={[served('4', ['champion'], [])]} />,
    );
    expect(
      screen.getByText(/appear once two minutes of serving have been measured/),
    ).toBeInTheDocument();
  });
});
