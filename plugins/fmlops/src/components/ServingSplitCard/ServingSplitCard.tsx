import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  ServedVersion,
  ServingState,
} from '@fmlops/backstage-plugin-fmlops-common';
import { formatMs, formatPercent, formatTime } from '../../lib/format';
import type { MetricSample } from '../../lib/metricsHistory';
import {
  ActiveOperationNote,
  SERVING_OPERATIONS,
} from '../common/ActiveOperationNote';
import { OverviewCard } from '../common/OverviewCard';
import { SectionContent } from '../common/SectionContent';
import { Sparkline } from '../common/Sparkline';
import { SplitBar, versionColour } from './SplitBar';
import { ServingTimeline } from './ServingTimeline';
import { Abbr } from '../common/Abbr';
import { DataTable } from '../common/DataTable';

/**
 * Props of the serving card, settable from app-config in the new frontend system.
 *
 * @public
 */
export interface ServingSplitCardProps {
  title?: string;
  /** how often to poll the overview when the card is placed on its own */
  pollIntervalMs?: number;
  /** how many polls the sparklines show */
  historyLength?: number;
}

const EndpointState = ({ serving }: { serving: ServingState }) => (
  <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
    <Typography variant="subtitle2">{serving.endpointName}</Typography>
    <Chip
      size="small"
      label={serving.ready === 'READY' ? 'Ready' : 'Not ready'}
      color={serving.ready === 'READY' ? 'primary' : 'secondary'}
      data-testid="fmlops-endpoint-ready"
    />
    <Chip
      size="small"
      variant="outlined"
      label={
        serving.configUpdate === 'NOT_UPDATING'
          ? 'Config up to date'
          : `Config ${serving.configUpdate.toLowerCase().replace(/_/g, ' ')}`
      }
      data-testid="fmlops-endpoint-config-update"
    />
    {serving.configVersion !== undefined && (
      <Typography variant="caption">config v{serving.configVersion}</Typography>
    )}
  </Box>
);

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const MetricsTable = (props: {
  servedVersions: ServedVersion[];
  history: Record<string, MetricSample[]>;
}) => (
  <DataTable aria-label="Served versions">
    <TableHead>
      <TableRow>
        <TableCell>Version</TableCell>
        <TableCell align="right">Traffic</TableCell>
        <TableCell align="right">
          <Abbr of="p50" /> latency
        </TableCell>
        <TableCell align="right">
          <Abbr of="p99" /> latency
        </TableCell>
        <TableCell align="right">Error rate</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {props.servedVersions.map((served, index) => {
        const samples = props.history[served.modelVersion] ?? [];
        const colour = versionColour(served, index);
        return (
          <TableRow key={served.servedEntityName}>
            <TableCell style={NO_WRAP}>
              <Box display="flex" alignItems="center" style={{ gap: 4 }}>
                v{served.modelVersion}
                {served.aliases.map(alias => (
                  <Chip key={alias} size="small" label={alias} />
                ))}
              </Box>
            </TableCell>
            <TableCell align="right" style={NO_WRAP}>
              {served.trafficPercentage} %
            </TableCell>
            <TableCell align="right" style={NO_WRAP}>
              <div>{formatMs(served.metrics?.p50LatencyMs)}</div>
              <Sparkline
                label={`p50 latency of v${served.modelVersion}`}
                values={samples.map(s => s.p50LatencyMs)}
                colour={colour}
                width={100}
                format={formatMs}
              />
            </TableCell>
            <TableCell align="right" style={NO_WRAP}>
              <div>{formatMs(served.metrics?.p99LatencyMs)}</div>
              <Sparkline
                label={`p99 latency of v${served.modelVersion}`}
                values={samples.map(s => s.p99LatencyMs)}
                colour={colour}
                width={100}
                format={formatMs}
              />
            </TableCell>
            <TableCell align="right" style={NO_WRAP}>
              <div>{formatPercent(served.metrics?.errorRate, 2)}</div>
              <Sparkline
                label={`error rate of v${served.modelVersion}`}
                values={samples.map(s => s.errorRate)}
                colour={colour}
                width={100}
                format={v => formatPercent(v, 2)}
              />
            </TableCell>
          </TableRow>
        );
      })}
    </TableBody>
  </DataTable>
);

/** Serving: the live traffic split, the endpoint's state and each served version's latency and errors. */
export const ServingSplitCard = (props: ServingSplitCardProps) => {
  const { title = 'Serving', ...options } = props;
  return (
    <OverviewCard title={title} {...options}>
      {(overview, { metricsHistory }) => (
        <SectionContent section={overview.serving} label="Serving">
          {serving => (
            <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
              <ActiveOperationNote affects={SERVING_OPERATIONS} />
              <EndpointState serving={serving} />
              <SplitBar servedVersions={serving.servedVersions} />
              {serving.pendingConfig && (
                <Alert severity="info" data-testid="fmlops-pending-config">
                  Rolling out a new config
                  {serving.pendingConfig.startTime
                    ? ` since ${formatTime(serving.pendingConfig.startTime)}`
                    : ''}
                  :
                  <SplitBar
                    servedVersions={serving.pendingConfig.servedVersions}
                    testId="fmlops-pending-split-bar"
                  />
                </Alert>
              )}
              <MetricsTable
                servedVersions={serving.servedVersions}
                history={metricsHistory}
              />
              <ServingTimeline servedVersions={serving.servedVersions} />
            </Box>
          )}
        </SectionContent>
      )}
    </OverviewCard>
  );
};
