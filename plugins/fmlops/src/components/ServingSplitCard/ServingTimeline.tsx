import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ServedVersion } from '@fmlops/backstage-plugin-fmlops-common';
import { formatMs, formatPercent } from '../../lib/format';
import { versionColour } from './SplitBar';

type Row = Record<string, number | string | undefined> & { minute: string };

/**
 * The served versions' per-minute samples as one row per minute: `traffic:<v>`, `p99:<v>` and
 * `errors:<v>` for each version measured in that minute, oldest first.
 */
export function minuteRows(servedVersions: ServedVersion[]): Row[] {
  const byMinute = new Map<string, Row>();
  for (const served of servedVersions) {
    for (const m of served.minutes ?? []) {
      const minute = new Date(m.at).toISOString().slice(0, 16);
      const row = byMinute.get(minute) ?? { minute };
      const v = served.modelVersion;
      row[`traffic:${v}`] = m.trafficPercentage;
      row[`p99:${v}`] = m.p99LatencyMs;
      row[`errors:${v}`] = m.requests > 0 ? m.errorRate : undefined;
      byMinute.set(minute, row);
    }
  }
  return [...byMinute.values()].sort((a, b) =>
    a.minute.localeCompare(b.minute),
  );
}

const timeOfMinute = (minute: unknown) => `${String(minute).slice(11, 16)} UTC`;

const Chart = (props: {
  title: string;
  children: React.ReactElement;
  label: string;
}) => (
  <Box flex="1 1 280px" minWidth={0} role="img" aria-label={props.label}>
    <Typography variant="caption" color="textSecondary">
      {props.title}
    </Typography>
    <ResponsiveContainer
      width="100%"
      height={140}
      initialDimension={{ width: 320, height: 140 }}
    >
      {props.children}
    </ResponsiveContainer>
  </Box>
);

/**
 * Serving over the last hour, per minute: the traffic split, and each version's p99 latency and
 * error rate, from the samples the backend keeps.
 */
export const ServingTimeline = (props: { servedVersions: ServedVersion[] }) => {
  const { servedVersions } = props;
  const rows = minuteRows(servedVersions);
  if (rows.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary">
        Per-minute charts appear once two minutes of serving have been measured.
      </Typography>
    );
  }
  const versions = servedVersions.map((served, index) => ({
    version: served.modelVersion,
    colour: versionColour(served, index),
  }));
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis
        dataKey="minute"
        tickFormatter={timeOfMinute}
        interval="preserveStartEnd"
        minTickGap={40}
      />
    </>
  );
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 16 }}
      data-testid="fmlops-serving-timeline"
    >
      <Chart title="Traffic split (%)" label="Traffic split per minute">
        <AreaChart data={rows}>
          {axes}
          <YAxis domain={[0, 100]} width={36} />
          <Tooltip labelFormatter={timeOfMinute} />
          {versions.map(({ version, colour }) => (
            <Area
              key={version}
              type="stepAfter"
              dataKey={`traffic:${version}`}
              name={`v${version}`}
              stackId="traffic"
              stroke={colour}
              fill={colour}
              fillOpacity={0.6}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </Chart>
      <Chart
        title="p99 latency (ms)"
        label="p99 latency per version and minute"
      >
        <LineChart data={rows}>
          {axes}
          <YAxis width={44} />
          <Tooltip
            labelFormatter={timeOfMinute}
            formatter={(v: unknown) =>
              typeof v === 'number' ? formatMs(v) : String(v)
            }
          />
          {versions.map(({ version, colour }) => (
            <Line
              key={version}
              dataKey={`p99:${version}`}
              name={`v${version}`}
              stroke={colour}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </Chart>
      <Chart title="Error rate (%)" label="Error rate per version and minute">
        <LineChart data={rows}>
          {axes}
          <YAxis
            width={44}
            tickFormatter={(v: number) => `${(v * 100).toFixed(1)}`}
          />
          <Tooltip
            labelFormatter={timeOfMinute}
            formatter={(v: unknown) =>
              typeof v === 'number' ? formatPercent(v, 2) : String(v)
            }
          />
          {versions.map(({ version, colour }) => (
            <Line
              key={version}
              dataKey={`errors:${version}`}
              name={`v${version}`}
              stroke={colour}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </Chart>
    </Box>
  );
};
