import Alert from '@material-ui/lab/Alert';
import type { Freshness } from '@fmlops/backstage-plugin-fmlops-common';
import { formatAge } from '../../lib/format';

const SOURCE_LABEL: Record<Freshness['source'], string> = {
  live: 'live from Databricks',
  cache: 'from the cache',
  snapshot: 'from the last saved snapshot',
};

/** Says how old the data is when the backend could not refresh it in time. */
export const StaleBanner = ({ freshness }: { freshness?: Freshness }) => {
  if (!freshness?.stale) {
    return null;
  }
  return (
    <Alert severity="info" data-testid="fmlops-stale-banner">
      Showing data {SOURCE_LABEL[freshness.source]},{' '}
      {formatAge(freshness.ageSeconds)} old: Databricks has not answered a
      refresh yet.
    </Alert>
  );
};
