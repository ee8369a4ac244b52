import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type {
  OperationRequest,
  RegistryState,
} from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../../api';
import { useEnvironmentStatuses } from '../../hooks/useEnvironmentStatuses';
import { useModelEnvironments } from '../../hooks/useModelEnvironments';
import { useModelOperations } from '../../hooks/useModelOperations';
import { useModelRef } from '../../hooks/useModelRef';
import { errorMessage } from '../../lib/errors';
import { describeStatus } from '../../lib/operations';
import { ActionButton } from '../common/ActionButton';
import { PromoteToEnvironmentDialog } from './PromoteToEnvironmentDialog';

/**
 * "Promote to <next>": copies a version of the environment shown into the next one in promotion
 * order. The request goes to the next environment, where the operation runs (and waits for an
 * approval when its policy asks for one); the tab then shows that environment. Nothing in the
 * last environment, or for a model in one environment.
 */
export const PromoteToEnvironmentAction = (props: {
  /** this environment's registry (from the overview the card already reads) */
  registry?: RegistryState;
}) => {
  const { registry } = props;
  const api = useApi(fmlopsApiRef);
  const alertApi = useApi(alertApiRef);
  const model = useModelRef();
  const { current, next, select } = useModelEnvironments();
  const operations = useModelOperations();
  const environments = useEnvironmentStatuses();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const target = next?.name;
  const policy = useAsync(async () => {
    if (!open || !target) return undefined;
    return (await api.getEvaluation({ ...model, env: target })).policy;
  }, [api, model, open, target]);

  if (!current || !target) {
    return null;
  }
  const targetStatus = environments?.statuses?.find(s => s.name === target);
  const targetBusy = targetStatus?.activeOperation;
  let blocked = operations.blockedReason('promote-to-env');
  if (!blocked && busy) {
    blocked = 'The promotion is being requested…';
  } else if (!blocked && targetBusy) {
    blocked = `${target} has an active operation (${
      targetBusy.type
    }, ${describeStatus(targetBusy.status)}): wait for it or abort it there.`;
  } else if (!blocked && !registry?.versions.length) {
    blocked = `The versions of ${current.name} are not readable right now.`;
  }

  const submit = async (request: OperationRequest) => {
    setBusy(true);
    try {
      const operation = await api.submitOperation(
        { ...model, env: target },
        request,
      );
      alertApi.post({
        message:
          operation.status === 'awaiting-approval'
            ? `Promotion to ${target} requested: it waits for another owner or an admin to approve it`
            : `Promotion to ${target} started`,
        severity: 'info',
        display: 'transient',
      });
      setOpen(false);
      environments?.refresh();
      // the operation runs in the target environment: follow it there
      select(target);
    } catch (error) {
      alertApi.post({
        message: `Promotion to ${target} refused: ${errorMessage(error)}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ActionButton
        disabledReason={blocked}
        onClick={() => setOpen(true)}
        data-testid="fmlops-action-promote-to-env"
      >
        Promote to {target}
      </ActionButton>
      <PromoteToEnvironmentDialog
        open={open}
        source={current.name}
        target={target}
        versions={registry?.versions ?? []}
        defaultVersion={registry?.champion}
        policy={policy}
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={submit}
      />
    </>
  );
};
