import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
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
import LinearProgress from '@material-ui/core/LinearProgress';
import type {
  ModelHealth,
  PortfolioFilter,
} from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../../api';
import { useVisibleInterval } from '../../hooks/useVisibleInterval';
import { useAsyncRetryKeepingValue } from '../../hooks/useAsyncRetryKeepingValue';
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

/** How long typing pauses before the search becomes a request. */
const SEARCH_DEBOUNCE_MS = 300;

/** How soon the page asks again while the backend still reads pipelines and jobs (cold start). */
const ACTIVITY_POLL_MS = 3_000;

/**
 * Every model with its drift, serving, traffic and health, a page at a time: the backend filters,
 * sorts and pages; the health chips and the filter menus count the whole portfolio.
 */
export const PortfolioContent = (
  props: Omit<PortfolioPageProps, 'embedded' | 'title'>,
) => {
  const api = useApi(fmlopsApiRef);
  const [filter, setFilter] = useState<PortfolioFilter>({});
  // the search is asked for once typing pauses, not at every key
  const [search, setSearch] = useState<string>();
  useDebounce(
    () => setSearch(filter.search?.trim() || undefined),
    SEARCH_DEBOUNCE_MS,
    [filter.search],
  );
  const [pageSize, setPageSize] = useState(props.pageSize ?? 25);
  const requested: PortfolioFilter = { ...filter, search };
  const filterKey = JSON.stringify([
    requested.health,
    requested.drift,
    requested.workspace,
    requested.owner,
    requested.search,
    pageSize,
  ]);
  // a page number belongs to its filter: another filter (or page size) starts at the first page
  const [paging, setPaging] = useState({ filterKey, page: 0 });
  if (paging.filterKey !== filterKey) {
    setPaging({ filterKey, page: 0 });
  }
  const page = paging.filterKey === filterKey ? paging.page : 0;
  const requestKey = `${filterKey} ${page}`;
  // the last page loaded stays on screen while the next one loads, or when a refresh fails
  const portfolio = useAsyncRetryKeepingValue(
    async () => ({
      requestKey,
      page: await api.getPortfolio({
        ...requested,
        offset: page * pageSize,
        limit: pageSize,
      }),
    }),
    [api, requestKey],
  );
  const shown = portfolio.value;
  // a poll refreshes the page shown; sooner while pipelines and jobs are still being read
  const pollMs = props.pollIntervalMs ?? 30_000;
  useVisibleInterval(
    portfolio.retry,
    pollMs > 0 && shown?.page.activityPending
      ? Math.min(pollMs, ACTIVITY_POLL_MS)
      : pollMs,
  );
  // what is on screen is not (yet) what the reader asked for
  const pending = shown !== undefined && shown.requestKey !== requestKey;
  const total = shown?.page.total ?? 0;
  const lastPage = Math.max(0, Math.ceil(total / pageSize) - 1);
  // models gone since the page was chosen: go to the last page there still is
  useEffect(() => {
    if (!pending && page > lastPage) {
      setPaging({ filterKey, page: lastPage });
    }
  }, [pending, page, lastPage, filterKey]);

  if (!shown) {
    return portfolio.error ? (
      <ErrorWithRetry error={portfolio.error} onRetry={portfolio.retry} />
    ) : (
      <CardSkeleton />
    );
  }
  const { counts, facets, freshness } = shown.page;
  const all = HEALTH_ORDER.reduce((sum, health) => sum + counts[health], 0);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <StaleBanner freshness={freshness} />
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
      <InfoCard title={`${total} of ${all} models`}>
        <PortfolioFilters
          filter={filter}
          workspaces={facets.workspaces}
          owners={facets.owners}
          onChange={setFilter}
        />
        {/* a failed poll keeps the page quietly; a page or filter that failed to load says so */}
        {pending && portfolio.error && (
          <Box my={2}>
            <ErrorWithRetry error={portfolio.error} onRetry={portfolio.retry} />
          </Box>
        )}
        <Box height={4} mt={1}>
          {pending && portfolio.loading && (
            <LinearProgress aria-label="Loading models" />
          )}
        </Box>
        <PortfolioTable
          items={shown.page.items}
          total={total}
          page={Math.min(page, lastPage)}
          pageSize={pageSize}
          loading={pending}
          onPageChange={next => setPaging({ filterKey, page: next })}
          onPageSizeChange={setPageSize}
        />
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
