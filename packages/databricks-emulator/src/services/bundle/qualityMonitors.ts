import type { catalog } from '@databricks/sdk-experimental';
import { ResolvedBundle } from '../../domain/bundle';
import { invalid } from '../../domain/errors';
import { WorkspaceStore } from '../store';

/** Lakehouse monitors of a bundle, on the tables they watch; answers the summary's monitors. */
export function deployQualityMonitors(
  store: WorkspaceStore,
  resolved: ResolvedBundle['resources'],
  ucModel: string,
): Record<string, { id: string; name: string }> {
  const [catalogName, schemaName] = ucModel.split('.');
  const summary: Record<string, { id: string; name: string }> = {};
  for (const [key, spec] of Object.entries(resolved.quality_monitors ?? {})) {
    const table = String(spec.table_name ?? '');
    if (!table)
      throw invalid(`resources.quality_monitors.${key} needs table_name.`);
    const monitor = {
      ...(spec as object),
      table_name: table,
      status: 'MONITOR_STATUS_ACTIVE',
      monitor_version: (store.monitors.get(table)?.monitor_version ?? 0) + 1,
      output_schema_name: String(
        spec.output_schema_name ?? `${catalogName}.${schemaName}`,
      ),
      profile_metrics_table_name: `${table}_profile_metrics`,
      drift_metrics_table_name: `${table}_drift_metrics`,
    } as catalog.MonitorInfo;
    store.monitors.set(table, monitor);
    summary[key] = { id: table, name: table };
  }
  return summary;
}
