import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
  ServingScrape,
} from '@fmlops/backstage-plugin-fmlops-node';
import type { ServingSample } from '@fmlops/backstage-plugin-fmlops-common';
import {
  compareHistograms,
  DriftComparison,
  DistributionBin,
  DriftThresholds,
  driftStatus,
  EnvironmentStatus,
  resolveDriftThresholds,
  FeatureComparison,
  JobRunSummary,
  ModelOverview,
  MonitoringPolicy,
  PipelineHealth,
  PortfolioItem,
  Section,
  TournamentMetric,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ModelReader } from '../service/ReadPath';
import {
  environmentRefs,
  everyEnvironment,
  ResolvedModel,
} from '../service/ModelCatalog';
import {
  aliasesByVersion,
  DriftRow,
  toDriftState,
  toJobRunSummary,
  toPipelineHealth,
  championOf,
  toRegistryState,
  toServingState,
  toTournamentState,
} from './mappers';
import {
  environmentStatus,
  overviewHealth,
  portfolioItem,
  PortfolioObservations,
} from './health';
import { quoteTable, UC_TABLE } from './ucTable';

/** What the read path needs from Databricks; the gateway service provides it. */
export interface DatabricksReadPort {
  workspaceHost(workspace: string): string;
  getServingEndpoint(
    workspace: string,
    name: string,
  ): Promise<serving.ServingEndpointDetailed>;
  listServingEndpoints(workspace: string): Promise<serving.ServingEndpoint[]>;
  /** the metrics export as per-minute samples per served entity */
  servingMetrics(workspace: string, name: string): Promise<ServingScrape>;
  getRegisteredModel(
    workspace: string,
    fullName: string,
  ): Promise<catalog.RegisteredModelInfo>;
  listModelVersions(
    workspace: string,
    fullName: string,
  ): Promise<catalog.ModelVersionInfo[]>;
  searchRuns(
    workspace: string,
    request: {
      experimentIds: string[];
      filter?: string;
      orderBy?: string[];
      maxResults: number;
    },
  ): Promise<ml.Run[]>;
  getPipeline(
    workspace: string,
    pipelineId: string,
  ): Promise<pipelines.GetPipelineResponse>;
  listPipelineEvents(
    workspace: string,
    pipelineId: string,
    maxEvents: number,
  ): Promise<pipelines.PipelineEvent[]>;
  listJobRuns(
    workspace: string,
    jobId: string,
    limit: number,
  ): Promise<jobs.BaseRun[]>;
  executeSql(
    workspace: string,
    statement: string,
    parameters?: Array<{ name: string; value: string; type?: string }>,
  ): Promise<Array<Record<string, unknown>>>;
}

export interface ReaderOptions {
  driftTrendWindows: number;
  tournamentHistory: number;
  recentJobRuns: number;
  /** the primary metric of a model (from its policy) */
  primaryMetric: (model: ResolvedModel) => TournamentMetric;
  driftThresholds?: Partial<DriftThresholds>;
  /** what counts as healthy for a model (from its policy) */
  monitoring: (model: ResolvedModel) => MonitoringPolicy;
  /** the per-minute serving samples kept for the model's endpoint, per model version */
  keptServingSamples?: (
    model: ResolvedModel,
  ) => Promise<Record<string, ServingSample[]>>;
  now?: () => Date;
  /** drift tables read by one portfolio statement (1000 when absent) */
  driftTablesPerStatement?: number;
}

function reasonOf(error: unknown): { reason: string; code?: string } {
  const e = error as { message?: string; errorCode?: string; code?: string };
  return { reason: e?.message ?? String(error), code: e?.errorCode ?? e?.code };
}

/**
 * The statement ran and Databricks refused its content (a table missing or not readable), as
 * opposed to a workspace or warehouse that is down, where splitting the statement cannot help.
 */
function aboutTheStatement(error: unknown): boolean {
  return (
    error instanceof InputError ||
    error instanceof NotFoundError ||
    error instanceof NotAllowedError
  );
}

/**
 * Reads a section on its own: a failure becomes an `unavailable` section, not a failed page.
 * The error is kept in `failures` when given.
 */
async function readSection<T>(
  read: () => Promise<T>,
  failures?: unknown[],
): Promise<Section<T>> {
  try {
    return { status: 'ok', data: await read() };
  } catch (error) {
    failures?.push(error);
    return { status: 'unavailable', ...reasonOf(error) };
  }
}

