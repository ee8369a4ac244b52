import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid, { GridSize } from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type {
  DatasetHealth,
  JobRunSummary,
  PipelineHealth,
} from '@fmlops/backstage-plugin-fmlops-common';
import { formatPercent, formatTime } from '../../lib/format';
import { OverviewCard } from '../common/OverviewCard';
import { SectionContent } from '../common/SectionContent';

/**
 * Props of the pipeline health card.
 *
 * @public
 */
export interface PipelineHealthCardProps {
  title?: string;
  /** a pass rate below this is shown as failing (fraction, default 0.99) */
  passRateWarning?: number;
}

const LAYERS = ['bronze', 'silver', 'gold'] as const;

const Dataset = (props: { dataset: DatasetHealth; warnBelow: number }) => {
  const { dataset, warnBelow } = props;
  const failing = dataset.passRate < warnBelow;
  return (
    <Box mb={1} data-testid="fmlops-dataset" data-failing={String(failing)}>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="body2">{dataset.dataset}</Typography>
        <Typography variant="body2" color={failing ? 'error' : 'textPrimary'}>
          {formatPercent(dataset.passRate)}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={Math.max(0, Math.min(100, dataset.passRate * 100))}
        color={failing ? 'secondary' : 'primary'}
        aria-label={`${dataset.dataset} expectations pass rate`}
      />
      {dataset.expectations.map(expectation => (
        <Typography
          key={`${expectation.dataset}-${expectation.name}`}
          variant="caption"
          display="block"
          color={expectation.passRate < warnBelow ? 'error' : 'textSecondary'}
        >
          {expectation.name}: {formatPercent(expectation.passRate)}
          {expectation.failedRecords > 0
            ? ` (${expectation.failedRecords.toLocaleString(
                'en-US',
              )} records failed)`
            : ''}
        </Typography>
      ))}
    </Box>
  );
};

const Pipeline = (props: { pipeline: PipelineHealth; warnBelow: number }) => {
  const { pipeline, warnBelow } = props;
  const other = pipeline.datasets.filter(d => !d.layer);
  const columns = [
    ...LAYERS.map(layer => ({
      label: layer,
      datasets: pipeline.datasets.filter(d => d.layer === layer),
    })),
    ...(other.length ? [{ label: 'other', datasets: other }] : []),
  ];
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle2">
          {pipeline.name ?? pipeline.pipelineId}
        </Typography>
        {pipeline.state && <Chip size="small" label={pipeline.state} />}
        {pipeline.health && (
          <Chip
            size="small"
            label={pipeline.health}
            color={pipeline.health === 'HEALTHY' ? 'primary' : 'secondary'}
          />
        )}
        {pipeline.lastUpdate && (
          <Typography
            variant="caption"
            data-testid="fmlops-pipeline-last-update"
          >
            Last update {pipeline.lastUpdate.state?.toLowerCase() ?? ''}{' '}
            {formatTime(pipeline.lastUpdate.creationTime)}
          </Typography>
        )}
      </Box>
      <Grid container spacing={2}>
        {columns.map(column => (
          <Grid
            item
            xs={12}
            md={(12 / columns.length) as GridSize}
            key={column.label}
          >
            <Paper variant="outlined" style={{ padding: 8, height: '100%' }}>
              <Typography variant="overline">{column.label}</Typography>
              {column.datasets.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  No dataset
                </Typography>
              ) : (
                column.datasets.map(dataset => (
                  <Dataset
                    key={dataset.dataset}
                    dataset={dataset}
                    warnBelow={warnBelow}
                  />
                ))
              )}
            </Paper>
          </Grid>
        ))}
      </Grid>
    </Box>
  );
};

function runState(run: JobRunSummary) {
  return (run.resultState ?? run.lifeCycleState ?? 'unknown')
    .toLowerCase()
    .replace(/_/g, ' ');
}

const JobRuns = ({ runs }: { runs: JobRunSummary[] }) =>
  runs.length === 0 ? (
    <Typography variant="body2" color="textSecondary">
      No run of the tournament or drift job yet.
    </Typography>
  ) : (
    <Box component="ul" m={0} pl={2}>
      {runs.map(run => (
        <Typography
          component="li"
          variant="body2"
          key={`${run.jobId}-${run.runId}`}
          data-testid="fmlops-job-run"
        >
          {run.role === 'tournament' ? 'Tournament' : 'Drift'} job{' '}
          {run.runPageUrl ? (
            <Link to={run.runPageUrl} externalLinkIcon>
              run {run.runId}
            </Link>
          ) : (
            `run ${run.runId}`
          )}
          : {runState(run)}, started {formatTime(run.startTime)}
        </Typography>
      ))}
    </Box>
  );

/**
 * The Delta Live Tables pipeline that feeds the model (bronze, silver, gold and their
 * expectations) and the latest runs of its tournament and drift jobs.
 */
export const PipelineHealthCard = (props: PipelineHealthCardProps) => {
  const { title = 'Pipeline health', passRateWarning = 0.99 } = props;
  return (
    <OverviewCard title={title}>
      {overview => (
        <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
          <SectionContent section={overview.pipeline} label="The pipeline">
            {pipeline => (
              <Pipeline pipeline={pipeline} warnBelow={passRateWarning} />
            )}
          </SectionContent>
          <Typography variant="subtitle2">Jobs</Typography>
          <SectionContent section={overview.jobs} label="Job runs">
            {runs => <JobRuns runs={runs} />}
          </SectionContent>
        </Box>
      )}
    </OverviewCard>
  );
};
