import Alert from '@material-ui/lab/Alert';
import type {
  Operation,
  OperationType,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  OPERATION_LABEL,
  useModelOperations,
} from '../../hooks/useModelOperations';
import {
  describeEnvironments,
  describePhase,
  describeStatus,
} from '../../lib/operations';

/** Operations that change what serves, and so the serving and gate cards. */
export const SERVING_OPERATIONS: OperationType[] = [
  'promote',
  'set-split',
  'rollback',
  'promote-to-env',
];

/** What a running or paused operation is doing, as every card affected by it says it. */
export function operationLabel(operation: Operation): string {
  const label =
    describeEnvironments(operation) ?? OPERATION_LABEL[operation.type];
  return `${label} ${describeStatus(operation.status)}${
    operation.phase ? ` (${describePhase(operation.phase)})` : ''
  }`;
}

/** A note on a card that the running or paused operation changes what the card shows. */
export const ActiveOperationNote = (props: { affects: OperationType[] }) => {
  const { active } = useModelOperations();
  if (!active || !props.affects.includes(active.type)) {
    return null;
  }
  return (
    <Alert
      severity={active.status === 'paused' ? 'warning' : 'info'}
      data-testid="fmlops-operation-note"
      style={{ marginBottom: 8 }}
    >
      {operationLabel(active)}
      {active.message ? `: ${active.message}` : ''}
    </Alert>
  );
};
