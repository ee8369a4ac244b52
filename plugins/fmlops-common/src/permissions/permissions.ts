import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import type { OperationType } from '../model/operations';

/**
 * Every fmlops permission is a resource permission on the model's catalog entity, so a
 * policy can decide per model (the shipped policy: owners may operate their models).
 */

/**
 * See a model's MLOps data (serving, drift, tournament, history).
 *
 * @public
 */
export const fmlopsModelReadPermission = createPermission({
  name: 'fmlops.model.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Start a promotion of the challenger (direct or canary). Also pause / resume / abort it.
 *
 * @public
 */
export const fmlopsModelPromotePermission = createPermission({
  name: 'fmlops.model.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Set the serving traffic split by hand (A/B).
 *
 * @public
 */
export const fmlopsModelSetSplitPermission = createPermission({
  name: 'fmlops.model.set-split',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Roll the serving endpoint back to the last known-good configuration.
 *
 * @public
 */
export const fmlopsModelRollbackPermission = createPermission({
  name: 'fmlops.model.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Run the tournament (training) job.
 *
 * @public
 */
export const fmlopsModelRetrainPermission = createPermission({
  name: 'fmlops.model.retrain',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject a promotion into an environment whose policy requires approval. The backend
 * also refuses the promotion's own requester, whatever the policy says.
 *
 * @public
 */
export const fmlopsModelApprovePermission = createPermission({
  name: 'fmlops.model.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission fmlops defines, for the permissions registry.
 *
 * @public
 */
export const fmlopsPermissions = [
  fmlopsModelReadPermission,
  fmlopsModelPromotePermission,
  fmlopsModelSetSplitPermission,
  fmlopsModelRollbackPermission,
  fmlopsModelRetrainPermission,
  fmlopsModelApprovePermission,
];

/**
 * The permissions that change a model (everything but read).
 *
 * @public
 */
export const fmlopsMutatingPermissions = fmlopsPermissions.filter(
  p => p !== fmlopsModelReadPermission,
);

/**
 * The permission each operation type needs on the model: pausing, resuming and aborting a
 * rollout ride on promote. The backend enforces it and the frontend greys out what it denies.
 *
 * @public
 */
export const fmlopsOperationPermissions: Record<
  OperationType,
  ResourcePermission<typeof RESOURCE_TYPE_CATALOG_ENTITY>
> = {
  promote: fmlopsModelPromotePermission,
  pause: fmlopsModelPromotePermission,
  resume: fmlopsModelPromotePermission,
  abort: fmlopsModelPromotePermission,
  'set-split': fmlopsModelSetSplitPermission,
  rollback: fmlopsModelRollbackPermission,
  retrain: fmlopsModelRetrainPermission,
  'promote-to-env': fmlopsModelPromotePermission,
  approve: fmlopsModelApprovePermission,
  reject: fmlopsModelApprovePermission,
};
