import { MINUTE } from '../domain/clock';
import { round4 } from '../domain/maths';
import { ModelScenario } from '../domain/scenario';
import { SqlEngine } from '../domain/sql';
import { ModelRuntime, WorkspaceStore } from './store';

/**
 * What a drift job leaves in the SQL warehouse: per window, the drift metrics and histograms of
 * every feature against the model's reference sample, and the champion's live quality. These
 * tables are fmlops' drift contract (see the README); scenarios seed past windows the same way.
 */

/** The drift table's companion with the champion's live metrics per window. */
function inferenceMetricsTable(driftTable: string): string {
  return `${driftTable.replace(/_drift$/, '')}_inference_metrics`;
}

/** Creates a model's three tables: drift metrics, histograms, inference metrics. */
export function createDriftTables(sql: SqlEngine, driftTable: string): void {
  sql.createTable(driftTable, [
    { name: 'window_start', type: 'TIMESTAMP' },
    { name: 'window_end', type: 'TIMESTAMP' },
    { name: 'feature', type: 'STRING' },
    { name: 'feature_type', type: 'STRING' },
    { name: 'psi', type: 'DOUBLE' },
    { name: 'js_divergence', type: 'DOUBLE' },
    { name: 'js_distance', type: 'DOUBLE' },
    { name: 'status', type: 'STRING' },
    { name: 'reference_count', type: 'LONG' },
    { name: 'current_count', type: 'LONG' },
  ]);
  sql.createTable(`${driftTable}_histograms`, [
    { name: 'window_start', type: 'TIMESTAMP' },
    { name: 'feature', type: 'STRING' },
    { name: 'bin_index', type: 'INT' },
    { name: 'bin_label', type: 'STRING' },
    { name: 'bin_lower', type: 'DOUBLE' },
    { name: 'bin_upper', type: 'DOUBLE' },
    { name: 'reference_count', type: 'LONG' },
    { name: 'current_count', type: 'LONG' },
  ]);
  sql.createTable(inferenceMetricsTable(driftTable), [
    { name: 'window_start', type: 'TIMESTAMP' },
    { name: 'model_version', type: 'STRING' },
    { name: 'requests', type: 'LONG' },
    { name: 'errors', type: 'LONG' },
    { name: 'p50_latency_ms', type: 'DOUBLE' },
    { name: 'p99_latency_ms', type: 'DOUBLE' },
    { name: 'pr_auc', type: 'DOUBLE' },
    { name: 'f1', type: 'DOUBLE' },
    { name: 'precision', type: 'DOUBLE' },
    { name: 'recall', type: 'DOUBLE' },
  ]);
}

/** How far a feature's inputs have moved in a window: none before the scenario's drift starts, then more each window. */
function driftShift(
  runtime: ModelRuntime,
  windowIndex: number,
  feature: string,
): number {
  const d = runtime.scenario.drift;
  if (d.startWindow === undefined || windowIndex < d.startWindow) return 0;
  if (d.features && !d.features.includes(feature)) return 0;
  return (windowIndex - d.startWindow + 1) * (d.perWindow ?? 0);
}

/** Writes the window starting at `startMs`: drift metrics, histograms and the champion's inference metrics. */
export function appendDriftWindow(
  store: WorkspaceStore,
  runtime: ModelRuntime,
  startMs: number,
): void {
  const s = runtime.scenario;
  const index = runtime.windows;
  const end = startMs + s.drift.windowHours * 60 * MINUTE;
  const { metrics, histograms } = runtime.reference.window(
    s.ucModel,
    new Date(startMs),
    new Date(end),
    f => driftShift(runtime, index, f),
  );
  store.sql.insert(
    s.driftTable,
    metrics as unknown as Array<Record<string, unknown>>,
  );
  store.sql.insert(
    `${s.driftTable}_histograms`,
    histograms as unknown as Array<Record<string, unknown>>,
  );
  // live model quality from labelled feedback, worse when inputs drift
  const model = store.models.get(s.ucModel)!;
  const champion = model.aliases.get('champion');
  const base = s.versions.find(v => v.version === champion)?.prAuc ?? 0.75;
  const maxShift = Math.max(
    ...['amount', 'velocity_1h', 'price_return', 'volume_zscore'].map(f =>
      driftShift(runtime, index, f),
    ),
  );
  const prAuc = round4(Math.max(0.05, base - 0.35 * maxShift));
  store.sql.insert(inferenceMetricsTable(s.driftTable), [
    {
      window_start: new Date(startMs).toISOString(),
      model_version: String(champion ?? ''),
      requests: Math.round(
        s.serving.requestsPerSecond * s.drift.windowHours * 3600,
      ),
      errors: Math.round(
        s.serving.requestsPerSecond * s.drift.windowHours * 3.6,
      ),
      p50_latency_ms: s.serving.profiles[String(champion)]?.p50Ms ?? 18,
      p99_latency_ms: s.serving.profiles[String(champion)]?.p99Ms ?? 65,
      pr_auc: prAuc,
      f1: round4(prAuc - 0.06),
      precision: round4(prAuc + 0.04),
      recall: round4(prAuc - 0.1),
    },
  ]);
  runtime.windows += 1;
}

/** Appends the window after the newest one, or the current window if there is none yet. */
export function appendNextDriftWindow(
  store: WorkspaceStore,
  runtime: ModelRuntime,
  now: number,
): void {
  const s = runtime.scenario;
  const windowMs = s.drift.windowHours * 60 * MINUTE;
  const last = lastWindowStart(store.sql, s);
  appendDriftWindow(
    store,
    runtime,
    last === undefined
      ? Math.floor(now / windowMs) * windowMs
      : last + windowMs,
  );
}

/** The start of the newest window in the drift table, if any. */
function lastWindowStart(sql: SqlEngine, s: ModelScenario): number | undefined {
  const result = sql.execute(
    `SELECT MAX(window_start) AS last FROM ${s.driftTable}`,
  );
  const value = result.rows[0]?.[0];
  return value ? Date.parse(value) : undefined;
}
