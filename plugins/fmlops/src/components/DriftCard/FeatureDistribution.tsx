import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { FeatureDrift } from '@fmlops/backstage-plugin-fmlops-common';

export const REFERENCE_COLOUR = '#1565c0';
export const CURRENT_COLOUR = '#ef6c00';

/** Each bin's share of its side, so a reference and a window of different sizes compare. */
export function distributionShares(
  bins: NonNullable<FeatureDrift['distribution']>,
) {
  const referenceTotal = bins.reduce((s, b) => s + b.reference, 0) || 1;
  const currentTotal = bins.reduce((s, b) => s + b.current, 0) || 1;
  return bins.map(bin => ({
    // a numeric bin by its lower edge, in three significant digits
    label:
      bin.lower !== undefined
        ? String(Number(bin.lower.toPrecision(3)))
        : bin.label,
    reference: bin.reference / referenceTotal,
    current: bin.current / currentTotal,
  }));
}

const percent = (value: unknown) =>
  typeof value === 'number' ? `${(value * 100).toFixed(1)} %` : String(value);

/**
 * A feature's reference and current distribution in the newest window: side-by-side bars for a
 * categorical feature, overlaid histograms for a numerical one, as Evidently and Lakehouse
 * Monitoring draw them.
 */
export const FeatureDistribution = ({ feature }: { feature: FeatureDrift }) => {
  const bins = feature.distribution;
  if (!bins || bins.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The drift job kept no histogram of {feature.feature} for this window.
      </Typography>
    );
  }
  const data = distributionShares(bins);
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" interval="preserveStartEnd" />
      <YAxis tickFormatter={(v: number) => `${Math.round(v * 100)} %`} />
      <Tooltip formatter={percent} />
      <Legend />
    </>
  );
  const categorical = feature.featureType === 'categorical';
  return (
    <Box
      role="img"
      aria-label={`Reference and current distribution of ${feature.feature}`}
      data-testid="fmlops-feature-distribution"
      data-chart={categorical ? 'bars' : 'histograms'}
    >
      <ResponsiveContainer
        width="100%"
        height={220}
        initialDimension={{ width: 640, height: 220 }}
      >
        {categorical ? (
          <BarChart data={data}>
            {axes}
            <Bar
              dataKey="reference"
              name="Reference"
              fill={REFERENCE_COLOUR}
              isAnimationActive={false}
            />
            <Bar
              dataKey="current"
              name="Current window"
              fill={CURRENT_COLOUR}
              isAnimationActive={false}
            />
          </BarChart>
        ) : (
          <AreaChart data={data}>
            {axes}
            <Area
              type="step"
              dataKey="reference"
              name="Reference"
              stroke={REFERENCE_COLOUR}
              fill={REFERENCE_COLOUR}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
            <Area
              type="step"
              dataKey="current"
              name="Current window"
              stroke={CURRENT_COLOUR}
              fill={CURRENT_COLOUR}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          </AreaChart>
        )}
      </ResponsiveContainer>
    </Box>
  );
};
