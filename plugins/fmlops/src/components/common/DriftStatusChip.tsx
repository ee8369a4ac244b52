import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type {
  DriftStatus,
  ModelHealth,
} from '@fmlops/backstage-plugin-fmlops-common';

const useStyles = makeStyles(theme => ({
  stable: {
    backgroundColor: theme.palette.success?.main ?? '#2e7d32',
    color: theme.palette.common.white,
  },
  warning: {
    backgroundColor: theme.palette.warning?.main ?? '#ed6c02',
    color: theme.palette.common.black,
  },
  drift: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.common.white,
  },
  unknown: {},
}));

/** The colour of a drift status or a model's health. */
export const STATUS_COLOURS: Record<DriftStatus | ModelHealth, string> = {
  stable: '#2e7d32',
  healthy: '#2e7d32',
  warning: '#ed6c02',
  drift: '#d32f2f',
  critical: '#d32f2f',
  unknown: '#9e9e9e',
};

const HEALTH_TO_CLASS = {
  healthy: 'stable',
  warning: 'warning',
  critical: 'drift',
  unknown: 'unknown',
} as const;

/** A coloured chip for a drift status (stable / warning / drift) or a health. */
export const StatusChip = ({
  status,
}: {
  status: DriftStatus | ModelHealth | undefined;
}) => {
  const classes = useStyles();
  if (!status) {
    return <Chip size="small" label="none" variant="outlined" />;
  }
  const key =
    status in HEALTH_TO_CLASS
      ? HEALTH_TO_CLASS[status as ModelHealth]
      : (status as DriftStatus);
  return <Chip size="small" label={status} className={classes[key]} />;
};
