import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { z } from 'zod';
import { TOURNAMENT_METRICS } from '@fmlops/backstage-plugin-fmlops-common';
import { isFmlopsEntity } from '../isFmlopsEntity';

/**
 * The cards of the MLOps tab, each placeable on its own (e.g. on the entity overview).
 * Their props come from app-config: `app.extensions: - entity-card:fmlops/drift: { config: {...} }`.
 * They repeat the MLOps tab, so they are off until enabled (`- entity-card:fmlops/drift: true`);
 * only the small coordinates card is on by default.
 */

const title = z.string().optional();

export const servingCard = EntityCardBlueprint.makeWithOverrides({
  name: 'serving',
  disabled: true,
  configSchema: {
    title,
    pollIntervalMs: z.number().int().min(0).optional(),
    historyLength: z.number().int().min(2).max(500).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/ServingSplitCard').then(m => (
          <m.ServingSplitCard
            title={config.title}
            pollIntervalMs={config.pollIntervalMs}
            historyLength={config.historyLength}
          />
        )),
    });
  },
});

export const championChallengerCard = EntityCardBlueprint.makeWithOverrides({
  name: 'champion-challenger',
  disabled: true,
  configSchema: { title, hidePromote: z.boolean().optional() },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/ChampionChallengerCard').then(m => (
          <m.ChampionChallengerCard
            title={config.title}
            hidePromote={config.hidePromote}
          />
        )),
    });
  },
});

export const leaderboardCard = EntityCardBlueprint.makeWithOverrides({
  name: 'leaderboard',
  disabled: true,
  configSchema: {
    title,
    metrics: z.array(z.enum(TOURNAMENT_METRICS)).min(1).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/LeaderboardCard').then(m => (
          <m.LeaderboardCard title={config.title} metrics={config.metrics} />
        )),
    });
  },
});

export const driftCard = EntityCardBlueprint.makeWithOverrides({
  name: 'drift',
  disabled: true,
  configSchema: { title, hideCompare: z.boolean().optional() },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/DriftCard').then(m => (
          <m.DriftCard title={config.title} hideCompare={config.hideCompare} />
        )),
    });
  },
});

export const pipelineHealthCard = EntityCardBlueprint.makeWithOverrides({
  name: 'pipeline-health',
  disabled: true,
  configSchema: {
    title,
    passRateWarning: z.number().min(0).max(1).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/PipelineHealthCard').then(m => (
          <m.PipelineHealthCard
            title={config.title}
            passRateWarning={config.passRateWarning}
          />
        )),
    });
  },
});

export const deploymentHistoryCard = EntityCardBlueprint.makeWithOverrides({
  name: 'deployment-history',
  disabled: true,
  configSchema: { title, limit: z.number().int().min(1).optional() },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/DeploymentHistoryCard').then(m => (
          <m.DeploymentHistoryCard title={config.title} limit={config.limit} />
        )),
    });
  },
});

export const operationsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'operations',
  disabled: true,
  configSchema: { title },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/OperationsCard').then(m => (
          <m.OperationsCard title={config.title} />
        )),
    });
  },
});

export const modelCoordinatesCard = EntityCardBlueprint.make({
  name: 'model-coordinates',
  params: {
    filter: isFmlopsEntity,
    type: 'info',
    loader: () =>
      import('../components/ModelCoordinatesCard').then(m => (
        <m.ModelCoordinatesCard />
      )),
  },
});

/** Every card, for the plugin's extension list. */
export const fmlopsEntityCards = [
  servingCard,
  championChallengerCard,
  leaderboardCard,
  driftCard,
  pipelineHealthCard,
  deploymentHistoryCard,
  operationsCard,
  modelCoordinatesCard,
];
