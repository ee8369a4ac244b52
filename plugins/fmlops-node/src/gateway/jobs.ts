import type { jobs } from '@databricks/sdk-experimental';
import {
  DatabricksInvalidRequestError,
  DatabricksNotFoundError,
} from '../errors';
import { WorkspaceCalls } from './calls';
import { capOf, collect, LISTING_CAPS } from './listing';

/** Lakeflow Jobs calls: a job's settings, starting a run and following runs. */
export class JobsCalls {
  constructor(private readonly calls: WorkspaceCalls) {}

  /** The job with its settings (`settings.tags` among them). An unknown id is a DatabricksNotFoundError. */
  async getJob(workspace: string, jobId: string): Promise<jobs.Job> {
    const operation = 'jobs.get';
    const job = Number(jobId);
    if (!Number.isSafeInteger(job) || job < 1) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        `a job id is a positive whole number, got "${jobId}"`,
      );
    }
    try {
      return await this.calls.call(workspace, operation, 'read', (c, ctx) =>
        c.jobs.get({ job_id: job }, ctx),
      );
    } catch (error) {
      // Databricks answers 400 "Job N does not exist."; the Python and Go SDKs map it to not found too
      if (
        error instanceof DatabricksInvalidRequestError &&
        /Job \d+ does not exist/.test(error.message)
      ) {
        throw new DatabricksNotFoundError(
          error.context,
          `job ${jobId} does not exist`,
        );
      }
      throw error;
    }
  }

  /**
   * Starts a job run and returns without waiting for it. The idempotency token makes a repeated
   * call return the run the first one started, so the call is retried safely.
   */
  async runJob(
    workspace: string,
    jobId: string,
    idempotencyToken: string,
    parameters?: Record<string, string>,
  ): Promise<{ runId: string }> {
    const operation = 'jobs.runNow';
    const job = Number(jobId);
    if (!Number.isSafeInteger(job) || job < 1) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        `a job id is a positive whole number, got "${jobId}"`,
      );
    }
    if (!idempotencyToken || idempotencyToken.length > 64) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation },
        'an idempotency token of 1 to 64 characters is required',
      );
    }
    return this.calls.call(
      workspace,
      operation,
      'idempotent',
      async (c, ctx) => {
        const started = await c.jobs.runNow(
          {
            job_id: job,
            idempotency_token: idempotencyToken,
            ...(parameters ? { job_parameters: parameters } : {}),
          },
          ctx,
        );
        return { runId: String(started.run_id) };
      },
    );
  }

  getJobRun(workspace: string, runId: string): Promise<jobs.Run> {
    return this.calls.call(workspace, 'jobs.getRun', 'read', (c, ctx) =>
      c.jobs.getRun({ run_id: Number(runId) }, ctx),
    );
  }

  /**
   * Cancels a run without waiting for it to end. Cancelling a run that already ended is a no-op on
   * Databricks (Jobs API 2.1 runs/cancel), so the call is repeated safely.
   */
  cancelJobRun(workspace: string, runId: string): Promise<void> {
    return this.calls.call(
      workspace,
      'jobs.cancelRun',
      'idempotent',
      async (c, ctx) => {
        await c.jobs.cancelRun({ run_id: Number(runId) }, ctx);
      },
    );
  }

  /** The job's most recent runs first, up to `limit` (at most LISTING_CAPS.jobRuns). */
  async listJobRuns(
    workspace: string,
    jobId: string,
    limit: number,
  ): Promise<jobs.BaseRun[]> {
    const operation = 'jobs.listRuns';
    const max = capOf({ workspace, operation }, limit, LISTING_CAPS.jobRuns);
    return this.calls.call(workspace, operation, 'read', (c, ctx) =>
      collect(
        c.jobs.listRuns(
          { job_id: Number(jobId), limit: Math.min(max, 25) },
          ctx,
        ),
        max,
      ),
    );
  }
}
