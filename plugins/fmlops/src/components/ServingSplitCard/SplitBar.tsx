import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ServedVersion } from '@fmlops/backstage-plugin-fmlops-common';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    width: '100%',
    height: 40,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.common.white,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    transition: 'width 600ms ease',
    minWidth: 2,
  },
  chip: {
    height: 18,
    color: 'inherit',
    borderColor: 'currentColor',
  },
}));

const PALETTE = ['#1565c0', '#ef6c00', '#6a1b9a', '#00838f', '#558b2f'];

/** The colour of a served version in the bar and the legend: champion blue, challenger orange. */
export function versionColour(served: ServedVersion, index: number) {
  if (served.aliases.includes('champion')) {
    return PALETTE[0];
  }
  if (served.aliases.includes('challenger')) {
    return PALETTE[1];
  }
  return PALETTE[(index % (PALETTE.length - 2)) + 2];
}

/** A stacked bar of the endpoint's routes: one segment per served version, as wide as its traffic. */
export const SplitBar = (props: {
  servedVersions: ServedVersion[];
  testId?: string;
}) => {
  const classes = useStyles();
  const { servedVersions, testId = 'fmlops-split-bar' } = props;
  if (servedVersions.length === 0) {
    return <Typography variant="body2">No version is served.</Typography>;
  }
  return (
    <div className={classes.bar} data-testid={testId} role="list">
      {servedVersions.map((served, index) => {
        const aliases = served.aliases.length
          ? ` (${served.aliases.join(', ')})`
          : '';
        return (
          <div
            key={served.servedEntityName}
            role="listitem"
            className={classes.segment}
            data-testid={`${testId}-segment`}
            data-version={served.modelVersion}
            aria-label={`Version ${served.modelVersion}${aliases}: ${served.trafficPercentage} % of traffic`}
            title={`${served.servedEntityName}: ${served.trafficPercentage} %`}
            style={{
              width: `${served.trafficPercentage}%`,
              backgroundColor: versionColour(served, index),
            }}
          >
            {served.trafficPercentage > 0 && (
              <>
                <Typography variant="caption" component="span">
                  v{served.modelVersion} · {served.trafficPercentage} %
                </Typography>
                {served.trafficPercentage >= 20 &&
                  served.aliases.map(alias => (
                    <Chip
                      key={alias}
                      label={alias}
                      size="small"
                      variant="outlined"
                      className={classes.chip}
                    />
                  ))}
              </>
            )}
          </div>
        );
      })}
    </div>
  );
};
