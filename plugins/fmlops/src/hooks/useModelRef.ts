import { useMemo } from 'react';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ModelRef } from '../api';
import { useModelEnvironments } from './useModelEnvironments';

/**
 * The current catalog entity as the backend's model routes address it, in the environment the
 * page shows. A model in one environment is addressed without one, as before environments.
 */
export function useModelRef(): ModelRef {
  const { entity } = useEntity();
  const { kind } = entity;
  const { name, namespace = DEFAULT_NAMESPACE } = entity.metadata;
  const { current, multiple } = useModelEnvironments();
  const env = multiple ? current?.name : undefined;
  return useMemo(
    () => ({ kind, namespace, name, ...(env ? { env } : {}) }),
    [kind, namespace, name, env],
  );
}
