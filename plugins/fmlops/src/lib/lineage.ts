import type { VersionLineage } from '@fmlops/backstage-plugin-fmlops-common';

/** Where a copied version came from: "copied from fmlops_dev.payments.scorer v2 (dev), run 5f1c". */
export function describeLineage(lineage: VersionLineage): string {
  const env = lineage.sourceEnvironment
    ? ` (${lineage.sourceEnvironment})`
    : '';
  const run = lineage.runId ? `, run ${lineage.runId}` : '';
  return `copied from ${lineage.sourceModel} v${lineage.sourceVersion}${env}${run}`;
}
