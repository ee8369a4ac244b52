/**
 * The local Databricks workspace: a stateful, fault-injectable emulation of the Databricks REST
 * API subset fmlops uses, that the real `@databricks/sdk-experimental` client talks to unchanged.
 *
 * @packageDocumentation
 */
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { EmulatedClock } from './domain/clock';
import { FaultInjector, FaultRule } from './domain/faults';
import {
  loadScenarios,
  ModelScenario,
  syntheticScenarios,
} from './domain/scenario';
import { LocalWorkspaceState } from './workspace/localWorkspaceState';
import { WorkspaceSnapshot } from './workspace/snapshot';
import { createApp } from './http/app';
import { DEFAULT_METRICS_EXPORT } from './services/servingTraffic';
import type { MetricsExportFormat } from './services/store';

export type { FaultRule, ActiveFault } from './domain/faults';
export type { ModelScenario, VersionProfile } from './domain/scenario';
export type { WorkspaceSnapshot } from './workspace/snapshot';
export type { MetricsExportFormat } from './services/store';
export { LocalWorkspaceState } from './workspace/localWorkspaceState';
export { EmulatedClock } from './domain/clock';
export { FaultInjector } from './domain/faults';
export { loadScenarios, syntheticScenarios } from './domain/scenario';

export const DEFAULT_PORT = 8787;
export const DEFAULT_TOKEN = 'dapi-fmlops-local';
export const DEFAULT_WAREHOUSE_ID = 'f1a2b3c4d5e6f708';

export interface LocalWorkspaceOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The PAT it accepts. Default dapi-fmlops-local. */
  token?: string;
  /**
   * Scenario names (healthy, drifting, canary, latency-spike, failing-expectation) or YAML files.
   * Default: all built-in (none when only `syntheticModels` is given); `[]`: none.
   */
  scenarios?: string[];
  /** Scenarios given as objects (tests). */
  scenarioObjects?: ModelScenario[];
  /** Extra synthetic models, for portfolio load tests. */
  syntheticModels?: number;
  /** Emulated seconds per real second. Default 1. */
  timeScale?: number;
  /** Emulated seconds a serving config takes to apply. Default 20. */
  configUpdateDelaySeconds?: number;
  /** Rows per SQL result chunk. Default 1000. */
  statementChunkRows?: number;
  /** Emulated milliseconds a SQL statement runs. Default 0. */
  statementExecutionMs?: number;
  /**
   * How the serving metrics export writes its text (entity label, latency histogram or not,
   * sample timestamps, gauge or counter typing). Default: gauges with timestamps, labelled
   * `served_entity_name`, with the latency histogram. See src/parity/serving-metrics.md.
   */
  metricsExport?: Partial<MetricsExportFormat>;
  /** SQL warehouses it offers. Default one, id f1a2b3c4d5e6f708. */
  warehouses?: Array<{ id: string; name: string }>;
  /** Faults active from the start. */
  faults?: FaultRule[];
  /**
   * Keeps Model Serving's system tables, `system.serving.served_entities` and
   * `system.serving.endpoint_usage` (a row per request served from the start on). Off by default:
   * a busy endpoint adds thousands of rows a minute.
   */
  servingSystemTables?: boolean;
  /**
   * Keeps the workspace state (JSON) here: loaded at start when the file exists (with the same
   * scenarios), written when stopped.
   */
  stateFile?: string;
  /** Where it reports what it does (a Backstage LoggerService fits). */
  logger?: LocalWorkspaceLogger;
  /** The same as a plain function of one line. */
  log?: (line: string) => void;
}

export interface LocalWorkspaceLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface LocalWorkspace {
  url: string;
  port: number;
  token: string;
  warehouseId: string;
  clock: EmulatedClock;
  faults: FaultInjector;
  state: LocalWorkspaceState;
  /** requests received per "METHOD path", for tests and benchmarks */
  requests: Map<string, number>;
  totalRequests(): number;
  stop(): Promise<void>;
}

export async function startLocalWorkspace(
  options: LocalWorkspaceOptions = {},
): Promise<LocalWorkspace> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? DEFAULT_TOKEN;
  const warehouses = options.warehouses ?? [
    { id: DEFAULT_WAREHOUSE_ID, name: 'fmlops local warehouse' },
  ];
  const info = (line: string) =>
    options.logger ? options.logger.info(line) : options.log?.(line);
  const warn = (line: string) =>
    options.logger ? options.logger.warn(line) : options.log?.(line);
  const saved = options.stateFile
    ? readStateFile(options.stateFile)
    : undefined;
  // a reloaded workspace carries on from the time it was saved at, or now if that is later
  const clock = new EmulatedClock(
    Math.max(Date.now(), saved?.clockMs ?? 0),
    options.timeScale ?? 1,
  );
  const faults = new FaultInjector();
  for (const f of options.faults ?? []) faults.add(f);
  let url = '';
  const state = new LocalWorkspaceState({
    clock,
    configUpdateDelaySeconds: options.configUpdateDelaySeconds ?? 20,
    statementChunkRows: options.statementChunkRows ?? 1000,
    statementExecutionMs: options.statementExecutionMs ?? 0,
    metricsExport: { ...DEFAULT_METRICS_EXPORT, ...options.metricsExport },
    servingSystemTables: options.servingSystemTables ?? false,
    host: () => url,
  });
  const scenarios = [
    ...(options.scenarioObjects ?? builtInOrNamed(options)),
    ...syntheticScenarios(options.syntheticModels ?? 0),
  ];
  for (const s of scenarios) state.seed(s);
  if (saved) {
    state.restore(saved);
    info(`local workspace state loaded from ${options.stateFile}`);
  }

  const requests = new Map<string, number>();
  const app = createApp({
    state,
    faults,
    clock,
    token,
    warehouses,
    // only unexpected failures are logged from requests
    log: warn,
    onRequest: (method, path) => {
      const key = `${method} ${path}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
    },
  });
  const server = http.createServer(app);
  // stalled requests must not keep the process (or a test) alive
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;
  info(`local Databricks workspace on ${url} with ${scenarios.length} models`);
  return {
    url,
    port,
    token,
    warehouseId: warehouses[0].id,
    clock,
    faults,
    state,
    requests,
    totalRequests: () =>
      [...requests.entries()]
        .filter(([k]) => !k.includes(' /__admin'))
        .reduce((s, [, n]) => s + n, 0),
    stop: async () => {
      if (options.stateFile) {
        // write then rename, so a crash half-way never leaves a torn file behind
        const tmp = `${options.stateFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(state.snapshot()));
        fs.renameSync(tmp, options.stateFile);
        info(`local workspace state saved to ${options.stateFile}`);
      }
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

function readStateFile(file: string): WorkspaceSnapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceSnapshot;
  } catch (e) {
    throw new Error(
      `The local workspace state file ${file} is not valid JSON (${
        (e as Error).message
      }); move it away to start afresh.`,
    );
  }
}

/** Named scenarios; none named: all built-in, unless only synthetic models were asked for. */
function builtInOrNamed(options: LocalWorkspaceOptions): ModelScenario[] {
  if (options.scenarios) {
    return options.scenarios.length > 0 ? loadScenarios(options.scenarios) : [];
  }
  return options.syntheticModels ? [] : loadScenarios();
}
