import type { FmlopsApiSchemas as Schemas } from '../schema/schemas';
import { operationTypeValues } from '../schema/openapi.generated';

/**
 * The write path: operations on a model (promote, set the split, pause / resume / abort a rollout,
 * roll back, retrain), each a persisted state machine with an audit trail. The types are the API
 * spec's schemas (fmlops-backend/src/schema/openapi.yaml).
 */

/** @public */
export const OPERATION_TYPES = operationTypeValues;
/** @public */
export type OperationType = Schemas['OperationType'];

/** @public */
export type TrafficRoute = Schemas['TrafficRoute'];

/**
 * The fields any operation request may carry.
 *
 * @public
 */
export type OperationRequestCommon = Pick<
  Schemas['OperationRequest'],
  'reason' | 'idempotencyKey'
>;

/**
 * An operation request as each type needs it. The spec keeps one flat request schema, so a
 * request missing what its type needs reaches the backend, which names what is missing.
 *
 * @public
 */
export type OperationRequest =
  | ({ type: 'promote' } & Pick<
      Schemas['OperationRequest'],
      'strategy' | 'steps'
    > &
      OperationRequestCommon)
  | ({ type: 'set-split' } & Required<
      Pick<Schemas['OperationRequest'], 'routes'>
    > &
      OperationRequestCommon)
  | ({ type: 'pause' | 'resume' | 'retrain' } & OperationRequestCommon)
  | ({ type: 'abort' | 'rollback' | 'approve' | 'reject' } & Required<
      Pick<Schemas['OperationRequest'], 'reason'>
    > &
      Pick<Schemas['OperationRequest'], 'idempotencyKey'>)
  | ({ type: 'promote-to-env' } & Pick<
      Schemas['OperationRequest'],
      'sourceEnvironment' | 'sourceVersion' | 'strategy' | 'steps'
    > &
      OperationRequestCommon);

/** @public */
export type OperationStatus = Schemas['OperationStatus'];

/** @public */
export const ACTIVE_OPERATION_STATUSES: OperationStatus[] = [
  'running',
  'paused',
  'awaiting-approval',
];

/** @public */
export type Evidence = Schemas['Evidence'];
/** @public */
export type OperationStepRecord = Schemas['OperationStepRecord'];
/** @public */
export type Operation = Schemas['Operation'];
/** @public */
export type AuditEvent = Schemas['AuditEvent'];
/** @public */
export type ModelEvaluation = Schemas['Evaluation'];
/** @public */
export type VersionLineage = Schemas['VersionLineage'];
/** @public */
export type ApprovalRecord = Schemas['ApprovalRecord'];
