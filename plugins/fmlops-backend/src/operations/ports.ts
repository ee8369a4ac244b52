import type { catalog, jobs, ml } from '@fmlops/backstage-plugin-fmlops-node';
import { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';
import { DatabricksReadPort } from '../read/DatabricksModelReader';

/** What operations need from Databricks, on top of the read path; the gateway service provides it. */
export interface DatabricksOpsPort extends DatabricksReadPort {
  getRun(workspace: string, runId: string): Promise<ml.Run>;
  /**
   * Sets the endpoint's traffic to these model versions (served entities are added from the
   * existing ones' settings, versions without traffic are dropped). Idempotent.
   */
  updateServingRoutes(
    workspace: string,
    endpoint: string,
    ucModel: string,
    routes: TrafficRoute[],
  ): Promise<void>;
  setAlias(
    workspace: string,
    fullName: string,
    alias: string,
    version: string,
  ): Promise<void>;
  deleteAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<void>;
  runJob(
    workspace: string,
    jobId: string,
    idempotencyToken: string,
    parameters?: Record<string, string>,
  ): Promise<{ runId: string }>;
  getModelVersion(
    workspace: string,
    fullName: string,
    version: string,
  ): Promise<catalog.ModelVersionInfo>;
  /** a model version's MLflow tags (a copy's lineage) */
  getModelVersionTags(
    workspace: string,
    fullName: string,
    version: string,
  ): Promise<Record<string, string>>;
  getJobRun(workspace: string, runId: string): Promise<jobs.Run>;
  /** Cancels a run; repeating it, or cancelling an ended run, is harmless. */
  cancelJobRun(workspace: string, runId: string): Promise<void>;
}
