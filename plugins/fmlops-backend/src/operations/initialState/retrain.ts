import { InputError } from '@backstage/errors';
import { ResolvedModel } from '../../service/ModelCatalog';
import { OperationState } from '../reconcile';

/** A retrain's first state: start the model's tournament job. */
export function retrainState(model: ResolvedModel): OperationState {
  if (!model.coordinates.tournamentJobId) {
    throw new InputError(
      `${model.entityRef} has no tournament job (annotation databricks.com/tournament-job-id) to retrain with`,
    );
  }
  return {
    type: 'retrain',
    status: 'running',
    phase: 'starting-job',
    before: [],
    expected: [],
    jobId: model.coordinates.tournamentJobId,
  };
}
