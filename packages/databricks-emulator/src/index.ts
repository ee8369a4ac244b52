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
  environmentScenarios,
  loadScenarios,
  ModelScenario,
  syntheticScenarios,
} from './domain/scenario';
import { LocalWorkspaceState } from './workspace/localWorkspaceState';
import {
  restoreFirstWorkspace,
  WorkspaceGroup,
  WorkspacesSnapshot,
} from './workspace/workspaceGroup';
import { WorkspaceSnapshot } from './workspace/snapshot';
import { createApp } from './http/app';
import { DEFAULT_METRICS_EXPORT } from './services/servingTraffic';
import type { MetricsExportFormat } from './services/store';

export type { FaultRule, ActiveFault } from './domain/faults';
export type { ModelScenario, VersionProfile } from './domain/scenario';
export type { WorkspaceSnapshot } from './workspace/snapshot';
export type { WorkspacesSnapshot } from './workspace/workspaceGroup';
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
  /**
   * Several workspaces (e.g. dev, acc, prd), each on its own port with its own endpoints, jobs,
   * runs, experiments, pipelines, warehouses and faults, sharing one Unity Catalog metastore and
   * the clock. Then `port`, `scenarios`, `scenarioObjects`, `syntheticModels`, `warehouses` and
   * `faults` are given per workspace. Default: one workspace.
   */
  workspaces?: LocalWorkspaceSpec[];
  /** Where it reports what it does (a Backstage LoggerService fits). */
  logger?: LocalWorkspaceLogger;
  /** The same as a plain function of one line. */
  log?: (line: string) => void;
}

export interface LocalWorkspaceLogger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * One workspace of several that share one Unity Catalog metastore (`workspaces` option): its own
 * port, endpoints, jobs and runs, experiments, pipelines, warehouses and faults.
 */
export interface LocalWorkspaceSpec {
  /** its name, e.g. dev, acc, prd (`fmlops.workspaces.<alias>` in app-config) */
  alias: string;
  /** 0 picks a free port. Default: the first 8787, each next one the port after the previous. */
  port?: number;
  /**
   * Scenario names or files. Default: the built-in scenarios whose `workspace` is this alias
   * (scenarios/environments/), and for the first workspace the single-workspace built-ins too.
   */
  scenarios?: string[];
  scenarioObjects?: ModelScenario[];
  /** Extra synthetic models in this workspace. */
  syntheticModels?: number;
  warehouses?: Array<{ id: string; name: string }>;
  faults?: FaultRule[];
}

export interface LocalWorkspace {
  url: string;
  port: number;
  token: string;
  warehouseId: string;
  clock: EmulatedClock;
  faults: FaultInjector;
  state: LocalWorkspaceState;
  /** its alias among several workspaces; absent when it runs alone */
  alias?: string;
  /** every workspace started together, this one first when it runs alone */
  workspaces: LocalWorkspace[];
  /** requests received per "METHOD path", for tests and benchmarks */
  requests: Map<string, number>;
  totalRequests(): number;
  /** how long it has had at least one request in flight, in ms (benchmarks: its share of a read) */
  busyMs(): number;
  /** Stops it (with several: all of them), saving the state file if one is set. */
  stop(): Promise<void>;
}

/**
 * Starts the local workspace; with `workspaces`, several (dev, acc, prd) sharing one metastore and
 * one clock, and the answer is the first of them, the others in `workspaces`.
 */
