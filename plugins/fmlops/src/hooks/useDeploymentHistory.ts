import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { fmlopsApiRef } from '../api';
import { groupDecisions } from '../lib/history';
import { useAsyncRetryKeepingValue } from './useAsyncRetryKeepingValue';
import { useModelOperations } from './useModelOperations';
import { useModelRef } from './useModelRef';

/** The model's deployment history as one entry per decision, reloaded when an operation starts or ends. */
export function useDeploymentHistory() {
  const api = useApi(fmlopsApiRef);
  const model = useModelRef();
  const { active, lastFinished } = useModelOperations();
  const history = useAsyncRetryKeepingValue(
    () => api.getHistory(model),
    // an operation starting or ending adds events
    [api, model, active?.id, lastFinished?.id],
  );
  const decisions = useMemo(
    () => (history.value ? groupDecisions(history.value.items) : undefined),
    [history.value],
  );
  return { decisions, error: history.error, retry: history.retry };
}

/** The DOM id of a decision's entry in the history card, for links from other cards. */
export const historyAnchor = (decisionId: string) =>
  `fmlops-history-${decisionId}`;
