export interface Config {
  fmlops?: {
    /** How long reads from Databricks are reused. */
    cache?: {
      /** false reads Databricks on every request (benchmark comparisons only). Default true. */
      enabled?: boolean;
      /** Served without revalidation while younger than this. Default 15. */
      freshSeconds?: number;
      /** Served while revalidating in the background while younger than this. Default 300. */
      staleWhileRevalidateSeconds?: number;
      /** How often the global refresh task keeps recently viewed entries warm. Default 30. */
      refreshIntervalSeconds?: number;
      /** An entry viewed within this long is kept warm. Default 600. */
      keepWarmSeconds?: number;
      /** At most this many entries in memory (least recently viewed dropped first). Default 10000. */
      maxEntries?: number;
    };
    /**
     * Overrides of the built-in default policy (gates, rollout, retraining); see the plugin README.
     * Every model without a `fmlops.io/policy` annotation uses it.
     */
    defaultPolicy?: PolicyConfig;
    /** Named policies, on top of the default; a model picks one with the `fmlops.io/policy` annotation. */
    policies?: { [name: string]: PolicyConfig };
    /** How often the controller and the guardian run. */
    controller?: {
      /** Seconds between controller passes over running operations. Default 5. */
      intervalSeconds?: number;
      /** Seconds between guardian passes over every model. Default 60. */
      guardianIntervalSeconds?: number;
      /**
       * Hours an operation may run before the controller pauses it for a human (a resume grants
       * as many again). Default 24.
       */
      operationDeadlineHours?: number;
    };
    /**
     * Who administers the portal: user or group entity refs. Only they may register catalog
     * locations and delete entities or locations (the shipped permission policy).
     */
    admins?: string[];
    /**
     * Databricks resources an admin binds to catalog entities, for resources that cannot carry
     * the `fmlops-entity-refs` tag. A model may be operated only through entities its endpoint,
     * Unity Catalog model and jobs are bound to, by tag or here.
     */
    bindings?: Array<{
      /** the entities that may operate these resources, e.g. resource:default/card-fraud-detector */
      entityRefs: string[];
      /** workspace alias under fmlops.workspaces */
      workspace: string;
      servingEndpoint?: string;
      /** catalog.schema.model */
      ucModel?: string;
      jobIds?: Array<string | number>;
    }>;
    /** How long the bindings read from Databricks tags are trusted. Default 30. */
    bindingCacheSeconds?: number;
    /** Who besides a model's owners may operate it. */
    operators?: {
      /**
       * Service principals (their subject, e.g. `external:release-bot`) allowed to start and
       * command operations. Others are refused: Backstage's permission framework allows every
       * service principal everything. Default none.
       */
      servicePrincipals?: string[];
    };
    /**
     * The policy an admin pins per workspace alias (a name under `policies`): a model there whose
     * own policy is laxer runs under the pinned one, and promotions may not ask for a laxer
     * roll-out. For example `{ prd: prd-minimum }`.
     */
    workspacePolicies?: { [workspace: string]: string };
    /** Read path limits. */
    read?: {
      /** Drift windows in the trend. Default 24. */
      driftTrendWindows?: number;
      /** Tournaments in the leaderboard history. Default 10. */
      tournamentHistory?: number;
      /** Recent job runs per job. Default 5. */
      recentJobRuns?: number;
      /**
       * How old the in-memory model index and a user's permission decisions may be: after an
       * ownership or permission change, reads follow it within this many seconds. Default 5.
       */
      authorizationMaxAgeSeconds?: number;
    };
    /**
     * The portfolio reads serving and drift in batches on every refresh; each model's pipeline and
     * job runs (no batch read exists) are read in the background.
     */
    portfolio?: {
      /** A model's pipeline and job state older than this is read again. Default 120. */
      activityMaxAgeSeconds?: number;
      /** Models whose pipeline and jobs are read at once (up to four calls each). Default 4. */
      activityConcurrency?: number;
    };
  };
}

/** A policy or a part of one (every key optional; arrays replace, objects merge). */
interface PolicyConfig {
  primaryMetric?: 'pr_auc' | 'f1' | 'precision' | 'recall' | 'roc_auc';
  gates?: Array<{
    metric: 'pr_auc' | 'f1' | 'precision' | 'recall' | 'roc_auc';
    greaterIsBetter: boolean;
    threshold?: number;
    minAbsoluteChange?: number;
    minRelativeChange?: number;
    primary?: boolean;
    advisory?: boolean;
  }>;
  rollout?: {
    strategy?: 'direct' | 'canary';
    steps?: number[];
    bakeMinutes?: number;
    autoRollback?: boolean;
    health?: {
      maxP99LatencyRatio?: number;
      maxP99LatencyMs?: number;
      maxErrorRateIncrease?: number;
      minRequests?: number;
    };
  };
  retrain?: {
    drift?: { windowsInDrift: number; ofLastWindows: number };
    metricFloors?: { [metric: string]: number };
    cooldownHours?: number;
    automatic?: boolean;
  };
  /** What counts as healthy, beyond serving and drift (the portfolio, the page header, the guardian). */
  monitoring?: {
    /** An expectation passing a smaller share of records warns. Default 0.95. */
    minExpectationPassRate?: number;
    /** The newest drift window or pipeline update older than this warns. Default 48. */
    maxDataAgeHours?: number;
    /** A job without a successful run for this long warns. Default 168. */
    maxJobAgeHours?: number;
    /** A served version with a larger error rate warns. Default 0.05. */
    maxErrorRate?: number;
  };
  /** How a version enters the model's environment from the previous one (promote-to-env). */
  promotion?: {
    /** A promotion waits until someone other than its requester approves it. Default false. */
    requireApproval?: boolean;
  };
}
