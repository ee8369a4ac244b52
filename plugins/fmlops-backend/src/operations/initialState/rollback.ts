import { ConflictError } from '@backstage/errors';
import { OperationStore } from '../../database/OperationStore';
import { championOf } from '../../read/mappers';
import { ResolvedModel } from '../../service/ModelCatalog';
import { DatabricksOpsPort } from '../ports';
import { OperationState } from '../reconcile';
import { sameRoutes } from '../traffic';
import { servingTargetOf } from '../servingTarget';
import { currentRoutes } from './currentRoutes';

/**
 * A rollback's first state: back to the last known-good serving state, the split in place before
 * the most recent successful change that differs from now, else the champion alone.
 */
export async function rollbackState(
  port: DatabricksOpsPort,
  store: OperationStore,
  model: ResolvedModel,
): Promise<OperationState> {
  const { routes: now } = await currentRoutes(port, model);
  const history = await store.history(servingTargetOf(model), 200);
  const changes = history.filter(
    e =>
      e.outcome === 'succeeded' &&
      e.before?.length &&
      // a change made outside the portal counts too: rolling back undoes it
      [
        'promote',
        'set-split',
        'rollback',
        'auto-rollback',
        'external',
      ].includes(e.type),
  );
  let target = changes.map(e => e.before!).find(b => !sameRoutes(b, now));
  if (!target) {
    const registered = await port.getRegisteredModel(
      model.coordinates.workspace,
      model.coordinates.ucModel,
    );
    const champion = championOf(registered);
    if (champion !== undefined) {
      target = [{ modelVersion: champion, trafficPercentage: 100 }];
    }
  }
  if (!target || sameRoutes(target, now)) {
    throw new ConflictError(
      `${model.entityRef} already serves its last known-good split (${now
        .map(r => `v${r.modelVersion} ${r.trafficPercentage}%`)
        .join(' / ')}): nothing to roll back`,
    );
  }
  const main = [...target].sort(
    (a, b) => b.trafficPercentage - a.trafficPercentage,
  )[0].modelVersion;
  return {
    type: 'rollback',
    status: 'running',
    phase: 'applying',
    before: now,
    expected: now,
    target,
    aliases: { champion: main },
  };
}
