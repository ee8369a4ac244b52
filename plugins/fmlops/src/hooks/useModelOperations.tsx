import {
  createContext,
  PropsWithChildren,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';
import {
  ACTIVE_OPERATION_STATUSES,
  fmlopsModelPromotePermission,
  fmlopsModelRetrainPermission,
  fmlopsModelApprovePermission,
  fmlopsModelRollbackPermission,
  fmlopsModelSetSplitPermission,
  fmlopsOperationPermissions,
  Operation,
  OperationRequest,
  OperationType,
} from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../api';
import { errorMessage } from '../lib/errors';
import { describePhase, describeStatus } from '../lib/operations';
import { useVisibleInterval } from './useVisibleInterval';
import { useModelRef } from './useModelRef';
import { useEnvironmentStatuses } from './useEnvironmentStatuses';
import { useSharedOverview } from './useOverview';

export const DEFAULT_OPERATION_POLL_MS = 2_000;
/** how often to look for operations started elsewhere (another user, the guardian) */
const ACTIVE_LIST_POLL_MS = 15_000;

/** What a denied permission keeps the user from doing, by permission name. */
const ACTION_VERB: Record<string, string> = {
  [fmlopsModelPromotePermission.name]:
    'promote this model (or pause, resume and abort its rollouts)',
  [fmlopsModelSetSplitPermission.name]:
    'change the traffic split of this model',
  [fmlopsModelRollbackPermission.name]: 'roll this model back',
  [fmlopsModelRetrainPermission.name]: 'retrain this model',
  [fmlopsModelApprovePermission.name]:
    'approve or reject promotions of this model',
};

export const OPERATION_LABEL: Record<OperationType, string> = {
  promote: 'Promotion',
  'set-split': 'Traffic split change',
  pause: 'Pause',
  resume: 'Resume',
  abort: 'Abort',
  rollback: 'Rollback',
  retrain: 'Retraining',
  'promote-to-env': 'Promotion between environments',
  approve: 'Approval',
  reject: 'Rejection',
};

export function isActive(operation: Operation | undefined): boolean {
  return Boolean(
    operation && ACTIVE_OPERATION_STATUSES.includes(operation.status),
  );
}

export interface ModelOperationsState {
  /** the running or paused operation on the model */
  active?: Operation;
  /** the latest finished operation this page watched */
  lastFinished?: Operation;
  submitting: boolean;
  /** starts an operation; resolves to it, or undefined when it was refused (the user is told) */
  submit: (request: OperationRequest) => Promise<Operation | undefined>;
  /** why an operation type cannot be started now, or undefined when it can */
  blockedReason: (type: OperationType) => string | undefined;
}

const OperationsContext = createContext<ModelOperationsState | undefined>(
  undefined,
);

function useOperationsState(
  enabled: boolean,
  pollIntervalMs = DEFAULT_OPERATION_POLL_MS,
): ModelOperationsState {
  const api = useApi(fmlopsApiRef);
  const alertApi = useApi(alertApiRef);
  const { entity } = useEntity();
  const model = useModelRef();
  const sharedOverview = useSharedOverview();
  const environmentStatuses = useEnvironmentStatuses();
  const resourceRef = stringifyEntityRef(entity);
  const promote = usePermission({
    permission: fmlopsModelPromotePermission,
    resourceRef,
  });
  const setSplit = usePermission({
    permission: fmlopsModelSetSplitPermission,
    resourceRef,
  });
  const rollback = usePermission({
    permission: fmlopsModelRollbackPermission,
    resourceRef,
  });
  const retrain = usePermission({
    permission: fmlopsModelRetrainPermission,
    resourceRef,
  });
  const approve = usePermission({
    permission: fmlopsModelApprovePermission,
    resourceRef,
  });
  const identityApi = useApi(identityApiRef);
  // who is signed in: the requester of a promotion may not approve it
  const user = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );

  const [active, setActive] = useState<Operation>();
  const [lastFinished, setLastFinished] = useState<Operation>();
  const [submitting, setSubmitting] = useState(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const settle = useCallback(
    (operation: Operation) => {
      setActive(undefined);
      setLastFinished(operation);
      const label = OPERATION_LABEL[operation.type];
      if (operation.status === 'succeeded') {
        alertApi.post({
          message: `${label} succeeded${
            operation.message ? `: ${operation.message}` : ''
          }`,
          severity: 'success',
          display: 'transient',
        });
      } else {
        alertApi.post({
          message: `${label} ended ${operation.status}${
            operation.message ? `: ${operation.message}` : ''
          }`,
          severity: operation.status === 'aborted' ? 'info' : 'error',
        });
      }
      sharedOverview?.refresh();
      environmentStatuses?.refresh();
    },
    [alertApi, sharedOverview, environmentStatuses],
  );

  const loadActive = useCallback(() => {
    if (!enabled) {
      return;
    }
    api.listOperations(model, { active: true }).then(
      ({ items }) => {
        if (mounted.current) {
          setActive(current =>
            // keep a watched operation until its own poll sees it finish
            current && isActive(current) ? current : items[0],
          );
        }
      },
      () => {
        // the operation list is a convenience; the next poll tries again
      },
    );
  }, [api, model, enabled]);

  useEffect(loadActive, [loadActive]);
  useVisibleInterval(loadActive, enabled ? ACTIVE_LIST_POLL_MS : 0);

  const pollActive = useCallback(() => {
    if (!active) {
      return;
    }
    api.getOperation(model, active.id).then(
      operation => {
        if (!mounted.current) {
          return;
        }
        if (isActive(operation)) {
          setActive(operation);
        } else {
          settle(operation);
        }
      },
      () => {
        // transient: keep showing the last known progress
      },
    );
  }, [api, model, active, settle]);
  useVisibleInterval(pollActive, active ? pollIntervalMs : 0);

  const submit = useCallback(
    async (request: OperationRequest) => {
      setSubmitting(true);
      try {
        const operation = await api.submitOperation(model, request);
        if (!mounted.current) {
          return operation;
        }
        if (isActive(operation)) {
          setActive(operation);
          alertApi.post({
            message: `${OPERATION_LABEL[request.type]} started`,
            severity: 'info',
            display: 'transient',
          });
        } else {
          settle(operation);
        }
        return operation;
      } catch (error) {
        alertApi.post({
          message: `${OPERATION_LABEL[request.type]} refused: ${errorMessage(
            error,
          )}`,
          severity: 'error',
        });
        loadActive();
        return undefined;
      } finally {
        if (mounted.current) {
          setSubmitting(false);
        }
      }
    },
    [api, model, alertApi, settle, loadActive],
  );

  const blockedReason = useCallback(
    (type: OperationType): string | undefined => {
      const { name } = fmlopsOperationPermissions[type];
      const decision = {
        [fmlopsModelPromotePermission.name]: promote,
        [fmlopsModelSetSplitPermission.name]: setSplit,
        [fmlopsModelRollbackPermission.name]: rollback,
        [fmlopsModelRetrainPermission.name]: retrain,
        [fmlopsModelApprovePermission.name]: approve,
      }[name];
      if (decision.loading) {
        return 'Checking your permissions…';
      }
      if (!decision.allowed) {
        return `You are not allowed to ${ACTION_VERB[name]}.`;
      }
      if (submitting) {
        return 'An operation is being submitted…';
      }
      if (type === 'promote-to-env') {
        // it runs in the next environment: what runs here does not block it
        return undefined;
      }
      if (type === 'approve' || type === 'reject') {
        if (active?.status !== 'awaiting-approval') {
          return 'No promotion is awaiting approval.';
        }
        if (user.loading) {
          return 'Checking who you are…';
        }
        if (
          user.value?.toLocaleLowerCase('en-US') ===
          active.requestedBy.toLocaleLowerCase('en-US')
        ) {
          return 'You requested this promotion; another owner or an admin approves it.';
        }
        return undefined;
      }
      const controlsActive =
        type === 'pause' || type === 'resume' || type === 'abort';
      if (controlsActive) {
        if (!active) {
          return 'No operation is running.';
        }
        if (type !== 'abort' && active.status === 'awaiting-approval') {
          return 'The promotion is awaiting approval: it has not started.';
        }
        if (type === 'pause' && active.status !== 'running') {
          return 'The operation is already paused.';
        }
        if (type === 'resume' && active.status !== 'paused') {
          return 'The operation is not paused.';
        }
        return undefined;
      }
      if (active) {
        return `Another operation is active: ${OPERATION_LABEL[
          active.type
        ].toLowerCase()} (${describeStatus(active.status)}, ${describePhase(
          active.phase,
        )}). Wait for it or abort it.`;
      }
      return undefined;
    },
    [promote, setSplit, rollback, retrain, approve, user, submitting, active],
  );

  return useMemo(
    () => ({ active, lastFinished, submitting, submit, blockedReason }),
    [active, lastFinished, submitting, submit, blockedReason],
  );
}

/** Shares the model's operations (active one, submit, permissions) between the MLOps tab's cards. */
export const ModelOperationsProvider = (
  props: PropsWithChildren<{ pollIntervalMs?: number }>,
) => {
  const state = useOperationsState(true, props.pollIntervalMs);
  return (
    <OperationsContext.Provider value={state}>
      {props.children}
    </OperationsContext.Provider>
  );
};

/** The model's operations: the tab's shared state, or the card's own when placed alone. */
export function useModelOperations(): ModelOperationsState {
  const shared = useContext(OperationsContext);
  const own = useOperationsState(!shared);
  return shared ?? own;
}
