import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import {
  isFmlopsAvailable,
  missingFmlopsAnnotations,
} from '@fmlops/backstage-plugin-fmlops-common';
import { EnvironmentStatusesProvider } from '../../hooks/useEnvironmentStatuses';
import { useModelEnvironments } from '../../hooks/useModelEnvironments';
import { ModelOperationsProvider } from '../../hooks/useModelOperations';
import { OverviewProvider, useOverview } from '../../hooks/useOverview';
import { CardSkeleton, ErrorWithRetry } from '../common/OverviewCard';
import { StaleBanner } from '../common/StaleBanner';
import { ChampionChallengerCard } from '../ChampionChallengerCard';
import { EnvironmentTabs } from '../EnvironmentTabs';
import { DeploymentHistoryCard } from '../DeploymentHistoryCard';
import { DriftCard } from '../DriftCard';
import { LeaderboardCard } from '../LeaderboardCard';
import { OperationsCard } from '../OperationsCard';
import { PipelineHealthCard } from '../PipelineHealthCard';
import { ServingSplitCard } from '../ServingSplitCard';
import { ModelCoordinatesCard } from '../ModelCoordinatesCard';
import { ModelHealthHeader } from '../ModelHealthHeader';
import { RegistryCard } from '../RegistryCard';

/**
 * Props of the MLOps tab.
 *
 * @public
 */
export interface MlopsContentProps {
  /** how often the tab polls the overview while visible (default 10 s) */
  pollIntervalMs?: number;
  /** how many polls the serving sparklines keep */
  historyLength?: number;
}

const Cards = () => {
  const { overview, error, refresh } = useOverview();
  if (!overview) {
    return error ? (
      <ErrorWithRetry error={error} onRetry={refresh} />
    ) : (
      <CardSkeleton />
    );
  }
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <ModelHealthHeader health={overview.health} />
      </Grid>
      {overview.freshness.stale && (
        <Grid item xs={12}>
          <StaleBanner freshness={overview.freshness} />
        </Grid>
      )}
      <Grid item xs={12} lg={8}>
        <ServingSplitCard />
      </Grid>
      <Grid item xs={12} lg={4}>
        <OperationsCard />
      </Grid>
      {/* side by side only from 1920 px: at 1280 px the gate's six columns need the full width */}
      <Grid item xs={12} xl={7}>
        <ChampionChallengerCard />
      </Grid>
      <Grid item xs={12} xl={5}>
        <DeploymentHistoryCard />
      </Grid>
      <Grid item xs={12}>
        <LeaderboardCard />
      </Grid>
      <Grid item xs={12}>
        <DriftCard />
      </Grid>
      <Grid item xs={12} lg={7}>
        <PipelineHealthCard />
      </Grid>
      <Grid item xs={12} lg={5}>
        <ModelCoordinatesCard />
      </Grid>
      <Grid item xs={12}>
        <RegistryCard />
      </Grid>
    </Grid>
  );
};

/**
 * The MLOps tab of a model: serving, operations, the gate, the tournament, drift, the pipeline
 * and the deployment history, from one overview polled while the tab is visible. A model in
 * several environments (dev, acc, prd) shows one at a time, chosen above the cards.
 */
export const MlopsContent = (props: MlopsContentProps) => {
  const { entity } = useEntity();
  const { current } = useModelEnvironments();
  if (!isFmlopsAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={missingFmlopsAnnotations(entity)}
      />
    );
  }
  return (
    <EnvironmentStatusesProvider pollIntervalMs={props.pollIntervalMs}>
      <Box display="flex" flexDirection="column" style={{ gap: 24 }}>
        <EnvironmentTabs />
        {/* one environment's state (overview, operations) never shows in another's */}
        <OverviewProvider
          key={current?.name}
          pollIntervalMs={props.pollIntervalMs}
          historyLength={props.historyLength}
        >
          <ModelOperationsProvider>
            <Cards />
          </ModelOperationsProvider>
        </OverviewProvider>
      </Box>
    </EnvironmentStatusesProvider>
  );
};
