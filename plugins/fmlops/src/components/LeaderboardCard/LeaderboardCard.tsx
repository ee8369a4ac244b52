import { useMemo, useState } from 'react';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { makeStyles } from '@material-ui/core/styles';
import {
  TOURNAMENT_METRICS,
  Tournament,
  TournamentEntry,
  TournamentMetric,
  TournamentState,
} from '@fmlops/backstage-plugin-fmlops-common';
import { formatNumber, formatTime } from '../../lib/format';
import { ActiveOperationNote } from '../common/ActiveOperationNote';
import { OverviewCard } from '../common/OverviewCard';
import { SectionContent } from '../common/SectionContent';
import { DataTable } from '../common/DataTable';

/**
 * Props of the tournament leaderboard card.
 *
 * @public
 */
export interface LeaderboardCardProps {
  title?: string;
  /** the metric columns, in order; every tournament metric by default */
  metrics?: TournamentMetric[];
}

type SortKey = TournamentMetric | 'algorithm';

const METRIC_LABEL: Record<TournamentMetric, string> = {
  pr_auc: 'PR AUC',
  f1: 'F1',
  precision: 'Precision',
  recall: 'Recall',
  roc_auc: 'ROC AUC',
};

const useStyles = makeStyles(theme => ({
  winner: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(255, 213, 79, 0.16)'
        : 'rgba(255, 213, 79, 0.35)',
  },
}));

function compareEntries(key: SortKey, direction: 'asc' | 'desc') {
  const sign = direction === 'asc' ? 1 : -1;
  return (a: TournamentEntry, b: TournamentEntry) => {
    if (key === 'algorithm') {
      return sign * a.algorithm.localeCompare(b.algorithm);
    }
    const av = a.metrics[key];
    const bv = b.metrics[key];
    // entries without the metric go last whatever the direction
    if (av === undefined || bv === undefined) {
      return (av === undefined ? 1 : 0) - (bv === undefined ? 1 : 0);
    }
    return sign * (av - bv);
  };
}

const tournamentLabel = (t: Tournament) =>
  t.startedAt ? formatTime(t.startedAt) : t.tournamentId;

const Leaderboard = (props: {
  state: TournamentState;
  metrics: TournamentMetric[];
}) => {
  const classes = useStyles();
  const { state, metrics } = props;
  const [tournamentId, setTournamentId] = useState(
    state.tournaments[0]?.tournamentId,
  );
  const [sort, setSort] = useState<{ key: SortKey; direction: 'asc' | 'desc' }>(
    { key: state.primaryMetric, direction: 'desc' },
  );
  const tournament =
    state.tournaments.find(t => t.tournamentId === tournamentId) ??
    state.tournaments[0];
  const entries = useMemo(
    () =>
      tournament
        ? [...tournament.entries].sort(compareEntries(sort.key, sort.direction))
        : [],
    [tournament, sort],
  );
  if (!tournament) {
    return <>No tournament has run yet.</>;
  }
  const sortBy = (key: SortKey) =>
    setSort(current => ({
      key,
      direction:
        current.key === key && current.direction === 'desc' ? 'asc' : 'desc',
    }));
  const header = (key: SortKey, label: string, align?: 'right') => (
    <TableCell
      key={key}
      align={align}
      sortDirection={sort.key === key ? sort.direction : false}
    >
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key ? sort.direction : 'desc'}
        onClick={() => sortBy(key)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <FormControl size="small" style={{ maxWidth: 320 }}>
        <InputLabel id="fmlops-tournament-label">Tournament</InputLabel>
        <Select
          labelId="fmlops-tournament-label"
          value={tournament.tournamentId}
          onChange={e => setTournamentId(e.target.value as string)}
          data-testid="fmlops-tournament-select"
        >
          {state.tournaments.map(t => (
            <MenuItem key={t.tournamentId} value={t.tournamentId}>
              {tournamentLabel(t)}
              {t.jobRunId ? ` (run ${t.jobRunId})` : ''}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <DataTable aria-label="Tournament leaderboard">
        <TableHead>
          <TableRow>
            {header('algorithm', 'Algorithm')}
            {metrics.map(metric =>
              header(
                metric,
                `${METRIC_LABEL[metric]}${
                  metric === state.primaryMetric ? ' (primary)' : ''
                }`,
                'right',
              ),
            )}
            <TableCell>Run</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map(entry => (
            <TableRow
              key={entry.runId}
              className={entry.winner ? classes.winner : undefined}
              data-testid="fmlops-leaderboard-row"
              data-winner={String(entry.winner)}
            >
              <TableCell>
                {entry.algorithm}{' '}
                {entry.winner && (
                  <Chip size="small" label="Winner" color="primary" />
                )}
              </TableCell>
              {metrics.map(metric => (
                <TableCell key={metric} align="right">
                  {formatNumber(entry.metrics[metric])}
                </TableCell>
              ))}
              <TableCell>
                {entry.runUrl ? (
                  <Link to={entry.runUrl} externalLinkIcon>
                    {entry.runName ?? entry.runId}
                  </Link>
                ) : (
                  entry.runName ?? entry.runId
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
    </Box>
  );
};

/** The tournament leaderboard: every candidate algorithm's metrics, the winner highlighted. */
export const LeaderboardCard = (props: LeaderboardCardProps) => {
  const {
    title = 'Tournament leaderboard',
    metrics = [...TOURNAMENT_METRICS],
  } = props;
  return (
    <OverviewCard title={title}>
      {overview => (
        <>
          <ActiveOperationNote affects={['retrain']} />
          <SectionContent section={overview.tournament} label="The tournament">
            {state => <Leaderboard state={state} metrics={metrics} />}
          </SectionContent>
        </>
      )}
    </OverviewCard>
  );
};
