import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { z } from 'zod';
import { isFmlopsEntity } from '../isFmlopsEntity';
import { fmlopsApi } from './apis';
import { fmlopsEntityCards } from './entityCards';
import { portfolioRouteRef } from './routes';

/** The MLOps tab at `/catalog/:namespace/:kind/:name/mlops`. */
export const entityMlopsContent = EntityContentBlueprint.makeWithOverrides({
  name: 'mlops',
  configSchema: {
    pollIntervalMs: z.number().int().min(0).optional(),
    historyLength: z.number().int().min(2).max(500).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: 'mlops',
      title: 'MLOps',
      filter: isFmlopsEntity,
      loader: () =>
        import('../components/MlopsContent').then(m => (
          <m.MlopsContent
            pollIntervalMs={config.pollIntervalMs}
            historyLength={config.historyLength}
          />
        )),
    });
  },
});

/** The portfolio page at `/fmlops`; its title and icon make the sidebar item. */
export const portfolioPage = PageBlueprint.makeWithOverrides({
  configSchema: {
    pollIntervalMs: z.number().int().min(0).optional(),
    pageSize: z.number().int().min(5).max(100).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/fmlops',
      routeRef: portfolioRouteRef,
      title: 'ML models',
      icon: <AssessmentIcon />,
      noHeader: true,
      loader: () =>
        import('../components/PortfolioPage').then(m => (
          <m.PortfolioPage
            pollIntervalMs={config.pollIntervalMs}
            pageSize={config.pageSize}
          />
        )),
    });
  },
});

/**
 * fmlops for the new frontend system.
 *
 * @alpha
 */
export const fmlopsPlugin = createFrontendPlugin({
  pluginId: 'fmlops',
  title: 'ML models',
  icon: <AssessmentIcon />,
  routes: { root: portfolioRouteRef },
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    fmlopsApi,
    entityMlopsContent,
    portfolioPage,
    ...fmlopsEntityCards,
  ],
});
