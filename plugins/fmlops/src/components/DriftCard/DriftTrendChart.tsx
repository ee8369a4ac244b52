import Box from '@material-ui/core/Box';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  DEFAULT_DRIFT_THRESHOLDS,
  DriftState,
} from '@fmlops/backstage-plugin-fmlops-common';
import { formatWindow } from '../../lib/format';
import { STATUS_COLOURS } from '../common/DriftStatusChip';

/** The worst feature's PSI and Jensen-Shannon distance per window, with the thresholds drawn. */
export const DriftTrendChart = ({ drift }: { drift: DriftState }) => {
  const thresholds = drift.thresholds ?? DEFAULT_DRIFT_THRESHOLDS;
  const data = drift.trend.map(w => ({
    window: formatWindow(w.windowStart),
    psi: w.maxPsi,
    js: w.maxJsDistance,
  }));
  if (data.length < 2) {
    return null;
  }
  return (
    <Box
      role="img"
      aria-label="Max PSI and JS distance per window, with thresholds"
      data-testid="fmlops-drift-trend-chart"
    >
      <ResponsiveContainer
        width="100%"
        height={200}
        initialDimension={{ width: 640, height: 200 }}
      >
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="window" interval="preserveStartEnd" />
          <YAxis />
          <Tooltip
            formatter={(v: unknown) =>
              typeof v === 'number' ? v.toFixed(3) : String(v)
            }
          />
          <Legend />
          <ReferenceLine
            y={thresholds.psiWarning}
            stroke={STATUS_COLOURS.warning}
            strokeDasharray="4 4"
            label={{
              value: `PSI warning ${thresholds.psiWarning}`,
              position: 'insideTopLeft',
              fontSize: 11,
            }}
          />
          <ReferenceLine
            y={thresholds.psiDrift}
            stroke={STATUS_COLOURS.drift}
            strokeDasharray="4 4"
            label={{
              value: `PSI drift ${thresholds.psiDrift}`,
              position: 'insideTopLeft',
              fontSize: 11,
            }}
          />
          <ReferenceLine
            y={thresholds.jsDistanceDrift}
            stroke="#6a1b9a"
            strokeDasharray="2 6"
            label={{
              value: `JS drift ${thresholds.jsDistanceDrift}`,
              position: 'insideBottomRight',
              fontSize: 11,
            }}
          />
          <Line
            dataKey="psi"
            name="Max PSI"
            stroke="#1565c0"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="js"
            name="Max JS distance"
            stroke="#6a1b9a"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
};
