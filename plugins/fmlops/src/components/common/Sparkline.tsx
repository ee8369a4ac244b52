import { Line, LineChart, Tooltip, YAxis } from 'recharts';

/**
 * A small line without axes for a trend inside a table cell. Fixed size, so it needs no
 * layout measurement and renders the same in tests.
 */
export const Sparkline = (props: {
  values: Array<number | undefined>;
  label: string;
  colour?: string;
  width?: number;
  height?: number;
  format?: (value: number) => string;
}) => {
  const {
    values,
    label,
    colour = '#1976d2',
    width = 120,
    height = 32,
    format,
  } = props;
  const data = values.map((value, index) => ({ index, value }));
  if (data.filter(d => d.value !== undefined).length < 2) {
    // room kept for the line, so the cell does not jump when the second sample arrives
    return (
      <span
        role="img"
        aria-label={`${label}: not enough samples yet`}
        style={{ display: 'inline-block', width, height }}
      />
    );
  }
  return (
    <span role="img" aria-label={label}>
      <LineChart width={width} height={height} data={data}>
        <YAxis hide domain={['auto', 'auto']} />
        <Tooltip
          formatter={(value: unknown) =>
            typeof value === 'number' && format ? format(value) : String(value)
          }
          labelFormatter={() => label}
        />
        <Line
          type="monotone"
          dataKey="value"
          stroke={colour}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    </span>
  );
};