const notConfigured = (annotation: string): Section<never> => ({
  status: 'not-configured',
  reason: `the entity has no ${annotation} annotation`,
});

/** A model environment's pipeline and recent job runs, as the model page shows them. */
export interface ModelActivity {
  pipeline: Section<PipelineHealth>;
  jobs: Section<JobRunSummary[]>;
}

/** Whether the model names a pipeline or a job whose state is read one model at a time. */
export function hasActivity(model: ResolvedModel): boolean {
  const c = model.coordinates;
  return !!(c.dltPipelineId || c.tournamentJobId || c.driftJobId);
}

/** Reads a model's MLOps state from Databricks through the gateway, section by section. */
export class DatabricksModelReader implements ModelReader {
  constructor(
    private readonly port: DatabricksReadPort,
    private readonly options: ReaderOptions,
  ) {}

  async overview(
    model: ResolvedModel,
  ): Promise<Omit<ModelOverview, 'freshness'>> {
    const { workspace, ucModel, servingEndpoint } = model.coordinates;
    const c = model.coordinates;
    const failures: unknown[] = [];
    const section = <T>(read: () => Promise<T>) => readSection(read, failures);
    // the registry feeds the serving section's aliases: read it first, in parallel with the rest
    const registryRead = Promise.all([
      this.port.getRegisteredModel(workspace, ucModel),
      this.port.listModelVersions(workspace, ucModel),
    ]);
    const registry = section(async () => {
      const [info, versions] = await registryRead;
      return toRegistryState(
        ucModel,
        info,
        versions,
        model.environments.map(e => ({
          name: e.name,
          ucModel: e.coordinates.ucModel,
        })),
      );
    });
    const serving = section(async () => {
      const [endpoint, metrics, info, kept] = await Promise.all([
        this.port.getServingEndpoint(workspace, servingEndpoint),
        this.port
          .servingMetrics(workspace, servingEndpoint)
          .catch(() => undefined),
        registryRead.then(([i]) => i).catch(() => undefined),
        // the chart is a nicety: without the kept minutes the section still renders
        this.options.keptServingSamples?.(model).catch(() => ({})),
      ]);
      return toServingState(endpoint, aliasesByVersion(info), metrics, kept);
    });
    const tournament = c.mlflowExperiment
      ? section(() => this.tournaments(model))
      : Promise.resolve(notConfigured('databricks.com/mlflow-experiment'));
    const drift = c.driftTable
      ? section(() => this.drift(workspace, c.driftTable!))
      : Promise.resolve(notConfigured('databricks.com/drift-table'));
    const pipeline = this.pipeline(model);
    const jobRuns = this.jobRuns(model);
    const sections = {
      serving: await serving,
      registry: await registry,
      tournament: await tournament,
      drift: await drift,
      pipeline: await pipeline,
      jobs: await jobRuns,
    };
    const attempted = Object.values(sections).filter(
      x => x.status !== 'not-configured',
    );
    if (
      attempted.every(x => x.status === 'unavailable') &&
      !failures.every(aboutTheStatement)
    ) {
      // nothing could be read: the workspace is down, so the last good overview (stale) is better.
      // When Databricks answered that nothing is there (an environment not deployed yet), the
      // overview says so section by section instead.
      const first = attempted[0] as { reason: string };
      throw new ServiceUnavailableError(
        `Databricks could not be read: ${first.reason}`,
      );
    }
    return {
      entityRef: model.entityRef,
      environment: model.environment,
      environments: environmentRefs(model),
      coordinates: model.coordinates,
      ...sections,
      health: overviewHealth(sections, this.healthContext(model)),
    };
  }

  private healthContext(model: ResolvedModel) {
    return {
      monitoring: this.options.monitoring(model),
      now: this.options.now?.() ?? new Date(),
      driftThresholds: this.options.driftThresholds,
    };
  }

  /** A model's pipeline and job runs: the per-model reads the portfolio takes from the activity board. */
  async activity(model: ResolvedModel): Promise<ModelActivity> {
    const [pipeline, jobs] = await Promise.all([
      this.pipeline(model),
      this.jobRuns(model),
    ]);
    return { pipeline, jobs };
  }

