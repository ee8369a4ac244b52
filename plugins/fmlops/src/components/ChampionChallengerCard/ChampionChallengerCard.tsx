import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Alert from '@material-ui/lab/Alert';
import type {
  GateCheck,
  ModelEvaluation,
} from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../../api';
import { useAsyncRetryKeepingValue } from '../../hooks/useAsyncRetryKeepingValue';
import { useModelOperations } from '../../hooks/useModelOperations';
import { useModelRef } from '../../hooks/useModelRef';
import {
  historyAnchor,
  useDeploymentHistory,
} from '../../hooks/useDeploymentHistory';
import { formatNumber, formatTime } from '../../lib/format';
import { HistoryDecision, lastRejection } from '../../lib/history';
import { ActionButton } from '../common/ActionButton';
import {
  ActiveOperationNote,
  SERVING_OPERATIONS,
} from '../common/ActiveOperationNote';
import { describeActor } from '../DeploymentHistoryCard/DeploymentHistoryCard';
import { CardSkeleton, ErrorWithRetry } from '../common/OverviewCard';
import { PromoteDialog } from '../actions/PromoteDialog';
import { DataTable } from '../common/DataTable';

/**
 * Props of the champion vs challenger card.
 *
 * @public
 */
export interface ChampionChallengerCardProps {
  title?: string;
  /** hide the Promote action (a read-only placement of the card) */
  hidePromote?: boolean;
}

const CHECK_LABEL: Record<GateCheck['kind'], string> = {
  threshold: 'at least the threshold',
  'min-absolute-change': 'beats the champion by',
  'min-relative-change': 'beats the champion by (relative)',
};

function formatThreshold(check: GateCheck) {
  return check.kind === 'min-relative-change'
    ? `${(check.threshold * 100).toFixed(2)} %`
    : formatNumber(check.threshold);
}

const Decision = ({ evaluation }: { evaluation: ModelEvaluation }) => {
  if (evaluation.decision === 'no-challenger') {
    return (
      <Alert severity="info" data-testid="fmlops-gate-decision">
        There is no challenger: the next tournament will nominate one.
      </Alert>
    );
  }
  const version = evaluation.challenger?.version;
  if (evaluation.decision === 'promote') {
    return (
      <Alert severity="success" data-testid="fmlops-gate-decision">
        Challenger v{version} passes the promotion gate of policy “
        {evaluation.policy.name}”.
      </Alert>
    );
  }
  return (
    <Alert severity="error" data-testid="fmlops-gate-decision">
      Challenger v{version} does not pass the promotion gate:{' '}
      {evaluation.reasons.join('; ')}
    </Alert>
  );
};

