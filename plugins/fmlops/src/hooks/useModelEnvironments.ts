import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  defaultEnvironment,
  findEnvironment,
  getModelEnvironments,
  ModelEnvironment,
  nextEnvironment,
} from '@fmlops/backstage-plugin-fmlops-common';

/** The query parameter that names the environment the MLOps tab shows, so a link opens the same one. */
export const ENV_QUERY_PARAM = 'env';

export interface ModelEnvironmentsState {
  /** every environment of the model, in promotion order (dev, acc, prd) */
  environments: ModelEnvironment[];
  /** the environment shown: the one in the URL, else the default (prd when present) */
  current?: ModelEnvironment;
  /** the environment a version of `current` is promoted to, if any */
  next?: ModelEnvironment;
  /** true when the model spans more than one environment (and so the tab shows the switcher) */
  multiple: boolean;
  /** shows another environment, remembered in the URL */
  select: (name: string) => void;
}

/** The current entity's environments and the one the page shows (`?env=acc`). */
export function useModelEnvironments(): ModelEnvironmentsState {
  const { entity } = useEntity();
  const [params, setParams] = useSearchParams();
  const environments = useMemo(() => getModelEnvironments(entity), [entity]);
  const requested = params.get(ENV_QUERY_PARAM) ?? undefined;
  // an unknown name in a link opens the default rather than nothing
  const current =
    findEnvironment(environments, requested) ??
    defaultEnvironment(environments);
  const select = useCallback(
    (name: string) =>
      setParams(existing => {
        const updated = new URLSearchParams(existing);
        updated.set(ENV_QUERY_PARAM, name);
        return updated;
      }),
    [setParams],
  );
  return {
    environments,
    current,
    next: current ? nextEnvironment(environments, current.name) : undefined,
    multiple: environments.length > 1,
    select,
  };
}
