import type { jobs } from '@databricks/sdk-experimental';
import { ApiError, invalid } from '../domain/errors';
import { Random } from '../domain/random';
import { appendNextDriftWindow } from './driftWindows';
import {
  JobRunState,
  JobState,
  ModelRuntime,
  TimeDriven,
  WorkspaceStore,
} from './store';
import {
  copyModelVersion,
  GeneratedPromotionTask,
  PROMOTION_PARAMETERS,
  TaskFailure,
} from './promotion';
import { logTournament } from './tournaments';
import { nextVersion, versionInfo } from './unityCatalog';

/**
 * Jobs: the scenarios' tournament, drift and promotion jobs, run-now (idempotent by token, with
 * `job_parameters`), cancel, and each run's life cycle by its age in emulated time. A successful
 * tournament run registers its winner as the next Unity Catalog version, alias `challenger`; a
 * drift run appends one drift window; a promotion run copies a version (services/promotion.ts).
 */

/** The task each kind of job runs, as its settings and failures name it. */
const TASK_KEY: Record<JobState['role'], string> = {
  tournament: 'select_winner',
  drift: 'compute_drift',
  promotion: 'copy_model_version',
  other: 'main',
};

/** Jobs 2.2's `status.state` of a life-cycle state; the others read RUNNING. */
const STATUS_OF: Partial<Record<jobs.RunLifeCycleState, string>> = {
  TERMINATED: 'TERMINATED',
  QUEUED: 'QUEUED',
  PENDING: 'PENDING',
};
/** `termination_details.code` of a result; the others read RUN_EXECUTION_ERROR. */
const TERMINATION_CODE: Partial<Record<jobs.RunResultState, string>> = {
  SUCCESS: 'SUCCESS',
  CANCELED: 'CANCELED',
};

export class JobsService implements TimeDriven {
  constructor(private readonly store: WorkspaceStore) {}

  /** Ends the runs whose time has come, and applies what they leave behind. */
  catchUp(now: number): void {
    for (const run of this.store.jobRuns.values()) {
      this.settleRun(run, now);
    }
  }

