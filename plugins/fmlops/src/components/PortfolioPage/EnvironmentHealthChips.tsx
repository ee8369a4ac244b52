import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import type { EnvironmentStatus } from '@fmlops/backstage-plugin-fmlops-common';
import { STATUS_COLOURS } from '../common/DriftStatusChip';
import { HealthTooltip } from '../common/HealthTooltip';

/** A model's health in each of its environments, one small chip each (reasons on hover). */
export const EnvironmentHealthChips = (props: {
  environments: EnvironmentStatus[];
}) => (
  <Box
    display="flex"
    flexWrap="wrap"
    style={{ gap: 4, marginTop: 4 }}
    aria-label="Health per environment"
    role="list"
  >
    {props.environments.map(env => (
      <HealthTooltip
        key={env.name}
        reasons={env.healthReasons}
        noIssue="Nothing needs attention"
      >
        <Chip
          role="listitem"
          size="small"
          variant="outlined"
          label={`${env.name}: ${env.health}`}
          style={{ borderColor: STATUS_COLOURS[env.health] }}
          data-testid="fmlops-portfolio-env-health"
          data-health={env.health}
        />
      </HealthTooltip>
    ))}
  </Box>
);
