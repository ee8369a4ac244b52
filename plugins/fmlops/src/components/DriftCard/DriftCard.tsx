import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { DriftState } from '@fmlops/backstage-plugin-fmlops-common';
import { formatNumber, formatWindow } from '../../lib/format';
import { STATUS_COLOURS, StatusChip } from '../common/DriftStatusChip';
import { OverviewCard } from '../common/OverviewCard';
import { SectionContent } from '../common/SectionContent';
import { Sparkline } from '../common/Sparkline';
import { DriftCompare } from './DriftCompare';

/**
 * Props of the drift card.
 *
 * @public
 */
export interface DriftCardProps {
  title?: string;
  /** hide the "compare any two windows" part */
  hideCompare?: boolean;
}

const Drift = (props: { drift: DriftState; hideCompare?: boolean }) => {
  const { drift } = props;
  const latest = drift.latest;
  const windows = drift.trend.map(w => w.windowStart);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      {latest ? (
        <>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="subtitle2">
              Window {formatWindow(latest.windowStart)}
            </Typography>
            <StatusChip status={latest.status} />
            <Typography variant="caption" color="textSecondary">
              {latest.driftedFeatures} feature
              {latest.driftedFeatures === 1 ? '' : 's'} in drift · max PSI{' '}
              {formatNumber(latest.maxPsi)}, max JS distance{' '}
              {formatNumber(latest.maxJsDistance)}
            </Typography>
            <Sparkline
              label="Max PSI per window"
              values={drift.trend.map(w => w.maxPsi)}
              colour={STATUS_COLOURS[latest.status]}
              format={v => v.toFixed(3)}
            />
          </Box>
          <Table size="small" aria-label="Drift per feature">
            <TableHead>
              <TableRow>
                <TableCell>Feature</TableCell>
                <TableCell align="right">PSI</TableCell>
                <TableCell align="right">JS distance</TableCell>
                <TableCell align="right">JS divergence</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>PSI over {windows.length} windows</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {latest.features.map(feature => (
                <TableRow
                  key={feature.feature}
                  data-testid="fmlops-drift-feature-row"
                  data-status={feature.status}
                >
                  <TableCell>
                    {feature.feature}
                    <Typography variant="caption" color="textSecondary">
                      {' '}
                      {feature.featureType}
                    </Typography>
                  </TableCell>
                  <TableCell
                    align="right"
                    style={{ color: STATUS_COLOURS[feature.status] }}
                  >
                    {formatNumber(feature.psi)}
                  </TableCell>
                  <TableCell align="right">
                    {formatNumber(feature.jsDistance)}
                  </TableCell>
                  <TableCell align="right">
                    {formatNumber(feature.jsDivergence, 4)}
                  </TableCell>
                  <TableCell>
                    <StatusChip status={feature.status} />
                  </TableCell>
                  <TableCell>
                    <Sparkline
                      label={`PSI trend of ${feature.feature}`}
                      values={drift.featureTrends[feature.feature] ?? []}
                      colour={STATUS_COLOURS[feature.status]}
                      format={v => v.toFixed(3)}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : (
        <Typography variant="body2">
          The drift job has not written a window yet.
        </Typography>
      )}
      {!props.hideCompare && (
        <>
          <Typography variant="subtitle2">Compare two windows</Typography>
          <DriftCompare windows={windows} />
        </>
      )}
    </Box>
  );
};

/** Feature drift (PSI and Jensen-Shannon) of the newest window, its trend, and window comparison. */
export const DriftCard = (props: DriftCardProps) => {
  const { title = 'Drift', hideCompare } = props;
  return (
    <OverviewCard title={title}>
      {overview => (
        <SectionContent section={overview.drift} label="Drift">
          {drift => <Drift drift={drift} hideCompare={hideCompare} />}
        </SectionContent>
      )}
    </OverviewCard>
  );
};