  private pipeline(model: ResolvedModel): Promise<Section<PipelineHealth>> {
    const { workspace, dltPipelineId } = model.coordinates;
    if (!dltPipelineId) {
      return Promise.resolve(notConfigured('databricks.com/dlt-pipeline-id'));
    }
    return readSection(async () => {
      const [p, events] = await Promise.all([
        this.port.getPipeline(workspace, dltPipelineId),
        this.port.listPipelineEvents(workspace, dltPipelineId, 200),
      ]);
      return toPipelineHealth(p, events);
    });
  }

  private jobRuns(model: ResolvedModel): Promise<Section<JobRunSummary[]>> {
    const c = model.coordinates;
    const jobIds: Array<[string, JobRunSummary['role']]> = [];
    if (c.tournamentJobId) jobIds.push([c.tournamentJobId, 'tournament']);
    if (c.driftJobId) jobIds.push([c.driftJobId, 'drift']);
    if (jobIds.length === 0) {
      return Promise.resolve(notConfigured('databricks.com/tournament-job-id'));
    }
    return readSection(async () => {
      const lists = await Promise.all(
        jobIds.map(async ([id, role]) =>
          (
            await this.port.listJobRuns(
              c.workspace,
              id,
              this.options.recentJobRuns,
            )
          ).map(r => toJobRunSummary(r, role)),
        ),
      );
      return lists
        .flat()
        .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''));
    });
  }

  private async tournaments(model: ResolvedModel) {
    const { workspace, mlflowExperiment } = model.coordinates;
    const runs = await this.port.searchRuns(workspace, {
      experimentIds: [mlflowExperiment!],
      filter: "tags.`fmlops.tournament_id` != ''",
      orderBy: ['attributes.start_time DESC'],
      // four algorithms per tournament
      maxResults: this.options.tournamentHistory * 8,
    });
    const host = this.port.workspaceHost(workspace).replace(/\/$/, '');
    return toTournamentState(
      runs,
      this.options.primaryMetric(model),
      run =>
        `${host}/ml/experiments/${
          run.info?.experiment_id ?? mlflowExperiment
        }/runs/${run.info?.run_id}`,
      this.options.tournamentHistory,
    );
  }

  private async drift(workspace: string, table: string) {
    const rows = await this.port.executeSql(
      workspace,
      `SELECT window_start, window_end, feature, feature_type, psi, js_divergence, js_distance, status
       FROM ${quoteTable(table)}
       WHERE window_start IN (
         SELECT DISTINCT window_start FROM ${quoteTable(
           table,
         )} ORDER BY window_start DESC LIMIT :windows
       )
       ORDER BY window_start, feature`,
      [
        {
          name: 'windows',
          value: String(this.options.driftTrendWindows),
          type: 'INT',
        },
      ],
    );
    const state = toDriftState(
      rows as unknown as DriftRow[],
      this.options.driftThresholds,
    );
    state.thresholds = resolveDriftThresholds(this.options.driftThresholds);
    if (state.latest) {
      const distributions = await this.distributions(
        workspace,
        table,
        state.latest.windowStart,
      );
      for (const feature of state.latest.features) {
        feature.distribution = distributions.get(feature.feature);
      }
    }
    return state;
  }

  /**
   * Per feature, the reference and current counts of a window from the drift job's histograms
   * table; none when the job keeps no histograms (the drift table alone is the contract's minimum).
   */
  private async distributions(
    workspace: string,
    table: string,
    windowStart: string,
  ): Promise<Map<string, DistributionBin[]>> {
    const out = new Map<string, DistributionBin[]>();
    const rows = await this.port
      .executeSql(
        workspace,
        `SELECT feature, bin_index, bin_label, bin_lower, bin_upper, reference_count, current_count
         FROM ${quoteTable(`${table}_histograms`)}
         WHERE window_start = :window_start
         ORDER BY feature, bin_index`,
        [{ name: 'window_start', value: windowStart, type: 'TIMESTAMP' }],
      )
      .catch(() => []);
    for (const row of rows) {
      const feature = String(row.feature);
      const lower = row.bin_lower === null ? undefined : Number(row.bin_lower);
      const upper = row.bin_upper === null ? undefined : Number(row.bin_upper);
      out.set(feature, [
        ...(out.get(feature) ?? []),
        {
          label: String(row.bin_label ?? row.bin_index),
          ...(lower !== undefined && !Number.isNaN(lower) ? { lower } : {}),
          ...(upper !== undefined && !Number.isNaN(upper) ? { upper } : {}),
          reference: Number(row.reference_count ?? 0),
          current: Number(row.current_count ?? 0),
        },
      ]);
    }
    return out;
  }

  /**
   * Every model at once, from batch reads only: per workspace one endpoint list and one SQL
   * statement per 1,000 drift tables, whichever models and environments live there. Pipelines and
   * job runs have no batch read, so they come from `activityOf`, what is known of each (undefined:
   * not read yet). A model's row is its default environment's, with every environment's status
   * beside it.
   */
  async portfolio(
    models: ResolvedModel[],
    activityOf: (model: ResolvedModel) => ModelActivity | undefined,
  ): Promise<PortfolioItem[]> {
    const perModel = models.map(everyEnvironment);
    const items = await this.environmentItems(perModel.flat(), activityOf);
    let next = 0;
    return models.map((model, m) => {
      const own = items.slice(next, next + perModel[m].length);
      next += perModel[m].length;
      const top =
        own[perModel[m].findIndex(e => e.environment === model.environment)];
      return {
        ...top,
        environments: own.map((item, i) =>
          environmentStatus(perModel[m][i].environment, item),
        ),
      };
    });
  }

  /**
   * Every environment of a model in promotion order, each with its health judged as the portfolio
   * judges it and the version its `champion` alias names.
   */
  async environments(model: ResolvedModel): Promise<EnvironmentStatus[]> {
    const envs = everyEnvironment(model);
    const [items, champions] = await Promise.all([
      this.environmentItems(envs, m => this.activity(m)),
      Promise.all(
        envs.map(e =>
          this.port
            .getRegisteredModel(e.coordinates.workspace, e.coordinates.ucModel)
            .then(
              info => championOf(info),
              () => undefined,
            ),
        ),
      ),
    ]);
    return items.map((item, i) => ({
      ...environmentStatus(envs[i].environment, item),
      ...(champions[i] ? { championVersion: champions[i] } : {}),
    }));
  }

  /** The portfolio row of each model (in its environment), in the order given. */
  private async environmentItems(
    models: ResolvedModel[],
    activityOf: (
      model: ResolvedModel,
    ) => ModelActivity | undefined | Promise<ModelActivity | undefined>,
  ): Promise<PortfolioItem[]> {
    const byWorkspace = new Map<string, number[]>();
    for (const [i, m] of models.entries()) {
      const list = byWorkspace.get(m.coordinates.workspace) ?? [];
      list.push(i);
      byWorkspace.set(m.coordinates.workspace, list);
    }
    const items: PortfolioItem[] = new Array(models.length);
    await Promise.all(
      [...byWorkspace].map(async ([workspace, indexes]) => {
        const group = indexes.map(i => models[i]);
        const [endpoints, drift] = await Promise.all([
          this.port.listServingEndpoints(workspace).then(
            list => ({
              ok: true as const,
              byName: new Map(list.map(e => [e.name ?? '', e])),
            }),
            error => ({ ok: false as const, ...reasonOf(error) }),
          ),
          this.latestDrift(workspace, group),
        ]);
        const activities = await Promise.all(
          group.map(model =>
            hasActivity(model) ? activityOf(model) : undefined,
          ),
        );
        for (const [g, model] of group.entries()) {
          items[indexes[g]] = portfolioItem(
            model,
            {
              ...(activities[g] ?? {
                activityPending: hasActivity(model),
              }),
              endpoint: endpoints.ok
                ? {
                    found: endpoints.byName.get(
                      model.coordinates.servingEndpoint,
                    ),
                  }
                : { error: endpoints.reason },
              drift: model.coordinates.driftTable
                ? drift.get(model.coordinates.driftTable) ?? {}
                : {},
            },
            this.healthContext(model),
          );
        }
      }),
    );
    return items;
  }

  /**
   * The newest window of every drift table, with its worst feature: one statement per
   * `tablesPerStatement` tables. A statement that fails is split in halves until the tables that
   * cannot be read are alone, so one bad table marks only its own models (two more statements per
   * halving), never the whole workspace. A workspace that is down fails every model's drift at once.
   */
  private async latestDrift(
    workspace: string,
    models: ResolvedModel[],
  ): Promise<Map<string, PortfolioObservations['drift']>> {
    const tables = [
      ...new Set(
        models
          .map(m => m.coordinates.driftTable)
          .filter((t): t is string => !!t && UC_TABLE.test(t)),
      ),
    ];
    const out = new Map<string, PortfolioObservations['drift']>();
    const read = async (group: string[]): Promise<void> => {
      try {
        for (const [table, latest] of await this.latestDriftOf(
          workspace,
          group,
        )) {
          out.set(table, { latest });
        }
      } catch (error) {
        if (group.length === 1 || !aboutTheStatement(error)) {
          for (const table of group) {
            out.set(table, { error: reasonOf(error).reason });
          }
          return;
        }
        const half = Math.ceil(group.length / 2);
        await Promise.all([
          read(group.slice(0, half)),
          read(group.slice(half)),
        ]);
      }
    };
    const size = this.options.driftTablesPerStatement ?? 1000;
    const chunks: string[][] = [];
    for (let i = 0; i < tables.length; i += size) {
      chunks.push(tables.slice(i, i + size));
    }
    await Promise.all(chunks.map(read));
    return out;
  }

  private async latestDriftOf(workspace: string, tables: string[]) {
    const statement = tables
      .map(
        t =>
          `SELECT '${t}' AS drift_table, window_start, MAX(psi) AS max_psi, MAX(js_distance) AS max_js_distance
           FROM ${quoteTable(t)}
           WHERE window_start = (SELECT MAX(window_start) FROM ${quoteTable(t)})
           GROUP BY window_start`,
      )
      .join('\nUNION ALL\n');
    const rows = await this.port.executeSql(workspace, statement);
    return rows.map(
      row =>
        [
          String(row.drift_table),
          {
            windowStart: new Date(String(row.window_start)).toISOString(),
            maxPsi: Number(row.max_psi),
            maxJsDistance: Number(row.max_js_distance),
          },
        ] as const,
    );
  }

  async compareDrift(
    model: ResolvedModel,
    from: string,
    to: string,
  ): Promise<DriftComparison> {
    const table = quoteTable(`${model.coordinates.driftTable}_histograms`);
    const rows = await this.port.executeSql(
      model.coordinates.workspace,
      `SELECT window_start, feature, bin_index, bin_label, bin_lower, current_count
       FROM ${table}
       WHERE window_start IN (:from_window, :to_window)
       ORDER BY feature, bin_index`,
      [
        { name: 'from_window', value: from, type: 'TIMESTAMP' },
        { name: 'to_window', value: to, type: 'TIMESTAMP' },
      ],
    );
    const fromMs = Date.parse(from);
    const byFeature = new Map<
      string,
      Map<
        number,
        { label: string; categorical: boolean; from: number; to: number }
      >
    >();
    const seen = { from: false, to: false };
    for (const row of rows) {
      const isFrom = Date.parse(String(row.window_start)) === fromMs;
      const isTo = Date.parse(String(row.window_start)) === Date.parse(to);
      seen.from ||= isFrom;
      seen.to ||= isTo;
      const feature = String(row.feature);
      const bins = byFeature.get(feature) ?? new Map();
      const index = Number(row.bin_index);
      const bin = bins.get(index) ?? {
        label: String(row.bin_label ?? index),
        // categories have no numeric edges
        categorical: row.bin_lower === null || row.bin_lower === undefined,
        from: 0,
        to: 0,
      };
      if (isFrom) bin.from += Number(row.current_count);
      if (isTo) bin.to += Number(row.current_count);
      bins.set(index, bin);
      byFeature.set(feature, bins);
    }
    const missing = [!seen.from && from, !seen.to && to].filter(Boolean);
    if (missing.length > 0) {
      throw new NotFoundError(
        `No drift window starting at ${missing.join(' or ')} for ${
          model.entityRef
        }`,
      );
    }
    const features: FeatureComparison[] = [...byFeature].map(
      ([feature, binMap]) => {
        const bins = [...binMap.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([, b]) => b);
        const measures = compareHistograms(
          bins.map(b => b.from),
          bins.map(b => b.to),
          { thresholds: this.options.driftThresholds },
        );
        return {
          feature,
          featureType: bins.some(b => b.categorical)
            ? 'categorical'
            : 'numerical',
          psi: measures.psi,
          jsDivergence: measures.js.divergence,
          jsDistance: measures.js.distance,
          status: driftStatus(
            { psi: measures.psi, jsDistance: measures.js.distance },
            this.options.driftThresholds,
          ),
          bins: bins.map(b => ({
            label: b.label,
            fromCount: b.from,
            toCount: b.to,
          })),
        };
      },
    );
    return { entityRef: model.entityRef, from, to, features };
  }
}
