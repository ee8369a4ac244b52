import type { jobs } from '@databricks/sdk-experimental';
import { ResolvedBundle, ResourceSpec } from '../../domain/bundle';
import { MINUTE } from '../../domain/clock';
import {
  BundleDeploymentRecord,
  JobState,
  ModelRuntime,
  WorkspaceStore,
} from '../store';

/** Jobs of a bundle: their ids, their settings as declared, their kind, and their recorded runs. */

const FIRST_DEPLOYED_JOB_ID = 700_000_000_000;

/** The jobs' ids first (job settings refer to other jobs by id): a redeploy keeps the ones it made. */
export function jobIdsOf(
  store: WorkspaceStore,
  bundle: ResolvedBundle,
  record: BundleDeploymentRecord,
): Map<string, number> {
  const jobIds = new Map<string, number>();
  let nextId = nextJobId(store);
  for (const key of Object.keys(bundle.resources.jobs ?? {})) {
    const known = record.resources.jobs?.[key]?.id;
    jobIds.set(key, known ? Number(known) : nextId++);
  }
  return jobIds;
}

/** Creates (or updates) the bundle's jobs with their resolved settings; answers the summary's jobs. */
export function deployJobs(
  store: WorkspaceStore,
  resolved: ResolvedBundle['resources'],
  jobIds: Map<string, number>,
  record: BundleDeploymentRecord,
  runtime: ModelRuntime,
  now: number,
): Record<string, { id: string; name: string }> {
  const s = record.scenario;
  const summary: Record<string, { id: string; name: string }> = {};
  record.jobs = [];
  for (const [key, spec] of Object.entries(resolved.jobs ?? {})) {
    const id = jobIds.get(key)!;
    const role = roleOf(key, spec);
    const job: JobState = {
      id,
      name: String(spec.name ?? key),
      role,
      createdAt: store.jobs.get(id)?.createdAt ?? now,
      durationMs: role === 'tournament' ? 12 * MINUTE : 3 * MINUTE,
      failNext: false,
      tags: stringMap(spec.tags),
      settings: spec as jobs.JobSettings,
    };
    store.jobs.set(id, {
      ...job,
      ...(role === 'other' ? {} : { model: runtime }),
    });
    record.jobs.push({ ...job, forModel: role !== 'other' });
    summary[key] = { id: String(id), name: job.name };
    if (role === 'tournament') s.tournamentJobId = id;
    if (role === 'drift') s.driftJobId = id;
  }
  return summary;
}

/** A finished, successful run of the deployed job with this role (ingest: the batch ingestion job). */
export function recordRun(
  store: WorkspaceStore,
  record: BundleDeploymentRecord,
  role: 'ingest' | 'tournament' | 'drift',
  at: number,
): number | undefined {
  const job = record.jobs.find(j =>
    role === 'ingest'
      ? j.role === 'other' &&
        /ingest/.test(JSON.stringify(j.settings?.tasks ?? [])) &&
        !j.settings?.continuous
      : j.role === role,
  );
  if (!job) return undefined;
  const runId = store.nextRunId++;
  store.jobRuns.set(runId, {
    runId,
    jobId: job.id,
    createdAt: at - 30_000 - job.durationMs - 10_000,
    fails: false,
    effectsApplied: true,
    resultState: 'SUCCESS',
  });
  return runId;
}

function nextJobId(store: WorkspaceStore): number {
  const used = [...store.jobs.keys()].filter(id => id >= FIRST_DEPLOYED_JOB_ID);
  return Math.max(FIRST_DEPLOYED_JOB_ID, ...used) + 1;
}

// integer fields of the Jobs API a reference fills with text (the CLI converts them by the schema)
const INTEGER_FIELDS = new Set([
  'job_id',
  'timeout_seconds',
  'max_retries',
  'min_retry_interval_millis',
  'max_concurrent_runs',
]);

export function withNumbers<T>(value: T, field = ''): T {
  if (
    typeof value === 'string' &&
    INTEGER_FIELDS.has(field) &&
    /^-?\d+$/.test(value)
  )
    return Number(value) as T;
  if (Array.isArray(value)) return value.map(v => withNumbers(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withNumbers(v, k)]),
    ) as T;
  }
  return value;
}

function roleOf(key: string, spec: ResourceSpec): JobState['role'] {
  const files = JSON.stringify(spec.tasks ?? []);
  if (/train_algorithm|select_winner/.test(files) || key === 'tournament')
    return 'tournament';
  if (/compute_drift/.test(files) || key === 'drift') return 'drift';
  // the generated project's promotion job: its task runs MLflow's copy_model_version
  if (
    /copy_model_version|promote_model_version/.test(files) ||
    key === 'promotion'
  )
    return 'promotion';
  return 'other';
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, String(v)]),
  );
}

/** The `--entity-refs` a task of the tournament passes on (select_winner tags the registered model with it). */
export function entityRefsOf(
  resolved: ResolvedBundle['resources'],
): string | undefined {
  for (const job of Object.values(resolved.jobs ?? {})) {
    for (const task of (job.tasks as Array<Record<string, any>> | undefined) ??
      []) {
      const parameters: unknown[] = task.spark_python_task?.parameters ?? [];
      const at = parameters.indexOf('--entity-refs');
      if (at >= 0 && typeof parameters[at + 1] === 'string')
        return parameters[at + 1] as string;
    }
  }
  return undefined;
}
