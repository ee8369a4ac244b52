import { FeatureReference } from '../../domain/drift';
import { BundleDeploymentRecord, ModelRuntime, WorkspaceStore } from '../store';

/** Deployment records: the model runtime a deployment's jobs drive, and the records the state file keeps. */

/** The runtime of the deployed model (its scenario and drift windows), made on first use. */
export function runtimeOf(
  store: WorkspaceStore,
  record: BundleDeploymentRecord,
): ModelRuntime {
  const s = record.scenario;
  let runtime = store.runtimes.get(s.ucModel);
  if (!runtime) {
    runtime = {
      scenario: s,
      reference: new FeatureReference(s.ucModel),
      windows: record.effects.driftWindows,
    };
    store.runtimes.set(s.ucModel, runtime);
  }
  return runtime;
}

/** The deployments as the state file keeps them: the drift windows their jobs wrote since. */
export function deploymentsOf(store: WorkspaceStore): BundleDeploymentRecord[] {
  return [...store.deployments.values()].map(record => ({
    ...record,
    effects: {
      ...record.effects,
      driftWindows:
        store.runtimes.get(record.scenario.ucModel)?.windows ??
        record.effects.driftWindows,
    },
  }));
}

/** After a restart: the deployments, their model runtimes and jobs again (their data comes from the snapshot). */
export function restoreDeployments(
  store: WorkspaceStore,
  records: BundleDeploymentRecord[],
): void {
  store.deployments.clear();
  for (const record of records) {
    store.runtimes.delete(record.scenario.ucModel);
    store.deployments.set(record.key, record);
    const runtime = runtimeOf(store, record);
    for (const { forModel, ...job } of record.jobs) {
      store.jobs.set(job.id, {
        ...job,
        ...(forModel ? { model: runtime } : {}),
      });
    }
  }
}
