import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EnvironmentStatus } from '@fmlops/backstage-plugin-fmlops-common';
import { useEnvironmentStatuses } from '../../hooks/useEnvironmentStatuses';
import { useModelEnvironments } from '../../hooks/useModelEnvironments';
import { StatusChip } from '../common/DriftStatusChip';
import { HealthTooltip } from '../common/HealthTooltip';

const useStyles = makeStyles(theme => ({
  tab: {
    textTransform: 'none',
    alignItems: 'flex-start',
    textAlign: 'left',
    minWidth: 200,
    padding: theme.spacing(1, 2),
  },
  line: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
}));

/** One environment at a glance: its champion, health (reasons on hover) and drift. */
const EnvironmentSummary = (props: {
  name: string;
  status?: EnvironmentStatus;
}) => {
  const classes = useStyles();
  const { name, status } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Typography variant="subtitle1" component="span">
        <strong>{name}</strong>
      </Typography>
      {status ? (
        <>
          <span className={classes.line}>
            <Typography variant="body2" component="span">
              Champion{' '}
              {status.championVersion ? `v${status.championVersion}` : 'none'}
            </Typography>
          </span>
          <span className={classes.line}>
            <HealthTooltip
              reasons={status.healthReasons}
              noIssue="Nothing needs attention"
            >
              <span data-testid="fmlops-env-health">
                <StatusChip status={status.health} />
              </span>
            </HealthTooltip>
            <Typography variant="caption" component="span">
              drift
            </Typography>
            <span data-testid="fmlops-env-drift">
              <StatusChip status={status.driftStatus} />
            </span>
          </span>
          {status.activeOperation && (
            <Typography
              variant="caption"
              component="span"
              data-testid="fmlops-env-operation"
            >
              {status.activeOperation.type}: {status.activeOperation.status}
            </Typography>
          )}
        </>
      ) : (
        <Typography variant="caption" component="span" color="textSecondary">
          status loading…
        </Typography>
      )}
    </Box>
  );
};

/**
 * The environments of a model in promotion order, each with its champion, health and drift at
 * once; choosing one shows it in the tab (and in the URL, `?env=acc`). Nothing for a model in
 * one environment.
 */
export const EnvironmentTabs = () => {
  const classes = useStyles();
  const { environments, current, multiple, select } = useModelEnvironments();
  const statuses = useEnvironmentStatuses()?.statuses;
  if (!multiple || !current) {
    return null;
  }
  return (
    <Paper variant="outlined">
      <Tabs
        value={current.name}
        onChange={(_, name: string) => select(name)}
        aria-label="Environment"
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        data-testid="fmlops-env-tabs"
      >
        {environments.map(env => (
          <Tab
            key={env.name}
            value={env.name}
            // the name alone: the status beside it changes at every poll
            aria-label={env.name}
            className={classes.tab}
            data-testid={`fmlops-env-tab-${env.name}`}
            label={
              <EnvironmentSummary
                name={env.name}
                status={statuses?.find(s => s.name === env.name)}
              />
            }
          />
        ))}
      </Tabs>
    </Paper>
  );
};