/** The challenger was taken out of serving before: what happened, on what evidence, and where to read more. */
const PastRejection = (props: {
  version: string;
  decision: HistoryDecision;
}) => {
  const { version, decision } = props;
  const verb =
    decision.type === 'promote' ? 'failed its rollout' : 'was rolled back';
  return (
    <Alert severity="warning" data-testid="fmlops-challenger-rejected">
      Challenger v{version} {verb} on {formatTime(decision.endedAt)} by{' '}
      {describeActor(decision.actor)}:{' '}
      {decision.endReason ?? decision.reason ?? decision.outcome}
      {decision.evidence.map((evidence, index) => (
        <span key={index} style={{ display: 'block' }}>
          {evidence.kind}: {evidence.summary}
        </span>
      ))}
      <a href={`#${historyAnchor(decision.id)}`} style={{ display: 'block' }}>
        See it in the deployment history
      </a>
      Promoting it again asks for a reason.
    </Alert>
  );
};

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const ChecksTable = ({ evaluation }: { evaluation: ModelEvaluation }) => (
  <DataTable aria-label="Promotion gate">
    <TableHead>
      <TableRow>
        <TableCell>Metric</TableCell>
        <TableCell>Check</TableCell>
        <TableCell align="right">
          Challenger
          {evaluation.challenger ? ` v${evaluation.challenger.version}` : ''}
        </TableCell>
        <TableCell align="right">
          Champion
          {evaluation.champion ? ` v${evaluation.champion.version}` : ''}
        </TableCell>
        <TableCell align="right">Threshold</TableCell>
        <TableCell>Result</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {evaluation.checks.map(check => (
        <TableRow
          key={`${check.metric}-${check.kind}`}
          data-testid="fmlops-gate-row"
          data-passed={String(check.passed)}
          title={check.message}
        >
          <TableCell style={NO_WRAP}>
            {check.metric}
            {check.primary ? ' (primary)' : ''}
          </TableCell>
          <TableCell style={NO_WRAP}>{CHECK_LABEL[check.kind]}</TableCell>
          <TableCell align="right">{formatNumber(check.value)}</TableCell>
          <TableCell align="right">
            {formatNumber(
              check.baseline ?? evaluation.champion?.metrics[check.metric],
            )}
          </TableCell>
          <TableCell align="right">{formatThreshold(check)}</TableCell>
          <TableCell>
            {check.passed && (
              <Chip size="small" label="Passed" color="primary" />
            )}
            {!check.passed && check.advisory && (
              <Chip size="small" label="Failed (advisory)" />
            )}
            {!check.passed && !check.advisory && (
              <Chip size="small" label="Failed" color="secondary" />
            )}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </DataTable>
);

/** Champion vs challenger: the promotion gate check by check, and the Promote action. */
export const ChampionChallengerCard = (props: ChampionChallengerCardProps) => {
  const { title = 'Champion vs challenger', hidePromote } = props;
  const api = useApi(fmlopsApiRef);
  const model = useModelRef();
  const operations = useModelOperations();
  const evaluation = useAsyncRetryKeepingValue(
    () => api.getEvaluation(model),
    // a finished operation changes aliases and so the evaluation
    [api, model, operations.lastFinished?.id],
  );
  const [dialogOpen, setDialogOpen] = useState(false);
  const value = evaluation.value;
  const { decisions } = useDeploymentHistory();
  const rejection = lastRejection(decisions ?? [], value?.challenger?.version);

  let promoteBlocked = operations.blockedReason('promote');
  if (!promoteBlocked && value?.decision === 'no-challenger') {
    promoteBlocked = 'There is no challenger to promote.';
  } else if (!promoteBlocked && value?.decision === 'reject') {
    promoteBlocked = 'The challenger does not pass the promotion gate.';
  } else if (!promoteBlocked && !value) {
    promoteBlocked = 'Loading the evaluation…';
  }

  const promote = hidePromote ? undefined : (
    <ActionButton
      variant="contained"
      disabledReason={promoteBlocked}
      onClick={() => setDialogOpen(true)}
      data-testid="fmlops-promote-button"
    >
      Promote
    </ActionButton>
  );

  let content;
  if (value) {
    content = (
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        <ActiveOperationNote affects={[...SERVING_OPERATIONS, 'retrain']} />
        {rejection && value.challenger && (
          <PastRejection
            version={value.challenger.version}
            decision={rejection}
          />
        )}
        <Decision evaluation={value} />
        {value.checks.length > 0 && <ChecksTable evaluation={value} />}
      </Box>
    );
  } else if (evaluation.error) {
    content = (
      <ErrorWithRetry error={evaluation.error} onRetry={evaluation.retry} />
    );
  } else {
    content = <CardSkeleton />;
  }

  return (
    <InfoCard title={title} action={promote}>
      {content}
      {value && (
        <PromoteDialog
          open={dialogOpen}
          challengerVersion={value.challenger?.version}
          rollout={value.policy.rollout}
          reasonRequired={Boolean(rejection)}
          warning={
            rejection
              ? `v${
                  value.challenger?.version
                } was taken out of serving on ${formatTime(
                  rejection.endedAt,
                )}: say why it should serve again.`
              : undefined
          }
          busy={operations.submitting}
          onCancel={() => setDialogOpen(false)}
          onConfirm={async request => {
            const started = await operations.submit(request);
            if (started) {
              setDialogOpen(false);
            }
          }}
        />
      )}
    </InfoCard>
  );
};
