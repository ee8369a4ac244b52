import { ConflictError, InputError } from '@backstage/errors';
import { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';
import { ResolvedModel } from '../../service/ModelCatalog';
import { DatabricksOpsPort } from '../ports';
import { OperationState } from '../reconcile';
import { sameRoutes } from '../traffic';
import { splitProblems } from '../validation';
import { currentRoutes } from './currentRoutes';

/** A split change's first state: move the traffic to the requested routes. */
export async function splitState(
  port: DatabricksOpsPort,
  model: ResolvedModel,
  routes: TrafficRoute[],
): Promise<OperationState> {
  const { workspace, ucModel, servingEndpoint } = model.coordinates;
  const versions = new Set(
    (await port.listModelVersions(workspace, ucModel)).map(v =>
      String(v.version),
    ),
  );
  const problems = splitProblems(routes, { ucModel, versions });
  if (problems.length > 0) {
    throw new InputError(`Invalid split: ${problems.join('; ')}`);
  }
  const { routes: before } = await currentRoutes(port, model);
  const target = routes.map(r => ({
    modelVersion: String(r.modelVersion),
    trafficPercentage: r.trafficPercentage,
  }));
  if (sameRoutes(before, target)) {
    throw new ConflictError(`${servingEndpoint} already serves that split`);
  }
  return {
    type: 'set-split',
    status: 'running',
    phase: 'applying',
    before,
    expected: before,
    target,
  };
}
