import { Fragment, useState } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  DriftState,
  FeatureDrift,
} from '@fmlops/backstage-plugin-fmlops-common';
import { formatNumber, formatWindow } from '../../lib/format';
import { STATUS_COLOURS, StatusChip } from '../common/DriftStatusChip';
import { OverviewCard } from '../common/OverviewCard';
import { SectionContent } from '../common/SectionContent';
import { Sparkline } from '../common/Sparkline';
import { Abbr } from '../common/Abbr';
import { DriftCompare } from './DriftCompare';
import { DriftTrendChart } from './DriftTrendChart';
import { FeatureDistribution } from './FeatureDistribution';
import { DataTable } from '../common/DataTable';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const FeatureRow = (props: {
  feature: FeatureDrift;
  trend: number[];
  open: boolean;
  onToggle: () => void;
}) => {
  const { feature, open } = props;
  return (
    <Fragment>
      <TableRow
        data-testid="fmlops-drift-feature-row"
        data-status={feature.status}
        hover
        onClick={props.onToggle}
        style={{ cursor: 'pointer' }}
      >
        <TableCell style={NO_WRAP}>
          <IconButton
            size="small"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} the distribution of ${
              feature.feature
            }`}
            onClick={event => {
              event.stopPropagation();
              props.onToggle();
            }}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
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
        <TableCell align="right">{formatNumber(feature.jsDistance)}</TableCell>
        <TableCell align="right">
          {formatNumber(feature.jsDivergence, 4)}
        </TableCell>
        <TableCell>
          <StatusChip status={feature.status} />
        </TableCell>
        <TableCell>
          <Sparkline
            label={`PSI trend of ${feature.feature}`}
            values={props.trend}
            colour={STATUS_COLOURS[feature.status]}
            format={v => v.toFixed(3)}
          />
        </TableCell>
      </TableRow>
      {open && (
        <TableRow>
          <TableCell colSpan={6}>
            <FeatureDistribution feature={feature} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
};

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
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (feature: string) =>
    setOpen(current => {
      const next = new Set(current);
      if (!next.delete(feature)) next.add(feature);
      return next;
    });
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
          </Box>
          <DriftTrendChart drift={drift} />
          <DataTable aria-label="Drift per feature">
            <TableHead>
              <TableRow>
                <TableCell>Feature</TableCell>
                <TableCell align="right" style={NO_WRAP}>
                  <Abbr of="PSI" />
                </TableCell>
                <TableCell align="right" style={NO_WRAP}>
                  <Abbr of="JS" /> distance
                </TableCell>
                <TableCell align="right" style={NO_WRAP}>
                  <Abbr of="JS" /> divergence
                </TableCell>
                <TableCell>Status</TableCell>
                <TableCell style={NO_WRAP}>
                  <Abbr of="PSI" /> over {windows.length} windows
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {latest.features.map(feature => (
                <FeatureRow
                  key={feature.feature}
                  feature={feature}
                  trend={drift.featureTrends[feature.feature] ?? []}
                  open={open.has(feature.feature)}
                  onToggle={() => toggle(feature.feature)}
                />
              ))}
            </TableBody>
          </DataTable>
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
