import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { HealthAssessment } from '@fmlops/backstage-plugin-fmlops-common';
import { useModelOperations } from '../../hooks/useModelOperations';
import { operationLabel } from '../common/ActiveOperationNote';
import { StatusChip, STATUS_COLOURS } from '../common/DriftStatusChip';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1.5, 2),
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  label: { whiteSpace: 'nowrap' },
  reasons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: 0,
    padding: 0,
    listStyle: 'none',
    flex: 1,
    minWidth: 0,
  },
  operation: { marginLeft: 'auto' },
}));

/**
 * The MLOps tab's header: the model's health, judged as the portfolio judges it, with every
 * reason listed, and the operation in progress.
 */
export const ModelHealthHeader = (props: { health?: HealthAssessment }) => {
  const classes = useStyles();
  const { active } = useModelOperations();
  const { health } = props;
  return (
    <Paper
      className={classes.root}
      variant="outlined"
      data-testid="fmlops-health-header"
    >
      <Typography variant="subtitle2" className={classes.label}>
        Model health
      </Typography>
      <StatusChip status={health?.health ?? 'unknown'} />
      {health && health.reasons.length > 0 ? (
        <ul className={classes.reasons} aria-label="Health reasons">
          {health.reasons.map(reason => (
            <li key={`${reason.source}:${reason.message}`}>
              <Chip
                size="small"
                variant="outlined"
                label={reason.message}
                style={{ borderColor: STATUS_COLOURS[reason.severity] }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <Box flex={1}>
          <Typography variant="body2" color="textSecondary">
            {health ? 'Nothing needs attention' : 'Health not assessed yet'}
          </Typography>
        </Box>
      )}
      {active && (
        <Chip
          className={classes.operation}
          color="primary"
          size="small"
          label={operationLabel(active)}
          data-testid="fmlops-active-operation"
        />
      )}
    </Paper>
  );
};
