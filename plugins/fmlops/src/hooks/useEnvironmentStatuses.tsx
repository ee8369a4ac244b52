import { createContext, PropsWithChildren, useContext, useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { EnvironmentStatus } from '@fmlops/backstage-plugin-fmlops-common';
import { fmlopsApiRef } from '../api';
import { useAsyncRetryKeepingValue } from './useAsyncRetryKeepingValue';
import { useModelEnvironments } from './useModelEnvironments';
import { useModelRef } from './useModelRef';
import { DEFAULT_POLL_INTERVAL_MS } from './useOverview';
import { useVisibleInterval } from './useVisibleInterval';

export interface EnvironmentStatusesState {
  /** every environment at a glance, in promotion order; undefined until loaded */
  statuses?: EnvironmentStatus[];
  error?: Error;
  refresh: () => void;
}

const EnvironmentStatusesContext = createContext<
  EnvironmentStatusesState | undefined
>(undefined);

/**
 * Polls every environment's status (champion, health, drift, active operation) for the MLOps
 * tab's environment strip and the promotion action. A model in one environment asks nothing.
 */
export const EnvironmentStatusesProvider = (
  props: PropsWithChildren<{ pollIntervalMs?: number }>,
) => {
  const api = useApi(fmlopsApiRef);
  const { kind, namespace, name } = useModelRef();
  const { multiple } = useModelEnvironments();
  const loaded = useAsyncRetryKeepingValue(
    async () =>
      multiple
        ? (await api.getEnvironments({ kind, namespace, name })).items
        : undefined,
    [api, kind, namespace, name, multiple],
  );
  // as often as the overview: a champion that moves shows in the strip as it does in the cards
  useVisibleInterval(
    loaded.retry,
    multiple ? props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS : 0,
  );
  const { value, error, retry } = loaded;
  const state = useMemo(
    () => ({ statuses: value, error, refresh: retry }),
    [value, error, retry],
  );
  return (
    <EnvironmentStatusesContext.Provider value={state}>
      {props.children}
    </EnvironmentStatusesContext.Provider>
  );
};

/** The environments' statuses inside the MLOps tab; undefined for a card placed on its own. */
export function useEnvironmentStatuses(): EnvironmentStatusesState | undefined {
  return useContext(EnvironmentStatusesContext);
}