  private job(id: number): JobState {
    const j = this.store.jobs.get(id);
    if (!j)
      throw new ApiError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Job ${id} does not exist.`,
      );
    return j;
  }

  listJobs(): jobs.BaseJob[] {
    return [...this.store.jobs.values()].map(j => this.jobView(j));
  }

  getJob(id: number): jobs.Job {
    return this.jobView(this.job(id));
  }

  private jobView(j: JobState): jobs.Job {
    if (j.settings) {
      // a bundle-deployed job: its settings as declared, with the tags the portal reads
      return {
        job_id: j.id,
        creator_user_name: 'fmlops-local@fmlops.example',
        created_time: j.createdAt,
        settings: { ...j.settings, name: j.name, tags: { ...j.tags } },
      };
    }
    return {
      job_id: j.id,
      creator_user_name: 'ml-platform@fmlops.example',
      created_time: j.createdAt,
      settings: {
        name: j.name,
        max_concurrent_runs: 1,
        tags: {
          'fmlops.role': j.role,
          ...(j.model ? { 'fmlops.model': j.model.scenario.ucModel } : {}),
          ...j.tags,
        },
        tasks: [{ task_key: TASK_KEY[j.role] }],
        ...(j.role === 'promotion'
          ? { parameters: this.promotionParameters(j) }
          : {}),
      },
    };
  }

  /**
   * The promotion job's parameters: a bundle-deployed job's as it declares them (`parameters`,
   * defaults resolved), else the seeded job's, the model it belongs to the default target.
   */
  private promotionParameters(j: JobState): jobs.JobParameterDefinition[] {
    if (j.settings?.parameters) {
      return j.settings.parameters.map(p => ({
        name: p.name,
        default: String(p.default ?? ''),
      }));
    }
    return PROMOTION_PARAMETERS.map(name => ({
      name,
      default:
        name === 'target_model' && j.model ? j.model.scenario.ucModel : '',
    }));
  }

  /** run-now; the same idempotency token returns the run it started before, as the real API does. */
  runNow(body: jobs.RunNow): jobs.RunNowResponse {
    this.store.tick();
    const job = this.job(Number(body.job_id));
    const parameters = body.job_parameters;
    if (
      parameters !== undefined &&
      (typeof parameters !== 'object' ||
        parameters === null ||
        Array.isArray(parameters) ||
        Object.values(parameters).some(v => typeof v !== 'string'))
    ) {
      throw invalid('job_parameters must map parameter names to strings.');
    }
    if (body.idempotency_token) {
      const existing = [...this.store.jobRuns.values()].find(
        r =>
          r.jobId === job.id && r.idempotencyToken === body.idempotency_token,
      );
      if (existing)
        return { run_id: existing.runId, number_in_job: existing.runId };
    }
    const runId = this.store.nextRunId++;
    this.store.jobRuns.set(runId, {
      runId,
      jobId: job.id,
      idempotencyToken: body.idempotency_token,
      createdAt: this.store.now(),
      fails: job.failNext,
      effectsApplied: false,
      ...(parameters ? { parameters: { ...parameters } } : {}),
    });
    job.failNext = false;
    return { run_id: runId, number_in_job: runId };
  }

  failNextRun(jobId: number) {
    this.job(jobId).failNext = true;
  }

  cancelRun(runId: number) {
    const run = this.store.jobRuns.get(runId);
    if (!run) throw invalid(`Run ${runId} does not exist.`);
    if (!run.resultState) run.cancelledAt = this.store.now();
  }

  /** A run's life cycle from its age: queued, pending, running, terminating, terminated. */
  private lifeCycle(
    run: JobRunState,
    now: number,
  ): { state: jobs.RunLifeCycleState; result?: jobs.RunResultState } {
    if (run.resultState)
      return { state: 'TERMINATED', result: run.resultState };
    const job = this.store.jobs.get(run.jobId)!;
    const age = (run.cancelledAt ?? now) - run.createdAt;
    if (run.cancelledAt !== undefined)
      return { state: 'TERMINATED', result: 'CANCELED' };
    if (age < 5_000) return { state: 'QUEUED' };
    if (age < 30_000) return { state: 'PENDING' };
    if (age < 30_000 + job.durationMs) return { state: 'RUNNING' };
    if (age < 40_000 + job.durationMs) return { state: 'TERMINATING' };
    return { state: 'TERMINATED', result: run.fails ? 'FAILED' : 'SUCCESS' };
  }

  /** Ends a run once it has terminated; a successful one leaves its job's results behind. */
  private settleRun(run: JobRunState, now: number) {
    if (run.effectsApplied) return;
    const { state, result } = this.lifeCycle(run, now);
    if (state !== 'TERMINATED') return;
    run.resultState = result;
    run.effectsApplied = true;
    const job = this.store.jobs.get(run.jobId)!;
    if (result !== 'SUCCESS') return;
    if (job.role === 'promotion') {
      this.copyVersion(run, job);
      return;
    }
    if (!job.model) return;
    if (job.role === 'tournament') {
      this.registerChallenger(run, job, job.model);
    } else if (job.role === 'drift') {
      appendNextDriftWindow(this.store, job.model, now);
    }
  }

  /** The promotion run's copy, at the time the run ended; bad parameters fail the run. */
  private copyVersion(run: JobRunState, job: JobState) {
    const defaults = Object.fromEntries(
      this.promotionParameters(job).map(p => [p.name, p.default]),
    );
    try {
      copyModelVersion(
        this.store,
        { ...defaults, ...run.parameters },
        run.createdAt + 30_000 + job.durationMs,
        generatedTaskOf(job),
      );
    } catch (e) {
      if (!(e instanceof TaskFailure)) throw e;
      run.resultState = 'FAILED';
      run.message = `Task copy_model_version failed: ${e.message}`;
    }
  }

  /**
   * Logs the run's tournament and registers its winner as the next version, alias `challenger`;
   * the scenario decides whether the winner beats the champion's PR AUC.
   */
  private registerChallenger(
    run: JobRunState,
    job: JobState,
    runtime: ModelRuntime,
  ) {
    const s = runtime.scenario;
    const model = this.store.models.get(s.ucModel)!;
    const champion = model.aliases.get('champion');
    const championPrAuc =
      s.versions.find(v => v.version === champion)?.prAuc ?? 0.75;
    const rng = new Random(`${s.seed}:run:${run.runId}`);
    const winnerPrAuc = s.nextChallengerBetter
      ? Math.min(0.97, championPrAuc + 0.015 + 0.02 * rng.next())
      : Math.max(0.3, championPrAuc - 0.04 - 0.03 * rng.next());
    const finishedAt = run.createdAt + 30_000 + job.durationMs;
    const winnerRunId = logTournament(
      this.store.runs,
      runtime,
      finishedAt - job.durationMs,
      winnerPrAuc,
      rng,
      String(run.runId),
    );
    const version = nextVersion(model);
    model.versions.set(
      version,
      versionInfo(
        model,
        version,
        winnerRunId,
        finishedAt,
        this.store.options.workspaceId,
      ),
    );
    s.versions.push({ version, prAuc: winnerPrAuc });
    model.aliases.set('challenger', version);
  }

  getJobRun(runId: number): jobs.Run {
    this.store.tick();
    const run = this.store.jobRuns.get(runId);
    if (!run) throw invalid(`Run ${runId} does not exist.`);
    return this.runView(run);
  }

  private runView(run: JobRunState): jobs.Run {
    const job = this.store.jobs.get(run.jobId)!;
    const { state, result } = this.lifeCycle(run, this.store.now());
    const started = run.createdAt + 5_000;
    const ended =
      state === 'TERMINATED'
        ? run.cancelledAt ?? run.createdAt + 40_000 + job.durationMs
        : undefined;
    return {
      job_id: job.id,
      run_id: run.runId,
      number_in_job: run.runId,
      run_name: job.name,
      creator_user_name: 'fmlops@fmlops.example',
      start_time: started,
      end_time: ended ?? 0,
      setup_duration: 25_000,
      run_type: 'JOB_RUN',
      trigger: 'ONE_TIME',
      ...(job.role === 'promotion'
        ? {
            job_parameters: this.promotionParameters(job).map(p => ({
              ...p,
              value: run.parameters?.[p.name!] ?? p.default,
            })),
          }
        : {}),
      run_page_url: `${this.store.options.host()}/#job/${job.id}/run/${
        run.runId
      }`,
      state: {
        life_cycle_state: state,
        ...(result ? { result_state: result } : {}),
        state_message:
          result === 'FAILED'
            ? run.message ??
              `Task ${TASK_KEY[job.role]} failed with an exception.`
            : '',
        user_cancelled_or_timedout: result === 'CANCELED',
      },
      status: {
        state: STATUS_OF[state] ?? 'RUNNING',
        ...(result
          ? {
              termination_details: {
                code: TERMINATION_CODE[result] ?? 'RUN_EXECUTION_ERROR',
                type: result === 'SUCCESS' ? 'SUCCESS' : 'CLIENT_ERROR',
              },
            }
          : {}),
      } as jobs.RunStatus,
    };
  }

  listRuns(query: {
    job_id?: number;
    active_only?: boolean;
    completed_only?: boolean;
    limit?: number;
    page_token?: string;
  }): jobs.ListRunsResponse {
    this.store.tick();
    const limit = query.limit ?? 25;
    if (!Number.isInteger(limit) || limit < 1 || limit > 25)
      throw invalid(`limit must be between 1 and 25, got ${limit}.`);
    const offset = query.page_token
      ? Number(Buffer.from(query.page_token, 'base64').toString('utf8'))
      : 0;
    let list = [...this.store.jobRuns.values()].filter(
      r => query.job_id === undefined || r.jobId === query.job_id,
    );
    if (query.job_id !== undefined && !this.store.jobs.has(query.job_id))
      throw invalid(`Job ${query.job_id} does not exist.`);
    const now = this.store.now();
    if (query.active_only)
      list = list.filter(r => this.lifeCycle(r, now).state !== 'TERMINATED');
    if (query.completed_only)
      list = list.filter(r => this.lifeCycle(r, now).state === 'TERMINATED');
    list.sort((a, b) => b.createdAt - a.createdAt);
    const page = list.slice(offset, offset + limit);
    const more = offset + limit < list.length;
    return {
      runs: page.map(r => this.runView(r)),
      has_more: more,
      ...(more
        ? {
            next_page_token: Buffer.from(String(offset + limit)).toString(
              'base64',
            ),
          }
        : {}),
    };
  }
}

/**
 * A bundle-deployed promotion job's task, when it is the generated project's (it passes
 * `--allowed-target-model`, the one model a run may copy into: a run in one environment cannot
 * write into another's catalog).
 */
function generatedTaskOf(job: JobState): GeneratedPromotionTask | undefined {
  for (const task of job.settings?.tasks ?? []) {
    const parameters = task.spark_python_task?.parameters ?? [];
    const at = parameters.indexOf('--allowed-target-model');
    if (at >= 0 && parameters[at + 1])
      return { allowedTarget: parameters[at + 1] };
  }
  return undefined;
}
