import type { jobs } from '@databricks/sdk-experimental';
import { SOURCES } from './sources';
import { ParityCase } from './types';

/** Jobs: the job's settings, run-now with an idempotency token, a run's life cycle, cancel. */

const LIFE_CYCLE = [
  'QUEUED',
  'PENDING',
  'RUNNING',
  'TERMINATING',
  'TERMINATED',
  'SKIPPED',
  'INTERNAL_ERROR',
  'BLOCKED',
  'WAITING_FOR_RETRY',
] as const;

export const jobsCases: ParityCase[] = [
  {
    id: 'jobs.get',
    calls: ['jobs.get'],
    behaviour:
      'GET /api/2.2/jobs/get answers the job with its settings (name, tags).',
    sources: [SOURCES.restJobs, SOURCES.sdkJobsModel],
    needs: ['jobId'],
    run: t => t.client.jobs.get({ job_id: Number(t.names.jobId) }),
    expect: {
      shape: {
        job_id: 'number',
        'settings.name': 'string',
        'settings.tags?': 'object',
        'created_time?': 'number',
      },
    },
  },
  {
    id: 'jobs.get.unknown',
    calls: ['jobs.get'],
    behaviour:
      'A job that does not exist is 400 INVALID_PARAMETER_VALUE "Job <id> does not exist." (not 404): the SDKs override it to a not-found error.',
    sources: [SOURCES.pySdkOverrides],
    needs: [],
    run: t => t.client.jobs.get({ job_id: 987654321012 }),
    expect: {
      error: {
        status: 400,
        errorCode: ['INVALID_PARAMETER_VALUE'],
        message: /Job .* does not exist/,
      },
    },
  },
  {
    id: 'jobs.runs.get.unknown',
    calls: ['jobs.getRun'],
    behaviour:
      'A run that does not exist is 400 INVALID_PARAMETER_VALUE "Run <id> does not exist.", overridden by the SDKs to not-found.',
    sources: [SOURCES.pySdkOverrides],
    needs: [],
    run: t => t.client.jobs.getRun({ run_id: 987654321012 }),
    expect: {
      error: {
        status: 400,
        errorCode: ['INVALID_PARAMETER_VALUE'],
        message: /Run .* does not exist|Run: .* in job: .* doesn't exist/,
      },
    },
  },
  {
    id: 'jobs.runs.list',
    calls: ['jobs.listRuns'],
    behaviour:
      "GET /api/2.2/jobs/runs/list answers the job's runs, newest first, each with its state.",
    sources: [SOURCES.restJobs, SOURCES.sdkJobsModel],
    needs: ['jobId'],
    run: async t => {
      const runs: jobs.BaseRun[] = [];
      for await (const r of t.client.jobs.listRuns({
        job_id: Number(t.names.jobId),
        limit: 5,
      })) {
        runs.push(r);
        if (runs.length >= 5) break;
      }
      return { runs };
    },
    expect: {
      shape: {
        'runs[].run_id': 'number',
        'runs[].job_id': 'number',
        'runs[].state.life_cycle_state?': LIFE_CYCLE,
        'runs[].start_time?': 'number',
      },
    },
  },
  {
    id: 'jobs.run-now.idempotent-and-cancel',
    calls: ['jobs.runNow', 'jobs.getRun', 'jobs.cancelRun'],
    behaviour:
      'POST /api/2.2/jobs/run-now with the same idempotency_token answers the same run_id; the run moves through its life cycle; POST .../runs/cancel ends it TERMINATED (or SKIPPED) with result_state CANCELED when it had not finished, and cancelling the ended run again is answered without error.',
    sources: [SOURCES.restJobs, SOURCES.sdkJobsModel],
    needs: ['jobId'],
    writes: true,
    run: async t => {
      const token = `${t.scratch}-parity`;
      const first = await t.client.jobs.runNow({
        job_id: Number(t.names.jobId),
        idempotency_token: token,
      });
      const again = await t.client.jobs.runNow({
        job_id: Number(t.names.jobId),
        idempotency_token: token,
      });
      const started = await t.client.jobs.getRun({ run_id: first.run_id! });
      await t.client.jobs.cancelRun({ run_id: first.run_id! });
      const ended = await t.settle(
        () => t.client.jobs.getRun({ run_id: first.run_id! }),
        r =>
          ['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'].includes(
            r.state?.life_cycle_state ?? '',
          ),
      );
      // fmlops repeats a cancel when it cannot tell whether the first one landed
      await t.client.jobs.cancelRun({ run_id: first.run_id! });
      return {
        sameRun: first.run_id === again.run_id ? 'yes' : 'no',
        started: started.state?.life_cycle_state,
        ended: ended.state?.life_cycle_state,
        result: ended.state?.result_state,
      };
    },
    expect: {
      shape: {
        sameRun: ['yes'],
        started: LIFE_CYCLE,
        ended: ['TERMINATED', 'SKIPPED'],
        result: ['CANCELED', 'SUCCESS', 'FAILED'],
      },
    },
  },
  {
    id: 'jobs.get.promotion-parameters',
    calls: ['jobs.get'],
    behaviour:
      'The promotion job declares job-level parameters: settings.parameters lists source_model, source_version and target_model, each { name, default }, the defaults a run-now without them uses.',
    sources: [SOURCES.restJobParameters, SOURCES.sdkJobsModel],
    needs: ['promotionJobId'],
    run: async t => {
      const job = await t.client.jobs.get({
        job_id: Number(t.names.promotionJobId),
      });
      const names = (job.settings?.parameters ?? []).map(p => p.name);
      return {
        parameters: job.settings?.parameters,
        declares: ['source_model', 'source_version', 'target_model'].every(n =>
          names.includes(n),
        )
          ? 'yes'
          : 'no',
      };
    },
    expect: {
      shape: {
        'parameters[].name': 'string',
        'parameters[].default': 'string',
        declares: ['yes'],
      },
    },
  },
  {
    id: 'jobs.run-now.promotion-copies-version',
    calls: ['jobs.runNow', 'jobs.getRun', 'modelVersions.get'],
    behaviour:
      "run-now of the promotion job with job_parameters source_model, source_version, target_model (and the same idempotency_token twice: one run) ends SUCCESS, and its task's MlflowClient.copy_model_version leaves the next version of the target model, created if absent, with source models:/<source>/<version>, the source version's run_id and status READY.",
    sources: [
      SOURCES.restRunNow,
      SOURCES.docsCopyModelVersion,
      SOURCES.mlflowCopyModelVersion,
      SOURCES.sdkCatalogModel,
    ],
    needs: ['promotionJobId', 'ucModel'],
    writes: true,
    run: async t => {
      const [catalogName, schemaName] = t.names.ucModel!.split('.');
      const target = `${catalogName}.${schemaName}.${t.scratch}_promoted`;
      const token = `${t.scratch}-promotion`;
      const request = {
        job_id: Number(t.names.promotionJobId),
        idempotency_token: token,
        job_parameters: {
          source_model: t.names.ucModel!,
          source_version: '1',
          target_model: target,
        },
      };
      const first = await t.client.jobs.runNow(request);
      const again = await t.client.jobs.runNow(request);
      const ended = await t.settle(
        () => t.client.jobs.getRun({ run_id: first.run_id! }),
        r => r.state?.life_cycle_state === 'TERMINATED',
      );
      const source = await t.client.modelVersions.get({
        full_name: t.names.ucModel!,
        version: 1,
      });
      const copy = await t.client.modelVersions.get({
        full_name: target,
        version: 1,
      });
      return {
        sameRun: first.run_id === again.run_id ? 'yes' : 'no',
        result: ended.state?.result_state,
        source: copy.source,
        sameRunId: copy.run_id === source.run_id ? 'yes' : 'no',
        status: copy.status,
      };
    },
    expect: {
      shape: {
        sameRun: ['yes'],
        result: ['SUCCESS'],
        source: /^models:\/[^/]+\/1$/,
        sameRunId: ['yes'],
        status: ['READY'],
      },
    },
  },
];
