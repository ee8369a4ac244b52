import { useMemo } from 'react';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ModelRef } from '../api';

/** The current catalog entity as the backend's model routes address it. */
export function useModelRef(): ModelRef {
  const { entity } = useEntity();
  const { kind } = entity;
  const { name, namespace = DEFAULT_NAMESPACE } = entity.metadata;
  return useMemo(() => ({ kind, namespace, name }), [kind, namespace, name]);
}
