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
    };
    /** Read path limits. */
    read?: {
      /** Drift windows in the trend. Default 24. */
      driftTrendWindows?: number;
      /** Tournaments in the leaderboard history. Default 10. */
      tournamentHistory?: number;
      /** Recent job runs per job. Default 5. */
      recentJobRuns?: number;
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
}
