import { useDeferredValue, useMemo, useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import type { ModelHealth } from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../../api';
import { useVisibleInterval } from '../../hooks/useVisibleInterval';
import { useAsyncRetryKeepingValue } from '../../hooks/useAsyncRetryKeepingValue';
import {
  filterPortfolio,
  PortfolioFilter,
  portfolioFacets,
} from '../../lib/portfolio';
import { CardSkeleton, ErrorWithRetry } from '../common/OverviewCard';
import { StaleBanner } from '../common/StaleBanner';
import { PortfolioFilters } from './PortfolioFilters';
import { PortfolioTable } from './PortfolioTable';

/**
 * Props of the portfolio page.
 *
 * @public
 */
export interface PortfolioPageProps {
  title?: string;
  /** how often the page refreshes while visible (default 30 s; 0 turns it off) */
  pollIntervalMs?: number;
  /** rows per page (default 25) */
  pageSize?: number;
  /** render without the page header, e.g. inside another page */
  embedded?: boolean;
}

const HEALTH_ORDER: ModelHealth[] = [
  'critical',
  'warning',
  'healthy',
  'unknown',
];

/** Every model with its drift, serving, traffic and health; filterable and searchable. */
export const PortfolioContent = (
  props: Omit<PortfolioPageProps, 'embedded' | 'title'>,
) => {
  const api = useApi(fmlopsApiRef);
  const portfolio = useAsyncRetryKeepingValue(() => api.getPortfolio(), [api]);
  useVisibleInterval(portfolio.retry, props.pollIntervalMs ?? 30_000);
  const [filter, setFilter] = useState<PortfolioFilter>({});
  // typing stays responsive with hundreds of models: the table follows a beat behind
  const deferredFilter = useDeferredValue(filter);
  const items = portfolio.value?.items;
  const facets = useMemo(() => portfolioFacets(items ?? []), [items]);
  const filtered = useMemo(
    () => filterPortfolio(items ?? [], deferredFilter),
    [items, deferredFilter],
  );
  const counts = useMemo(() => {
    const c: Record<ModelHealth, number> = {
      critical: 0,
      warning: 0,
      healthy: 0,
      unknown: 0,
    };
    for (const item of items ?? []) {
      c[item.health] += 1;
    }
    return c;
  }, [items]);

  if (!portfolio.value) {
    return portfolio.error ? (
      <ErrorWithRetry error={portfolio.error} onRetry={portfolio.retry} />
    ) : (
      <CardSkeleton />
    );
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <StaleBanner freshness={portfolio.value.freshness} />
      <Box
        display="flex"
        style={{ gap: 8 }}
        data-testid="fmlops-portfolio-counts"
      >
        {HEALTH_ORDER.map(health => (
          <Chip
            key={health}
            label={`${counts[health]} ${health}`}
            variant={filter.health?.includes(health) ? 'default' : 'outlined'}
            onClick={() =>
              setFilter(f => ({
                ...f,
                health: f.health?.includes(health)
                  ? f.health.filter(h => h !== health)
                  : [...(f.health ?? []), health],
              }))
            }
          />
        ))}
      </Box>
      <InfoCard
        title={`${filtered.length} of ${portfolio.value.items.length} models`}
      >
        <PortfolioFilters
          filter={filter}
          workspaces={facets.workspaces}
          owners={facets.owners}
          onChange={setFilter}
        />
        <PortfolioTable items={filtered} pageSize={props.pageSize} />
      </InfoCard>
    </Box>
  );
};

/** The portfolio page at /fmlops. */
export const PortfolioPage = (props: PortfolioPageProps) => {
  const { title = 'ML model portfolio', embedded, ...rest } = props;
  if (embedded) {
    return <PortfolioContent {...rest} />;
  }
  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle="Anomaly and fraud detection models on Databricks"
      />
      <Content>
        <ContentHeader title="Models" />
        <PortfolioContent {...rest} />
      </Content>
    </Page>
  );
};
