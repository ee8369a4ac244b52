import { ReactNode } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Skeleton from '@material-ui/lab/Skeleton';
import type { ModelOverview } from '@fmlops/backstage-plugin-fmlops-common';
import {
  OverviewOptions,
  OverviewState,
  useInsideOverviewProvider,
  useOverview,
} from '../../hooks/useOverview';
import { StaleBanner } from './StaleBanner';

/** A loading placeholder shaped like a card's content. */
export const CardSkeleton = () => (
  <div data-testid="fmlops-loading">
    <Skeleton variant="rect" height={24} />
    <Skeleton height={32} />
    <Skeleton height={32} />
    <Skeleton height={32} />
  </div>
);

/** An error with a Retry button. */
export const ErrorWithRetry = (props: {
  error: Error;
  onRetry: () => void;
}) => (
  <>
    <ResponseErrorPanel error={props.error} />
    <Button variant="outlined" onClick={props.onRetry}>
      Retry
    </Button>
  </>
);

/**
 * A card that shows part of the model's overview. Inside the MLOps tab the tab handles loading,
 * errors and staleness once; placed on its own, the card does it itself.
 */
export const OverviewCard = (
  props: OverviewOptions & {
    title: string;
    action?: ReactNode;
    children: (overview: ModelOverview, state: OverviewState) => ReactNode;
  },
) => {
  const { title, action, children, ...options } = props;
  const inside = useInsideOverviewProvider();
  const state = useOverview(options);
  const { overview, loading, error, refresh } = state;
  let content: ReactNode;
  if (overview) {
    content = (
      <>
        {!inside && <StaleBanner freshness={overview.freshness} />}
        {children(overview, state)}
      </>
    );
  } else if (error && !loading) {
    content = <ErrorWithRetry error={error} onRetry={refresh} />;
  } else {
    content = <CardSkeleton />;
  }
  return (
    <InfoCard title={title} action={action}>
      {content}
    </InfoCard>
  );
};
