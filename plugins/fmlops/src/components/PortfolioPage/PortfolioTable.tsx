import { memo } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import {
  humanizeEntityRef,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { PortfolioItem } from '@fmlops/backstage-plugin-fmlops-common';
import { formatNumber } from '../../lib/format';
import { StatusChip } from '../common/DriftStatusChip';
import { DataTable } from '../common/DataTable';
import { HealthTooltip } from '../common/HealthTooltip';
import { EnvironmentHealthChips } from './EnvironmentHealthChips';

function displayName(item: PortfolioItem) {
  return item.title ?? humanizeEntityRef(parseEntityRef(item.entityRef));
}

/** A group or user ref as people read it: `payments-ml`, or `other-ns/payments-ml`. */
export function ownerLabel(owner: string | undefined) {
  return owner
    ? humanizeEntityRef(parseEntityRef(owner, { defaultKind: 'group' }), {
        defaultKind: 'group',
      })
    : '—';
}

const Row = memo(function PortfolioRow({
  item,
  href,
}: {
  item: PortfolioItem;
  href: string;
}) {
  return (
    <TableRow data-testid="fmlops-portfolio-row" hover>
      <TableCell>
        <Link to={href}>{displayName(item)}</Link>
        <Typography variant="caption" display="block" color="textSecondary">
          {item.ucModel}
        </Typography>
      </TableCell>
      <TableCell>{ownerLabel(item.owner)}</TableCell>
      <TableCell>{item.workspace}</TableCell>
      <TableCell>
        <HealthTooltip reasons={item.healthReasons} noIssue="No issue">
          <span>
            <StatusChip status={item.health} />
          </span>
        </HealthTooltip>
        {item.healthReasons.length > 0 && (
          <Typography
            variant="caption"
            display="block"
            data-testid="fmlops-health-reason"
          >
            {item.healthReasons[0]}
            {item.healthReasons.length > 1 &&
              ` (+${item.healthReasons.length - 1} more)`}
          </Typography>
        )}
        {item.environments && item.environments.length > 1 && (
          <EnvironmentHealthChips environments={item.environments} />
        )}
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        <StatusChip status={item.driftStatus} />{' '}
        <Typography variant="caption">
          {item.maxPsi !== undefined ? `PSI ${formatNumber(item.maxPsi)}` : ''}
        </Typography>
      </TableCell>
      <TableCell>
        {item.endpointReady === 'READY' ? 'Ready' : item.endpointReady ?? '—'}
        {item.configUpdate && item.configUpdate !== 'NOT_UPDATING' && (
          <Typography variant="caption" display="block">
            {item.configUpdate.toLowerCase().replace(/_/g, ' ')}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {item.servedVersions.length
          ? item.servedVersions.map(v => `v${v}`).join(' / ')
          : '—'}
        {item.servedVersions.length > 1 && (
          <Typography variant="caption" display="block" color="textSecondary">
            split
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {item.activeOperation ? (
          <Chip
            size="small"
            label={`${item.activeOperation.type}: ${item.activeOperation.phase}`}
          />
        ) : (
          '—'
        )}
      </TableCell>
    </TableRow>
  );
});

/** Page sizes the reader can choose; the page's `pageSize` is added when it is not one of them. */
const PAGE_SIZES = [10, 25, 50, 100];

/**
 * One page of the portfolio as the backend sorted it (worst health first): the rows and the
 * pager over every matching model, whose page changes the parent turns into a request.
 */
export const PortfolioTable = (props: {
  /** the page's models */
  items: PortfolioItem[];
  /** how many models match the filters, on every page */
  total: number;
  /** the page shown, from 0 */
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
  /** the next page is loading: the rows shown are the previous one's */
  loading?: boolean;
}) => {
  const { items } = props;
  const entityLink = useEntityRefLink();
  return (
    <>
      <div
        aria-busy={props.loading || undefined}
        style={{
          opacity: props.loading ? 0.6 : undefined,
          transition: 'opacity 150ms',
        }}
      >
        <DataTable aria-label="Model portfolio">
          <TableHead>
            <TableRow>
              <TableCell>Model</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Workspace</TableCell>
              <TableCell>Health</TableCell>
              <TableCell>Drift</TableCell>
              <TableCell>Serving</TableCell>
              <TableCell>Traffic</TableCell>
              <TableCell>Operation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(item => (
              <Row
                key={item.entityRef}
                item={item}
                href={`${entityLink(item.entityRef)}/mlops`}
              />
            ))}
            {items.length === 0 && (
              <TableRow>
                <TableCell colSpan={8}>No model matches the filters.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </DataTable>
      </div>
      <TablePagination
        component="div"
        count={props.total}
        page={props.page}
        rowsPerPage={props.pageSize}
        rowsPerPageOptions={
          PAGE_SIZES.includes(props.pageSize)
            ? PAGE_SIZES
            : [...PAGE_SIZES, props.pageSize].sort((a, b) => a - b)
        }
        onPageChange={(_, next) => props.onPageChange(next)}
        onRowsPerPageChange={e =>
          props.onPageSizeChange(Number(e.target.value))
        }
      />
    </>
  );
};
