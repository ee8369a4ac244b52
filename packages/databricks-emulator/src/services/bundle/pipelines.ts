import {
  BundleDeployRequest,
  datasetsOfSources,
  ResolvedBundle,
} from '../../domain/bundle';
import { MINUTE } from '../../domain/clock';
import { Random } from '../../domain/random';
import { ModelScenario } from '../../domain/scenario';
import { completeUpdate, UPDATE_TOTAL_MS } from '../pipelines';
import { BundleDeploymentRecord, WorkspaceStore } from '../store';
import { Plan } from './plan';

/** DLT pipelines of a bundle, the datasets their sources declare, and the trades the ingestion lands. */

const TRADES = 600;

type Summary = Record<string, { id: string; name: string }>;

/** The pipelines' ids first (job settings refer to them): the model's pipeline keeps the scenario's. */
export function pipelineIdsOf(
  bundle: ResolvedBundle,
  plan: Plan,
  record: BundleDeploymentRecord,
): Summary {
  const summary: Summary = {};
  for (const [key] of Object.entries(bundle.resources.pipelines ?? {})) {
    summary[key] = {
      id:
        key === plan.pipelineKey
          ? record.scenario.pipelineId
          : new Random(`${record.key}:${key}`).uuid(),
      name: '',
    };
  }
  return summary;
}

/** Creates (or updates) the pipelines with the datasets their DLT sources declare; names them in the summary. */
export function deployPipelines(
  store: WorkspaceStore,
  resolved: ResolvedBundle['resources'],
  files: BundleDeployRequest['files'],
  plan: Plan,
  summary: Summary,
  now: number,
) {
  const [catalogName, schemaName, modelName] = plan.ucModel.split('.');
  const sources = Object.entries(files)
    .filter(([file, text]) => file.endsWith('.py') && /\bdlt\b/.test(text))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, text]) => text);
  const datasets = datasetsOfSources(sources);
  // the ingestion lands trades where the pipeline's bronze trades dataset reads them
  plan.landingTable =
    datasets.find(d => /trades_bronze$/.test(d.name))?.name ??
    `${modelName}_trades_bronze`;
  for (const [key, spec] of Object.entries(resolved.pipelines ?? {})) {
    const id = summary[key].id;
    const name = String(spec.name ?? key);
    summary[key].name = name;
    const pipeline = store.pipelines.get(id);
    store.pipelines.set(id, {
      id,
      name,
      catalog: String(spec.catalog ?? catalogName),
      target: String(spec.target ?? spec.schema ?? schemaName),
      createdAt: pipeline?.createdAt ?? now,
      updates: pipeline?.updates ?? [],
      events: pipeline?.events ?? [],
      ...(datasets.length > 0 ? { datasets } : {}),
    });
  }
}

/** The model's pipeline's first update, a full refresh the ingestion job triggered. */
export function firstPipelineUpdate(
  store: WorkspaceStore,
  s: ModelScenario,
  now: number,
  rng: Random,
) {
  const pipeline = store.pipelines.get(s.pipelineId);
  if (!pipeline) return;
  const update = {
    update_id: rng.uuid(),
    creation_time: now - 15 * MINUTE - UPDATE_TOTAL_MS,
    cause: 'JOB_TASK' as const,
    full_refresh: true,
  };
  pipeline.updates.unshift(update);
  completeUpdate(pipeline, update, now - 15 * MINUTE, rng);
}

/** The Finnhub consumer's landing, as bronze rows: trades of the project's symbols over the last hours. */
export function landTrades(
  store: WorkspaceStore,
  plan: Plan,
  s: ModelScenario,
  now: number,
  hours: number,
): number {
  const table = `${s.ucModel.split('.').slice(0, 2).join('.')}.${
    plan.landingTable
  }`;
  if (!store.sql.tables().includes(table)) {
    store.sql.createTable(table, [
      { name: 'trade_id', type: 'STRING' },
      { name: 'symbol', type: 'STRING' },
      { name: 'price', type: 'DOUBLE' },
      { name: 'volume', type: 'DOUBLE' },
      { name: 'timestamp_ms', type: 'LONG' },
      { name: 'received_at_ms', type: 'LONG' },
    ]);
  }
  const rng = new Random(`${s.ucModel}:trades`);
  const symbols = plan.symbols.length > 0 ? plan.symbols : ['AAPL'];
  const start = now - hours * 60 * MINUTE;
  const rows = Array.from({ length: TRADES }, (_, i) => {
    const at = Math.round(start + ((now - start) * i) / TRADES);
    const symbol = symbols[i % symbols.length];
    return {
      trade_id: `${symbol}-${at}-${i}`,
      symbol,
      price: Math.round(100 * rng.logNormal(180, 0.02)) / 100,
      volume: rng.int(1, 500),
      timestamp_ms: at,
      received_at_ms: at + rng.int(20, 400),
    };
  });
  store.sql.insert(table, rows);
  return rows.length;
}
