import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { Operation } from '@fmlops/backstage-plugin-fmlops-common';
import { OPERATION_LABEL } from '../../hooks/useModelOperations';
import { formatSplit, formatTime } from '../../lib/format';
import { describeLineage } from '../../lib/lineage';
import {
  describeEnvironments,
  describePhase,
  describeStatus,
} from '../../lib/operations';
import { describeActor } from '../DeploymentHistoryCard/DeploymentHistoryCard';

/** How a promotion's approval was decided, when it was. */
function describeApproval(operation: Operation): string | undefined {
  const approval = operation.approval;
  if (!approval?.decision) {
    return undefined;
  }
  const by = approval.decidedBy
    ? ` by ${describeActor(approval.decidedBy)}`
    : '';
  const at = approval.decidedAt ? ` at ${formatTime(approval.decidedAt)}` : '';
  const why = approval.reason ? ` — “${approval.reason}”` : '';
  return `${
    approval.decision === 'approved' ? 'Approved' : 'Rejected'
  }${by}${at}${why}`;
}

/** Live progress of an operation: its phase, canary step, bake and latest messages. */
export const OperationProgress = ({
  operation,
  'data-testid': testId = 'fmlops-operation-progress',
}: {
  operation: Operation;
  'data-testid'?: string;
}) => {
  const { steps, stepIndex } = operation;
  const hasSteps = steps && steps.length > 0 && stepIndex !== undefined;
  return (
    <Box
      data-testid={testId}
      display="flex"
      flexDirection="column"
      style={{ gap: 4 }}
    >
      <Typography variant="subtitle2">
        {describeEnvironments(operation) ?? OPERATION_LABEL[operation.type]}{' '}
        {describeStatus(operation.status)}: {describePhase(operation.phase)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Requested by {describeActor(operation.requestedBy)} at{' '}
        {formatTime(operation.createdAt)}
        {operation.reason ? ` — “${operation.reason}”` : ''}
      </Typography>
      {operation.lineage && (
        <Typography variant="body2" data-testid="fmlops-operation-lineage">
          Version {describeLineage(operation.lineage)}
        </Typography>
      )}
      {describeApproval(operation) && (
        <Typography variant="body2" data-testid="fmlops-operation-approval">
          {describeApproval(operation)}
        </Typography>
      )}
      {hasSteps ? (
        <>
          <Typography variant="body2">
            Step {stepIndex! + 1} of {steps!.length}: {steps![stepIndex!]} % to
            v{operation.challengerVersion ?? '?'}
          </Typography>
          <LinearProgress
            variant="determinate"
            value={((stepIndex! + 1) / steps!.length) * 100}
            aria-label="Rollout progress"
          />
        </>
      ) : (
        operation.status === 'running' && (
          <LinearProgress aria-label="Operation in progress" />
        )
      )}
      {operation.bakeUntil && operation.phase === 'baking' && (
        <Typography variant="body2">
          Baking until {formatTime(operation.bakeUntil)}
        </Typography>
      )}
      {(operation.before || operation.after) && (
        <Typography variant="body2" color="textSecondary">
          {formatSplit(operation.before)} → {formatSplit(operation.after)}
        </Typography>
      )}
      {operation.message && (
        <Typography variant="body2">{operation.message}</Typography>
      )}
      {operation.history.slice(-3).map((step, index) => (
        <Typography
          // the history is append-only and several steps can share a timestamp
          key={operation.history.length - 3 + index}
          variant="caption"
          color="textSecondary"
        >
          {formatTime(step.at)} · {step.message}
        </Typography>
      ))}
    </Box>
  );
};
