// ******************************************************************
// * THIS IS A GENERATED FILE (fmlops-backend/scripts/generate-openapi.mjs) from
// * fmlops-backend/src/schema/openapi.yaml. DO NOT EDIT.
// ******************************************************************
/* eslint-disable */
/** @public */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Liveness for anyone; a signed-in caller also gets the circuit breaker state per Databricks workspace. */
    get: operations['GetHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The models in the catalog that the caller may read, with their health, a page at a time (every model when no limit is given). */
    get: operations['GetPortfolio'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Serving, registry, tournament, drift, pipeline and job state of one model. */
    get: operations['GetModelOverview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/drift/compare': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description PSI and Jensen-Shannon between two drift windows, per feature, from stored histograms. */
    get: operations['CompareDriftWindows'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/evaluation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Challenger vs champion under the model policy: one entry per check and the decision. No side effects. */
    get: operations['GetModelEvaluation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/operations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Operations on the model, newest first. */
    get: operations['ListOperations'];
    put?: never;
    /** @description Starts an operation (promote, set-split, rollback, retrain) or commands the active one (pause, resume, abort). 409 when another operation is active or the gate rejects the challenger. */
    post: operations['SubmitOperation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/operations/{operationId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One operation with its progress, history and evidence. */
    get: operations['GetOperation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The append-only history of the model: who did what and why, before / after splits, evidence. */
    get: operations['GetModelHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{kind}/{namespace}/{name}/environments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every environment of the model in promotion order, each with its champion, health and drift. */
    get: operations['GetModelEnvironments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
/** @public */
export type webhooks = Record<string, never>;
/** @public */
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      } & {
        [key: string]: unknown;
      };
      request?: {
        [key: string]: unknown;
      };
      response?: {
        [key: string]: unknown;
      };
    } & {
      [key: string]: unknown;
    };
    /** @description One environment of a model and where it lives. */
    EnvironmentRef: {
      name: string;
      /** @description the workspace alias (a key of fmlops.workspaces) */
      workspace: string;
      ucModel: string;
      servingEndpoint: string;
    };
    /** @description One environment of a model at a glance (the environment strip, the portfolio): an EnvironmentRef's fields and its status. (Written out rather than allOf EnvironmentRef, whose additionalProperties false would forbid the status fields.) */
    EnvironmentStatus: {
      name: string;
      /** @description the workspace alias (a key of fmlops.workspaces) */
      workspace: string;
      ucModel: string;
      servingEndpoint: string;
      health: components['schemas']['ModelHealth'];
      healthReasons: string[];
      /** @description the version the `champion` alias names in this environment's model */
      championVersion?: string;
      servedVersions: string[];
      driftStatus?: components['schemas']['DriftStatus'];
      maxPsi?: number;
      activeOperation?: {
        id: string;
        type: string;
        status: string;
      };
    };
    /** @description Where a model version copied from another environment's model came from. */
    VersionLineage: {
      sourceEnvironment?: string;
      /** @description catalog.schema.model of the source version */
      sourceModel: string;
      sourceVersion: string;
      /** @description the MLflow run that trained the source version */
      runId?: string;
    };
    /** @description A promotion's approval, when its policy requires one. */
    ApprovalRecord: {
      required: boolean;
      /** @enum {string} */
      decision?: 'approved' | 'rejected';
      decidedBy?: string;
      decidedAt?: string;
      reason?: string;
    };
    /** @description How a version enters this environment from the previous one. */
    PromotionPolicy: {
      /** @description a promote-to-env into this environment waits in awaiting-approval until an owner or admin other than the requester approves it */
      requireApproval: boolean;
    };
    /** @description The Databricks coordinates of a model, read from its entity's annotations. */
    ModelCoordinates: {
      workspace: string;
      ucModel: string;
      servingEndpoint: string;
      mlflowExperiment?: string;
      tournamentJobId?: string;
      driftJobId?: string;
      driftTable?: string;
      dltPipelineId?: string;
      /** @description the job that copies a version from the previous environment into this one */
      promotionJobId?: string;
      policy?: string;
    };
    /** @description How fresh a response is: live from Databricks, or a cached / persisted snapshot. */
    Freshness: {
      /** Format: date-time */
      fetchedAt: string;
      ageSeconds: number;
      /** @description older than the fresh TTL: a refresh is under way or Databricks did not answer */
      stale: boolean;
      /** @enum {string} */
      source: 'live' | 'cache' | 'snapshot';
    };
    /** @description A section of the overview that could not be read, and why. */
    SectionUnavailable: {
      /** @enum {string} */
      status: 'unavailable';
      reason: string;
      code?: string;
    };
    /** @description A section the entity does not declare what it needs for (e.g. no drift table annotation). */
    SectionNotConfigured: {
      /** @enum {string} */
      status: 'not-configured';
      reason: string;
    };
    ServingSection:
      | {
          /** @enum {string} */
          status: 'ok';
          data: components['schemas']['ServingState'];
        }
      | components['schemas']['SectionUnavailable']
      | components['schemas']['SectionNotConfigured'];
    RegistrySection:
      | {
          /** @enum {string} */
          status: 'ok';
          data: components['schemas']['RegistryState'];
        }
      | components['schemas']['SectionUnavailable']
      | components['schemas']['SectionNotConfigured'];
    TournamentSection:
      | {
          /** @enum {string} */
          status: 'ok';
          data: components['schemas']['TournamentState'];
        }
      | components['schemas']['SectionUnavailable']
      | components['schemas']['SectionNotConfigured'];
    DriftSection:
      | {
          /** @enum {string} */
          status: 'ok';
          data: components['schemas']['DriftState'];
        }
      | components['schemas']['SectionUnavailable']
      | components['schemas']['SectionNotConfigured'];
    PipelineSection:
      | {
          /** @enum {string} */
          status: 'ok';
          data: components['schemas']['PipelineHealth'];
        }
      | components['schemas']['SectionUnavailable']
      | components['schemas']['SectionNotConfigured'];
    JobsSection:
      | {
          /** @enum {string} */
          status: 'ok';
          data: components['schemas']['JobRunSummary'][];
        }
      | components['schemas']['SectionUnavailable']
      | components['schemas']['SectionNotConfigured'];
    /** @enum {string} */
    EndpointReadiness: 'READY' | 'NOT_READY';
    /** @enum {string} */
    ConfigUpdateState:
      | 'NOT_UPDATING'
      | 'IN_PROGRESS'
      | 'UPDATE_FAILED'
      | 'UPDATE_CANCELED';
    /** @description The last complete minute the endpoint's metrics export shows for this version (requests and errors during that minute, its latency percentiles), as real endpoints export per-minute gauges. */
    ServedVersionMetrics: {
      requests: number;
      errors: number;
      /** @description errors / requests of the minute; 0 when there were no requests */
      errorRate: number;
      p50LatencyMs?: number;
      p99LatencyMs?: number;
    };
    ServedVersion: {
      servedEntityName: string;
      modelName: string;
      modelVersion: string;
      /** @description Unity Catalog aliases on this version, e.g. champion, challenger */
      aliases: string[];
      trafficPercentage: number;
      workloadSize?: string;
      scaleToZeroEnabled?: boolean;
      metrics?: components['schemas']['ServedVersionMetrics'];
      /** @description the per-minute samples fmlops kept for this version (the guardian measures every served model), oldest first, at most the last hour: what the serving card charts */
      minutes?: components['schemas']['ServingMinute'][];
    };
    /** @description One minute of a served version's traffic, as the metrics export showed it. */
    ServingMinute: {
      /**
       * Format: date-time
       * @description the minute (the sample's timestamp, or when it was read if the export gave none)
       */
      at: string;
      /** @description the version's share of the endpoint's traffic when the minute was read */
      trafficPercentage?: number;
      requests: number;
      /** @description 4xx and 5xx answers */
      errors: number;
      /** @description errors / requests; 0 in a minute without requests */
      errorRate: number;
      p50LatencyMs?: number;
      p99LatencyMs?: number;
    };
    ServingState: {
      endpointName: string;
      ready: components['schemas']['EndpointReadiness'];
      configUpdate: components['schemas']['ConfigUpdateState'];
      configVersion?: number;
      servedVersions: components['schemas']['ServedVersion'][];
      /** @description the config being rolled out while configUpdate is IN_PROGRESS */
      pendingConfig?: {
        startTime?: string;
        servedVersions: components['schemas']['ServedVersion'][];
      };
    };
    ModelVersionSummary: {
      version: string;
      runId?: string;
      status?: string;
      createdAt?: string;
      aliases: string[];
      lineage?: components['schemas']['VersionLineage'];
    };
    RegistryState: {
      fullName: string;
      champion?: string;
      challenger?: string;
      versions: components['schemas']['ModelVersionSummary'][];
    };
    /** @enum {string} */
    TournamentMetric: 'pr_auc' | 'f1' | 'precision' | 'recall' | 'roc_auc';
    /** @description Tournament metrics of a model version, by metric. */
    Metrics: {
      pr_auc?: number;
      f1?: number;
      precision?: number;
      recall?: number;
      roc_auc?: number;
    };
    TournamentEntry: {
      runId: string;
      runName?: string;
      algorithm: string;
      metrics: components['schemas']['Metrics'];
      params: {
        [key: string]: string;
      };
      winner: boolean;
      startTime?: string;
      /** @description the run in the workspace UI */
      runUrl?: string;
    };
    Tournament: {
      tournamentId: string;
      startedAt?: string;
      jobRunId?: string;
      /** @description entries ranked by the primary metric, best first */
      entries: components['schemas']['TournamentEntry'][];
    };
    TournamentState: {
      primaryMetric: components['schemas']['TournamentMetric'];
      /** @description newest first; the first one is the latest tournament */
      tournaments: components['schemas']['Tournament'][];
    };
    /** @enum {string} */
    DriftStatus: 'stable' | 'warning' | 'drift';
    /** @description The drift of one feature between two windows. */
    FeatureDrift: {
      feature: string;
      /** @enum {string} */
      featureType: 'numerical' | 'categorical';
      psi: number;
      jsDivergence: number;
      jsDistance: number;
      status: components['schemas']['DriftStatus'];
      /** @description the feature's reference and current counts per bin in this window (categories or numeric bins), when the drift job kept histograms */
      distribution?: components['schemas']['DistributionBin'][];
    };
    DistributionBin: {
      label: string;
      /** @description the lower edge of a numeric bin; absent for a category */
      lower?: number;
      upper?: number;
      reference: number;
      current: number;
    };
    DriftWindowSummary: {
      windowStart: string;
      windowEnd?: string;
      maxPsi: number;
      maxJsDistance: number;
      driftedFeatures: number;
      status: components['schemas']['DriftStatus'];
    };
    DriftState: {
      /** @description the newest window, feature by feature */
      latest?: components['schemas']['DriftWindowSummary'] & {
        features: components['schemas']['FeatureDrift'][];
      };
      /** @description the last N windows, oldest first */
      trend: components['schemas']['DriftWindowSummary'][];
      /** @description per feature, its PSI over the trend windows (oldest first), for sparklines */
      featureTrends: {
        [key: string]: number[];
      };
      /** @description the thresholds the statuses were judged with */
      thresholds?: {
        psiWarning: number;
        psiDrift: number;
        jsDistanceDrift: number;
      };
    };
    ExpectationResult: {
      name: string;
      dataset: string;
      passedRecords: number;
      failedRecords: number;
      passRate: number;
    };
    DatasetHealth: {
      dataset: string;
      /**
       * @description bronze, silver or gold when the dataset name says so
       * @enum {string}
       */
      layer?: 'bronze' | 'silver' | 'gold';
      passRate: number;
      expectations: components['schemas']['ExpectationResult'][];
    };
    PipelineHealth: {
      pipelineId: string;
      name?: string;
      state?: string;
      health?: string;
      lastUpdate?: {
        updateId: string;
        state?: string;
        creationTime?: string;
      };
      datasets: components['schemas']['DatasetHealth'][];
    };
    JobRunSummary: {
      jobId: string;
      /** @enum {string} */
      role: 'tournament' | 'drift';
      runId: string;
      lifeCycleState?: string;
      resultState?: string;
      startTime?: string;
      endTime?: string;
      runPageUrl?: string;
    };
    /**
     * @description A model's MLOps state, read from Databricks. Every section is read on its own, so one
     *     failing Databricks API leaves the others intact.
     */
    ModelOverview: {
      entityRef: string;
      coordinates: components['schemas']['ModelCoordinates'];
      /** @description the environment this overview reads */
      environment?: string;
      /** @description every environment of the model, in promotion order (dev → acc → prd) */
      environments?: components['schemas']['EnvironmentRef'][];
      serving: components['schemas']['ServingSection'];
      registry: components['schemas']['RegistrySection'];
      tournament: components['schemas']['TournamentSection'];
      drift: components['schemas']['DriftSection'];
      pipeline: components['schemas']['PipelineSection'];
      jobs: components['schemas']['JobsSection'];
      health?: components['schemas']['HealthAssessment'];
      freshness: components['schemas']['Freshness'];
    };
    /** @description A model's health from serving, drift, pipeline expectations, job outcomes and data freshness, with every reason. */
    HealthAssessment: {
      health: components['schemas']['ModelHealth'];
      reasons: components['schemas']['HealthReason'][];
    };
    HealthReason: {
      /** @enum {string} */
      source: 'serving' | 'drift' | 'pipeline' | 'jobs' | 'freshness';
      severity: components['schemas']['ModelHealth'];
      message: string;
    };
    /** @enum {string} */
    ModelHealth: 'healthy' | 'warning' | 'critical' | 'unknown';
    PortfolioItem: {
      entityRef: string;
      title?: string;
      owner?: string;
      workspace: string;
      ucModel: string;
      servingEndpoint: string;
      health: components['schemas']['ModelHealth'];
      /** @description why the health is what it is, one line per reason */
      healthReasons: string[];
      endpointReady?: components['schemas']['EndpointReadiness'];
      configUpdate?: components['schemas']['ConfigUpdateState'];
      /** @description model versions the endpoint serves (the list API gives no percentages: see the overview) */
      servedVersions: string[];
      driftStatus?: components['schemas']['DriftStatus'];
      latestDriftWindow?: string;
      maxPsi?: number;
      /** @description the model's pipeline or job runs have not been read yet (health without them) */
      activityPending?: boolean;
      /** @description every environment of the model in promotion order, each with its own health */
      environments?: components['schemas']['EnvironmentStatus'][];
      /** @description the running or paused operation on the model, if any */
      activeOperation?: {
        id: string;
        type: string;
        status: string;
        phase: string;
      };
    };
    /** @description One page of the models the caller may read, worst health first and then by entity ref, after the filters; the counts and facets are over every model the caller may read. */
    Portfolio: {
      items: components['schemas']['PortfolioItem'][];
      /** @description how many models match the filters (the pages together) */
      total: number;
      offset: number;
      /** @description the page size asked for; absent when every matching model is in items */
      limit?: number;
      /** @description how many of the caller's models have each health */
      counts: {
        critical: number;
        warning: number;
        unknown: number;
        healthy: number;
      };
      /** @description how many of the caller's models have a pipeline or jobs not read yet (read in the background after a cold start: ask again in a few seconds) */
      activityPending?: number;
      /** @description the distinct workspaces and owners of the caller's models, for filter menus */
      facets: {
        workspaces: string[];
        owners: string[];
      };
      freshness: components['schemas']['Freshness'];
    };
    FeatureComparison: components['schemas']['FeatureDrift'] & {
      bins: {
        label: string;
        fromCount: number;
        toCount: number;
      }[];
    };
    DriftComparison: {
      entityRef: string;
      from: string;
      to: string;
      features: components['schemas']['FeatureComparison'][];
    };
    /** @description Traffic to one model version on the serving endpoint. */
    TrafficRoute: {
      modelVersion: string;
      trafficPercentage: number;
    };
    /** @enum {string} */
    OperationType:
      | 'promote'
      | 'set-split'
      | 'pause'
      | 'resume'
      | 'abort'
      | 'rollback'
      | 'retrain'
      | 'promote-to-env'
      | 'approve'
      | 'reject';
    /**
     * @description paused is waiting for a human (an Inconclusive health check, or paused by hand); awaiting-approval is a promote-to-env waiting for an approver other than its requester
     * @enum {string}
     */
    OperationStatus:
      | 'running'
      | 'paused'
      | 'awaiting-approval'
      | 'succeeded'
      | 'failed'
      | 'aborted'
      | 'rolled-back';
    /** @description promote (strategy, steps), set-split (routes), pause, resume, abort (reason), rollback (reason), retrain; promote-to-env (sourceEnvironment, sourceVersion, strategy, steps) into the `env` of the request; approve and reject (reason) decide the active promote-to-env awaiting approval */
    OperationRequest: {
      type: components['schemas']['OperationType'];
      /** @description promote only; the policy's strategy unless given */
      strategy?: components['schemas']['RolloutStrategy'];
      /** @description promote only; the canary steps, the policy's unless given */
      steps?: number[];
      routes?: components['schemas']['TrafficRoute'][];
      reason?: string;
      idempotencyKey?: string;
      /** @description promote-to-env only; default the environment before the target in promotion order */
      sourceEnvironment?: string;
      /** @description promote-to-env only; default the source environment's champion */
      sourceVersion?: string;
    };
    /** @description One check of the champion vs challenger gate. */
    GateCheck: {
      metric: components['schemas']['TournamentMetric'];
      /** @enum {string} */
      kind: 'threshold' | 'min-absolute-change' | 'min-relative-change';
      /** @description the challenger's value */
      value: number | null;
      /** @description the champion's value (for change checks) */
      baseline: number | null;
      /** @description the threshold the check compares against */
      threshold: number;
      passed: boolean;
      primary: boolean;
      advisory: boolean;
      message: string;
    };
    GateDecision: {
      /** @enum {string} */
      decision: 'promote' | 'reject';
      checks: components['schemas']['GateCheck'][];
      /** @description why it was rejected, one line per blocking check */
      reasons: string[];
    };
    /** @description Serving metrics of one version over a window (a bake, or the guardian's recent minutes): the sum of the per-minute samples measured during it, each minute counted once. */
    ServingWindowMetrics: {
      requests: number;
      errors: number;
      p50LatencyMs?: number;
      p99LatencyMs?: number;
      /** @description how many distinct minutes were measured and summed */
      minutes?: number;
      /**
       * @description histogram: the minutes' latency histograms merged; weighted-minute-quantiles: the minutes' own p99s averaged with their request counts as weights (an approximation, used when the export has no histogram); none: no latency was measured
       * @enum {string}
       */
      latencySource?: 'histogram' | 'weighted-minute-quantiles' | 'none';
    };
    MeasuredServingWindow: components['schemas']['ServingWindowMetrics'] & {
      errorRate: number;
    };
    HealthCheckResult: {
      /** @enum {string} */
      outcome: 'Successful' | 'Failed' | 'Inconclusive';
      /** @description what was measured and compared: the evidence recorded with every automatic decision */
      evidence: {
        challenger: components['schemas']['MeasuredServingWindow'];
        champion: components['schemas']['MeasuredServingWindow'];
        maxP99LatencyMs: number | null;
        maxErrorRate: number;
      };
      reasons: string[];
    };
    /** @description What an automatic decision was based on. */
    Evidence: {
      at: string;
      /** @enum {string} */
      kind:
        | 'gate'
        | 'health-check'
        | 'drift'
        | 'metric-floor'
        | 'config-drift'
        | 'error';
      summary: string;
      gate?: components['schemas']['GateDecision'];
      health?: components['schemas']['HealthCheckResult'];
      details?: {
        [key: string]: unknown;
      };
    };
    OperationStepRecord: {
      at: string;
      phase: string;
      message: string;
    };
    /** @description An operation on a model, a persisted state machine with an audit trail. */
    Operation: {
      id: string;
      entityRef: string;
      type: components['schemas']['OperationType'];
      status: components['schemas']['OperationStatus'];
      /** @description the state machine's current phase, e.g. baking, checking-health, setting-aliases */
      phase: string;
      requestedBy: string;
      reason?: string;
      createdAt: string;
      updatedAt: string;
      /** @description canary: the traffic steps (stepIndex is the current one) */
      steps?: number[];
      stepIndex?: number;
      /** @description when the current bake ends */
      bakeUntil?: string;
      challengerVersion?: string;
      championVersion?: string;
      before?: components['schemas']['TrafficRoute'][];
      after?: components['schemas']['TrafficRoute'][];
      /** @description Databricks job run started by a retrain */
      jobRunId?: string;
      /** @description the environment the operation acts in (a promote-to-env's target) */
      environment?: string;
      /** @description promote-to-env only */
      sourceEnvironment?: string;
      lineage?: components['schemas']['VersionLineage'];
      approval?: components['schemas']['ApprovalRecord'];
      message?: string;
      evidence: components['schemas']['Evidence'][];
      history: components['schemas']['OperationStepRecord'][];
    };
    /**
     * @description One metric gate, with MLflow `MetricThreshold` semantics: an absolute `threshold` the
     *     challenger must reach, and minimum absolute / relative improvements over the champion.
     */
    MetricGate: {
      metric: components['schemas']['TournamentMetric'];
      /** @description true when a higher value is better (MLflow `greater_is_better`) */
      greaterIsBetter: boolean;
      threshold?: number;
      minAbsoluteChange?: number;
      /** @description a fraction: 0.01 = the challenger must be 1 % better than the champion */
      minRelativeChange?: number;
      /** @description a failing primary gate rejects; a failing secondary gate rejects too unless `advisory` */
      primary?: boolean;
      /** @description reported but never blocks promotion */
      advisory?: boolean;
    };
    /** @enum {string} */
    RolloutStrategy: 'direct' | 'canary';
    HealthCheckPolicy: {
      /** @description the challenger's p99 latency may be at most this multiple of the champion's */
      maxP99LatencyRatio: number;
      /** @description and never above this many milliseconds, whatever the champion does */
      maxP99LatencyMs?: number;
      /** @description the challenger's error rate may exceed the champion's by at most this (absolute fraction) */
      maxErrorRateIncrease: number;
      /** @description fewer challenger requests than this during a bake: the check is Inconclusive */
      minRequests: number;
    };
    RolloutPolicy: {
      strategy: components['schemas']['RolloutStrategy'];
      /** @description traffic percentages to the challenger, increasing, ending at 100 (canary only) */
      steps: number[];
      /** @description how long each step bakes before its health check */
      bakeMinutes: number;
      health: components['schemas']['HealthCheckPolicy'];
      /** @description roll back on a failed health check without waiting for a human */
      autoRollback: boolean;
    };
    RetrainPolicy: {
      /** @description retrain when the latest `ofLastWindows` drift windows hold at least `windowsInDrift` in drift */
      drift?: {
        windowsInDrift: number;
        ofLastWindows: number;
      };
      /** @description retrain when a live metric of the champion falls below its floor */
      metricFloors?: components['schemas']['Metrics'];
      /** @description at least this long between two automatic retrains */
      cooldownHours: number;
      /** @description let the guardian start retraining by itself */
      automatic: boolean;
    };
    /** @description What a healthy model looks like, beyond serving and drift. */
    MonitoringPolicy: {
      /** @description a pipeline expectation passing fewer records than this share warns (0 to 1) */
      minExpectationPassRate: number;
      /** @description the newest drift window or pipeline update older than this warns */
      maxDataAgeHours: number;
      /** @description a tournament or drift job without a successful run for this long warns */
      maxJobAgeHours: number;
      /** @description a served version answering more errors than this share warns (0 to 1) */
      maxErrorRate: number;
    };
    /**
     * @description A model's policy: when a challenger may replace the champion, how traffic moves to it, when
     *     to roll back, when to retrain and what counts as healthy.
     */
    ModelPolicy: {
      name: string;
      primaryMetric: components['schemas']['TournamentMetric'];
      gates: components['schemas']['MetricGate'][];
      rollout: components['schemas']['RolloutPolicy'];
      retrain: components['schemas']['RetrainPolicy'];
      monitoring: components['schemas']['MonitoringPolicy'];
      promotion?: components['schemas']['PromotionPolicy'];
    };
    EvaluatedVersion: {
      version: string;
      metrics: components['schemas']['Metrics'];
      runId?: string;
    };
    /** @description Challenger vs champion under the model's policy. */
    Evaluation: {
      entityRef: string;
      policy: components['schemas']['ModelPolicy'];
      champion?: components['schemas']['EvaluatedVersion'];
      challenger?: components['schemas']['EvaluatedVersion'];
      /** @description one entry per check: value, baseline, threshold, pass/fail */
      checks: components['schemas']['GateCheck'][];
      /** @enum {string} */
      decision: 'promote' | 'reject' | 'no-challenger';
      reasons: string[];
    };
    AuditEvent: {
      id: string;
      entityRef: string;
      operationId?: string;
      environment?: string;
      type:
        | components['schemas']['OperationType']
        | ('auto-rollback' | 'auto-retrain' | 'alias-sync' | 'external');
      /** @description a user entity ref, or `fmlops:controller` / `fmlops:guardian` for automatic decisions */
      actor: string;
      reason?: string;
      outcome:
        | components['schemas']['OperationStatus']
        | ('started' | 'recorded');
      at: string;
      before?: components['schemas']['TrafficRoute'][];
      after?: components['schemas']['TrafficRoute'][];
      evidence?: components['schemas']['Evidence'][];
    };
  };
  responses: {
    /** @description An error, in Backstage's error shape. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    kind: string;
    namespace: string;
    name: string;
    /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
    env: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
/** @public */
export type $defs = Record<string, never>;
/** @public */
export interface operations {
  GetHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            status: string;
            workspaces?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  GetPortfolio: {
    parameters: {
      query?: {
        offset?: number;
        limit?: number;
        /** @description comma-separated healths to keep, e.g. critical,warning */
        health?: string;
        /** @description comma-separated drift statuses to keep; none keeps models without a drift window */
        drift?: string;
        workspace?: string;
        owner?: string;
        /** @description words that must all appear in the model's ref, title, owner, model, endpoint or workspace */
        search?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The portfolio. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Portfolio'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModelOverview: {
    parameters: {
      query?: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The overview; sections that could not be read say why. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelOverview'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  CompareDriftWindows: {
    parameters: {
      query: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
        /** @description window start of the reference window (ISO 8601) */
        from: string;
        /** @description window start of the compared window (ISO 8601) */
        to: string;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The comparison. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DriftComparison'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModelEvaluation: {
    parameters: {
      query?: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The evaluation. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Evaluation'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListOperations: {
    parameters: {
      query?: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
        active?: 'true' | 'false';
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The operations. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Operation'][];
          };
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  SubmitOperation: {
    parameters: {
      query?: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OperationRequest'];
      };
    };
    responses: {
      /** @description The operation already existed (same idempotency key) or was commanded. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Operation'];
        };
      };
      /** @description The operation started. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Operation'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetOperation: {
    parameters: {
      query?: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        operationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The operation. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Operation'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModelHistory: {
    parameters: {
      query?: {
        /** @description The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias. */
        env?: components['parameters']['env'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The history, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['AuditEvent'][];
          };
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModelEnvironments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The environments. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['EnvironmentStatus'][];
          };
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
}
type FlattenedDeepRequired<T> = {
  [K in keyof T]-?: FlattenedDeepRequired<
    T[K] extends unknown[] | undefined | null
      ? Extract<T[K], unknown[]>[number]
      : T[K]
  >;
};
type ReadonlyArray<T> = [Exclude<T, undefined>] extends [unknown[]]
  ? Readonly<Exclude<T, undefined>>
  : Readonly<Exclude<T, undefined>[]>;
/** @public */
export const pathsModelsKindNamespaceNameOperationsGetParametersQueryActiveValues: ReadonlyArray<
  FlattenedDeepRequired<paths>['/models/{kind}/{namespace}/{name}/operations']['get']['parameters']['query']['active']
> = ['true', 'false'];
/** @public */
export const approvalRecordDecisionValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['ApprovalRecord']['decision']
> = ['approved', 'rejected'];
/** @public */
export const freshnessSourceValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['Freshness']['source']
> = ['live', 'cache', 'snapshot'];
/** @public */
export const sectionUnavailableStatusValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['SectionUnavailable']['status']
> = ['unavailable'];
/** @public */
export const sectionNotConfiguredStatusValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['SectionNotConfigured']['status']
> = ['not-configured'];
/** @public */
export const servingSectionOneOf0StatusValues: ReadonlyArray<
  Extract<
    FlattenedDeepRequired<components>['schemas']['ServingSection'],
    {
      status: unknown;
    }
  >['status']
> = ['ok'];
/** @public */
export const registrySectionOneOf0StatusValues: ReadonlyArray<
  Extract<
    FlattenedDeepRequired<components>['schemas']['RegistrySection'],
    {
      status: unknown;
    }
  >['status']
> = ['ok'];
/** @public */
export const tournamentSectionOneOf0StatusValues: ReadonlyArray<
  Extract<
    FlattenedDeepRequired<components>['schemas']['TournamentSection'],
    {
      status: unknown;
    }
  >['status']
> = ['ok'];
/** @public */
export const driftSectionOneOf0StatusValues: ReadonlyArray<
  Extract<
    FlattenedDeepRequired<components>['schemas']['DriftSection'],
    {
      status: unknown;
    }
  >['status']
> = ['ok'];
/** @public */
export const pipelineSectionOneOf0StatusValues: ReadonlyArray<
  Extract<
    FlattenedDeepRequired<components>['schemas']['PipelineSection'],
    {
      status: unknown;
    }
  >['status']
> = ['ok'];
/** @public */
export const jobsSectionOneOf0StatusValues: ReadonlyArray<
  Extract<
    FlattenedDeepRequired<components>['schemas']['JobsSection'],
    {
      status: unknown;
    }
  >['status']
> = ['ok'];
/** @public */
export const endpointReadinessValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['EndpointReadiness']
> = ['READY', 'NOT_READY'];
/** @public */
export const configUpdateStateValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['ConfigUpdateState']
> = ['NOT_UPDATING', 'IN_PROGRESS', 'UPDATE_FAILED', 'UPDATE_CANCELED'];
/** @public */
export const tournamentMetricValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['TournamentMetric']
> = ['pr_auc', 'f1', 'precision', 'recall', 'roc_auc'];
/** @public */
export const driftStatusValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['DriftStatus']
> = ['stable', 'warning', 'drift'];
/** @public */
export const featureDriftFeatureTypeValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['FeatureDrift']['featureType']
> = ['numerical', 'categorical'];
/** @public */
export const datasetHealthLayerValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['DatasetHealth']['layer']
> = ['bronze', 'silver', 'gold'];
/** @public */
export const jobRunSummaryRoleValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['JobRunSummary']['role']
> = ['tournament', 'drift'];
/** @public */
export const healthReasonSourceValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['HealthReason']['source']
> = ['serving', 'drift', 'pipeline', 'jobs', 'freshness'];
/** @public */
export const modelHealthValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['ModelHealth']
> = ['healthy', 'warning', 'critical', 'unknown'];
/** @public */
export const operationTypeValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['OperationType']
> = [
  'promote',
  'set-split',
  'pause',
  'resume',
  'abort',
  'rollback',
  'retrain',
  'promote-to-env',
  'approve',
  'reject',
];
/** @public */
export const operationStatusValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['OperationStatus']
> = [
  'running',
  'paused',
  'awaiting-approval',
  'succeeded',
  'failed',
  'aborted',
  'rolled-back',
];
/** @public */
export const gateCheckKindValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['GateCheck']['kind']
> = ['threshold', 'min-absolute-change', 'min-relative-change'];
/** @public */
export const gateDecisionDecisionValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['GateDecision']['decision']
> = ['promote', 'reject'];
/** @public */
export const servingWindowMetricsLatencySourceValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['ServingWindowMetrics']['latencySource']
> = ['histogram', 'weighted-minute-quantiles', 'none'];
/** @public */
export const healthCheckResultOutcomeValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['HealthCheckResult']['outcome']
> = ['Successful', 'Failed', 'Inconclusive'];
/** @public */
export const evidenceKindValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['Evidence']['kind']
> = ['gate', 'health-check', 'drift', 'metric-floor', 'config-drift', 'error'];
/** @public */
export const rolloutStrategyValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['RolloutStrategy']
> = ['direct', 'canary'];
/** @public */
export const evaluationDecisionValues: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['Evaluation']['decision']
> = ['promote', 'reject', 'no-challenger'];
/** @public */
export const auditEventTypeAnyOf1Values: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['AuditEvent']['type']
> = ['auto-rollback', 'auto-retrain', 'alias-sync', 'external'];
/** @public */
export const auditEventOutcomeAnyOf1Values: ReadonlyArray<
  FlattenedDeepRequired<components>['schemas']['AuditEvent']['outcome']
> = ['started', 'recorded'];
