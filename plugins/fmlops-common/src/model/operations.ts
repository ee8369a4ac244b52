import type { components } from '../schema/openapi.generated';
import { operationTypeValues } from '../schema/openapi.generated';

/**
 * The write path: operations on a model (promote, set the split, pause / resume / abort a rollout,
 * roll back, retrain), each a persisted state machine with an audit trail. The types are the API
 * spec's schemas (fmlops-backend/src/schema/openapi.yaml).
 */

type Schemas = components['schemas'];

export const OPERATION_TYPES = operationTypeValues;
export type OperationType = Schemas['OperationType'];

export type TrafficRoute = Schemas['TrafficRoute'];

/**
 * An operation request as each type needs it. The spec keeps one flat request schema, so a
 * request missing what its type needs reaches the backend, which names what is missing.
 */
type RequestFields = Schemas['OperationRequest'];
type Common = Pick<RequestFields, 'reason' | 'idempotencyKey'>;
export type OperationRequest =
  | ({ type: 'promote' } & Pick<RequestFields, 'strategy' | 'steps'> & Common)
  | ({ type: 'set-split' } & Required<Pick<RequestFields, 'routes'>> & Common)
  | ({ type: 'pause' | 'resume' | 'retrain' } & Common)
  | ({ type: 'abort' | 'rollback' } & Required<Pick<RequestFields, 'reason'>> &
      Pick<RequestFields, 'idempotencyKey'>);

export type OperationStatus = Schemas['OperationStatus'];

export const ACTIVE_OPERATION_STATUSES: OperationStatus[] = [
  'running',
  'paused',
];

export type Evidence = Schemas['Evidence'];
export type OperationStepRecord = Schemas['OperationStepRecord'];
export type Operation = Schemas['Operation'];
export type AuditEvent = Schemas['AuditEvent'];
export type ModelEvaluation = Schemas['Evaluation'];
