import { memo, useMemo, useState } from 'react';
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
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import type { PortfolioItem } from '@fmlops/backstage-plugin-fmlops-common';
import { formatNumber } from '../../lib/format';
import { byAttention } from '../../lib/portfolio';
import { StatusChip } from '../common/DriftStatusChip';
import { DataTable } from '../common/DataTable';
import { HealthTooltip } from '../common/HealthTooltip';
import { EnvironmentHealthChips } from './EnvironmentHealthChips';

type SortKey = 'attention' | 'name' | 'maxPsi';

const SORTS: Record<SortKey, (a: PortfolioItem, b: PortfolioItem) => number> = {
  attention: byAttention,
  name: (a, b) => displayName(a).localeCompare(displayName(b)),
  maxPsi: (a, b) => (b.maxPsi ?? -1) - (a.maxPsi ?? -1),
};

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

/** The portfolio, one page at a time, so hundreds of models stay quick to render. */
export const PortfolioTable = (props: {
  items: PortfolioItem[];
  pageSize?: number;
}) => {
  const { items } = props;
  const entityLink = useEntityRefLink();
  const [sort, setSort] = useState<SortKey>('attention');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(props.pageSize ?? 25);
  const sorted = useMemo(() => [...items].sort(SORTS[sort]), [items, sort]);
  // a filter that shrinks the list must not leave the reader on an empty page
  const lastPage = Math.max(0, Math.ceil(sorted.length / pageSize) - 1);
  const currentPage = Math.min(page, lastPage);
  const visible = sorted.slice(
    currentPage * pageSize,
    currentPage * pageSize + pageSize,
  );
  const sortHeader = (key: SortKey, label: string) => (
    <TableSortLabel
      active={sort === key}
      direction="asc"
      onClick={() => setSort(key)}
    >
      {label}
    </TableSortLabel>
  );
  return (
    <>
      <DataTable aria-label="Model portfolio">
        <TableHead>
          <TableRow>
            <TableCell>{sortHeader('name', 'Model')}</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>Workspace</TableCell>
            <TableCell>{sortHeader('attention', 'Health')}</TableCell>
            <TableCell>{sortHeader('maxPsi', 'Drift')}</TableCell>
            <TableCell>Serving</TableCell>
            <TableCell>Traffic</TableCell>
            <TableCell>Operation</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {visible.map(item => (
            <Row
              key={item.entityRef}
              item={item}
              href={`${entityLink(item.entityRef)}/mlops`}
            />
          ))}
          {visible.length === 0 && (
            <TableRow>
              <TableCell colSpan={8}>No model matches the filters.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </DataTable>
      <TablePagination
        component="div"
        count={sorted.length}
        page={currentPage}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[10, 25, 50, 100]}
        onPageChange={(_, next) => setPage(next)}
        onRowsPerPageChange={e => {
          setPageSize(Number(e.target.value));
          setPage(0);
        }}
      />
    </>
  );
};