export async function startLocalWorkspace(
  options: LocalWorkspaceOptions = {},
): Promise<LocalWorkspace> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? DEFAULT_TOKEN;
  const info = (line: string) =>
    options.logger ? options.logger.info(line) : options.log?.(line);
  const warn = (line: string) =>
    options.logger ? options.logger.warn(line) : options.log?.(line);
  const specs = workspaceSpecs(options);
  const multiple = Boolean(options.workspaces);
  const saved = options.stateFile
    ? readStateFile(options.stateFile)
    : undefined;
  // a reloaded workspace carries on from the time it was saved at, or now if that is later
  const clock = new EmulatedClock(
    Math.max(Date.now(), saved?.clockMs ?? 0),
    options.timeScale ?? 1,
  );
  const group = new WorkspaceGroup();
  const members = specs.map((spec, i) => {
    let url = '';
    const workspaceOptions = {
      clock,
      configUpdateDelaySeconds: options.configUpdateDelaySeconds ?? 20,
      statementChunkRows: options.statementChunkRows ?? 1000,
      statementExecutionMs: options.statementExecutionMs ?? 0,
      metricsExport: { ...DEFAULT_METRICS_EXPORT, ...options.metricsExport },
      servingSystemTables: options.servingSystemTables ?? false,
      host: () => url,
      ...(multiple
        ? { alias: spec.alias, workspaceId: workspaceIdOf(spec.alias) }
        : {}),
    };
    const state = multiple
      ? group.add(spec.alias, workspaceOptions)
      : new LocalWorkspaceState(workspaceOptions);
    const scenarios = [
      ...(spec.scenarioObjects ?? scenariosOf(spec, i, multiple)),
      ...syntheticScenarios(spec.syntheticModels ?? 0),
    ];
    // in order: a workspace's copied versions need the versions of those before it
    for (const sc of scenarios) state.seed(sc);
    const faults = new FaultInjector();
    for (const f of spec.faults ?? []) faults.add(f);
    return {
      spec,
      state,
      faults,
      models: scenarios.length,
      setUrl: (u: string) => {
        url = u;
      },
    };
  });
  if (saved) {
    if (multiple) group.restore(saved);
    else if (!restoreFirstWorkspace(members[0].state, saved))
      members[0].state.restore(saved);
    info(`local workspace state loaded from ${options.stateFile}`);
  }

  const servers: http.Server[] = [];
  const handles: LocalWorkspace[] = [];
  const stop = async () => {
    if (options.stateFile) {
      // write then rename, so a crash half-way never leaves a torn file behind
      const tmp = `${options.stateFile}.${process.pid}.tmp`;
      fs.writeFileSync(
        tmp,
        JSON.stringify(
          multiple ? group.snapshot() : members[0].state.snapshot(),
        ),
      );
      fs.renameSync(tmp, options.stateFile);
      info(`local workspace state saved to ${options.stateFile}`);
    }
    await Promise.all(
      servers.map(server => {
        server.closeAllConnections();
        return new Promise<void>(resolve => server.close(() => resolve()));
      }),
    );
  };
  try {
    for (const [i, m] of members.entries()) {
      const warehouses = m.spec.warehouses ??
        options.warehouses ?? [
          { id: DEFAULT_WAREHOUSE_ID, name: 'fmlops local warehouse' },
        ];
      const requests = new Map<string, number>();
      let busyMs = 0;
      const app = createApp({
        state: m.state,
        faults: m.faults,
        clock,
        token,
        warehouses,
        // only unexpected failures are logged from requests
        log: warn,
        onRequest: (method, path) => {
          const key = `${method} ${path}`;
          requests.set(key, (requests.get(key) ?? 0) + 1);
        },
        onBusy: ms => {
          busyMs += ms;
        },
      });
      const server = http.createServer(app);
      // stalled requests must not keep the process (or a test) alive
      server.keepAliveTimeout = 5_000;
      const wanted =
        m.spec.port ?? (i === 0 ? DEFAULT_PORT : nextPort(handles[i - 1].port));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(wanted, host, () => resolve());
      });
      servers.push(server);
      const port = (server.address() as AddressInfo).port;
      const url = `http://${host}:${port}`;
      m.setUrl(url);
      info(
        `local Databricks workspace ${
          multiple ? `${m.spec.alias} ` : ''
        }on ${url} with ${m.models} models`,
      );
      handles.push({
        url,
        port,
        token,
        warehouseId: warehouses[0].id,
        clock,
        faults: m.faults,
        state: m.state,
        ...(multiple ? { alias: m.spec.alias } : {}),
        workspaces: handles,
        requests,
        busyMs: () => busyMs,
        totalRequests: () =>
          [...requests.entries()]
            .filter(([k]) => !k.includes(' /__admin'))
            .reduce((sum, [, n]) => sum + n, 0),
        stop,
      });
    }
  } catch (e) {
    // a port taken half-way: the ones started stop again
    await stop().catch(() => undefined);
    throw e;
  }
  return handles[0];
}

/** One spec when it runs alone (the options themselves), else the `workspaces` given. */
function workspaceSpecs(options: LocalWorkspaceOptions): LocalWorkspaceSpec[] {
  if (!options.workspaces) {
    return [
      {
        // its alias is never read: alone, a workspace goes by none
        alias: 'default',
        port: options.port,
        scenarios: options.scenarios,
        scenarioObjects: options.scenarioObjects,
        syntheticModels: options.syntheticModels,
        warehouses: options.warehouses,
        faults: options.faults,
      },
    ];
  }
  if (options.workspaces.length === 0)
    throw new Error('workspaces must name at least one workspace.');
  const aliases = options.workspaces.map(w => w.alias);
  const bad = aliases.find(a => !/^[a-z][a-z0-9_-]{0,31}$/.test(a ?? ''));
  if (bad !== undefined)
    throw new Error(
      `Workspace alias '${bad}' must be lower-case letters, digits, - or _ (e.g. dev, acc, prd).`,
    );
  if (new Set(aliases).size !== aliases.length)
    throw new Error(`Workspace aliases must differ: ${aliases.join(', ')}.`);
  return options.workspaces;
}

/** The port after another; 0 (a free one) stays 0. */
function nextPort(port: number): number {
  return port === 0 ? 0 : port + 1;
}

/** A stable numeric workspace id per alias, as real workspace ids are (`run_workspace_id`). */
function workspaceIdOf(alias: string): number {
  let h = 0;
  for (const c of alias) h = (h * 31 + c.charCodeAt(0)) % 1_000_000;
  return 6_051_921_000_000 + h;
}

function readStateFile(
  file: string,
): WorkspaceSnapshot | WorkspacesSnapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as
      | WorkspaceSnapshot
      | WorkspacesSnapshot;
  } catch (e) {
    throw new Error(
      `The local workspace state file ${file} is not valid JSON (${
        (e as Error).message
      }); move it away to start afresh.`,
    );
  }
}

/**
 * Named scenarios; none named: all built-in, unless only synthetic models were asked for. Of
 * several workspaces, each gets the built-in ones of its alias, and the first the others too.
 */
function scenariosOf(
  spec: LocalWorkspaceSpec,
  index: number,
  multiple: boolean,
): ModelScenario[] {
  if (spec.scenarios) {
    return spec.scenarios.length > 0 ? loadScenarios(spec.scenarios) : [];
  }
  if (spec.syntheticModels) return [];
  if (!multiple) return loadScenarios();
  return [
    ...(index === 0 ? loadScenarios() : []),
    ...environmentScenarios(spec.alias),
  ];
}
