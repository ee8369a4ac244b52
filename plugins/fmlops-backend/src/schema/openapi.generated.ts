// ******************************************************************
// * THIS IS A GENERATED FILE (fmlops-backend/scripts/generate-openapi.mjs) from
// * fmlops-backend/src/schema/openapi.yaml. DO NOT EDIT.
// ******************************************************************
/* eslint-disable */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'fmlops',
    version: '1.0.0',
    description:
      'The MLOps of Databricks anomaly- and fraud-detection models: the read path (portfolio, model overview,\ndrift comparison) and operations (evaluation, promote, traffic split, rollback, retrain, history).\nModels are catalog entities (Resource `ml-model` or Component `ml-pipeline`) with the fmlops\nannotations; every route checks the matching `fmlops.model.*` permission on the entity.\n',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9-]{0,62}$',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9._-]{0,62}$',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$',
        },
      },
      env: {
        name: 'env',
        in: 'query',
        required: false,
        description:
          "The model's environment (a Databricks Asset Bundle target such as dev, acc or prd). Default: the entity's default environment (prd when it has one). A single-workspace entity has one environment, named after its workspace alias.",
        schema: {
          type: 'string',
          pattern: '^[a-z][a-z0-9_-]{0,31}$',
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: "An error, in Backstage's error shape.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            additionalProperties: true,
          },
          request: {
            type: 'object',
            additionalProperties: true,
          },
          response: {
            type: 'object',
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      EnvironmentRef: {
        description: 'One environment of a model and where it lives.',
        type: 'object',
        required: ['name', 'workspace', 'ucModel', 'servingEndpoint'],
        properties: {
          name: {
            type: 'string',
          },
          workspace: {
            description: 'the workspace alias (a key of fmlops.workspaces)',
            type: 'string',
          },
          ucModel: {
            type: 'string',
          },
          servingEndpoint: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      EnvironmentStatus: {
        description:
          "One environment of a model at a glance (the environment strip, the portfolio): an EnvironmentRef's fields and its status. (Written out rather than allOf EnvironmentRef, whose additionalProperties false would forbid the status fields.)",
        type: 'object',
        required: [
          'name',
          'workspace',
          'ucModel',
          'servingEndpoint',
          'health',
          'healthReasons',
          'servedVersions',
        ],
        properties: {
          name: {
            type: 'string',
          },
          workspace: {
            description: 'the workspace alias (a key of fmlops.workspaces)',
            type: 'string',
          },
          ucModel: {
            type: 'string',
          },
          servingEndpoint: {
            type: 'string',
          },
          health: {
            $ref: '#/components/schemas/ModelHealth',
          },
          healthReasons: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          championVersion: {
            description:
              "the version the `champion` alias names in this environment's model",
            type: 'string',
          },
          servedVersions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          driftStatus: {
            $ref: '#/components/schemas/DriftStatus',
          },
          maxPsi: {
            type: 'number',
          },
          activeOperation: {
            type: 'object',
            required: ['id', 'type', 'status'],
            properties: {
              id: {
                type: 'string',
              },
              type: {
                type: 'string',
              },
              status: {
                type: 'string',
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      VersionLineage: {
        description:
          "Where a model version copied from another environment's model came from.",
        type: 'object',
        required: ['sourceModel', 'sourceVersion'],
        properties: {
          sourceEnvironment: {
            type: 'string',
          },
          sourceModel: {
            description: 'catalog.schema.model of the source version',
            type: 'string',
          },
          sourceVersion: {
            type: 'string',
          },
          runId: {
            description: 'the MLflow run that trained the source version',
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      ApprovalRecord: {
        description: "A promotion's approval, when its policy requires one.",
        type: 'object',
        required: ['required'],
        properties: {
          required: {
            type: 'boolean',
          },
          decision: {
            type: 'string',
            enum: ['approved', 'rejected'],
          },
          decidedBy: {
            type: 'string',
          },
          decidedAt: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      PromotionPolicy: {
        description:
          'How a version enters this environment from the previous one.',
        type: 'object',
        required: ['requireApproval'],
        properties: {
          requireApproval: {
            description:
              'a promote-to-env into this environment waits in awaiting-approval until an owner or admin other than the requester approves it',
            type: 'boolean',
          },
        },
        additionalProperties: false,
      },
      ModelCoordinates: {
        description:
          "The Databricks coordinates of a model, read from its entity's annotations.",
        type: 'object',
        required: ['workspace', 'ucModel', 'servingEndpoint'],
        properties: {
          workspace: {
            type: 'string',
          },
          ucModel: {
            type: 'string',
          },
          servingEndpoint: {
            type: 'string',
          },
          mlflowExperiment: {
            type: 'string',
          },
          tournamentJobId: {
            type: 'string',
          },
          driftJobId: {
            type: 'string',
          },
          driftTable: {
            type: 'string',
          },
          dltPipelineId: {
            type: 'string',
          },
          promotionJobId: {
            description:
              'the job that copies a version from the previous environment into this one',
            type: 'string',
          },
          policy: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      Freshness: {
        description:
          'How fresh a response is: live from Databricks, or a cached / persisted snapshot.',
        type: 'object',
        required: ['fetchedAt', 'ageSeconds', 'stale', 'source'],
        properties: {
          fetchedAt: {
            type: 'string',
            format: 'date-time',
          },
          ageSeconds: {
            type: 'number',
          },
          stale: {
            description:
              'older than the fresh TTL: a refresh is under way or Databricks did not answer',
            type: 'boolean',
          },
          source: {
            type: 'string',
            enum: ['live', 'cache', 'snapshot'],
          },
        },
        additionalProperties: false,
      },
      SectionUnavailable: {
        description:
          'A section of the overview that could not be read, and why.',
        type: 'object',
        required: ['status', 'reason'],
        properties: {
          status: {
            type: 'string',
            enum: ['unavailable'],
          },
          reason: {
            type: 'string',
          },
          code: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      SectionNotConfigured: {
        description:
          'A section the entity does not declare what it needs for (e.g. no drift table annotation).',
        type: 'object',
        required: ['status', 'reason'],
        properties: {
          status: {
            type: 'string',
            enum: ['not-configured'],
          },
          reason: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      ServingSection: {
        oneOf: [
          {
            type: 'object',
            required: ['status', 'data'],
            properties: {
              status: {
                type: 'string',
                enum: ['ok'],
              },
              data: {
                $ref: '#/components/schemas/ServingState',
              },
            },
            additionalProperties: false,
          },
          {
            $ref: '#/components/schemas/SectionUnavailable',
          },
          {
            $ref: '#/components/schemas/SectionNotConfigured',
          },
        ],
      },
      RegistrySection: {
        oneOf: [
          {
            type: 'object',
            required: ['status', 'data'],
            properties: {
              status: {
                type: 'string',
                enum: ['ok'],
              },
              data: {
                $ref: '#/components/schemas/RegistryState',
              },
            },
            additionalProperties: false,
          },
          {
            $ref: '#/components/schemas/SectionUnavailable',
          },
          {
            $ref: '#/components/schemas/SectionNotConfigured',
          },
        ],
      },
      TournamentSection: {
        oneOf: [
          {
            type: 'object',
            required: ['status', 'data'],
            properties: {
              status: {
                type: 'string',
                enum: ['ok'],
              },
              data: {
                $ref: '#/components/schemas/TournamentState',
              },
            },
            additionalProperties: false,
          },
          {
            $ref: '#/components/schemas/SectionUnavailable',
          },
          {
            $ref: '#/components/schemas/SectionNotConfigured',
          },
        ],
      },
      DriftSection: {
        oneOf: [
          {
            type: 'object',
            required: ['status', 'data'],
            properties: {
              status: {
                type: 'string',
                enum: ['ok'],
              },
              data: {
                $ref: '#/components/schemas/DriftState',
              },
            },
            additionalProperties: false,
          },
          {
            $ref: '#/components/schemas/SectionUnavailable',
          },
          {
            $ref: '#/components/schemas/SectionNotConfigured',
          },
        ],
      },
      PipelineSection: {
        oneOf: [
          {
            type: 'object',
            required: ['status', 'data'],
            properties: {
              status: {
                type: 'string',
                enum: ['ok'],
              },
              data: {
                $ref: '#/components/schemas/PipelineHealth',
              },
            },
            additionalProperties: false,
          },
          {
            $ref: '#/components/schemas/SectionUnavailable',
          },
          {
            $ref: '#/components/schemas/SectionNotConfigured',
          },
        ],
      },
      JobsSection: {
        oneOf: [
          {
            type: 'object',
            required: ['status', 'data'],
            properties: {
              status: {
                type: 'string',
                enum: ['ok'],
              },
              data: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/JobRunSummary',
                },
              },
            },
            additionalProperties: false,
          },
          {
            $ref: '#/components/schemas/SectionUnavailable',
          },
          {
            $ref: '#/components/schemas/SectionNotConfigured',
          },
        ],
      },
      EndpointReadiness: {
        type: 'string',
        enum: ['READY', 'NOT_READY'],
      },
      ConfigUpdateState: {
        type: 'string',
        enum: [
          'NOT_UPDATING',
          'IN_PROGRESS',
          'UPDATE_FAILED',
          'UPDATE_CANCELED',
        ],
      },
      ServedVersionMetrics: {
        description:
          "The last complete minute the endpoint's metrics export shows for this version (requests and errors during that minute, its latency percentiles), as real endpoints export per-minute gauges.",
        type: 'object',
        required: ['requests', 'errors', 'errorRate'],
        properties: {
          requests: {
            type: 'number',
          },
          errors: {
            type: 'number',
          },
          errorRate: {
            description:
              'errors / requests of the minute; 0 when there were no requests',
            type: 'number',
          },
          p50LatencyMs: {
            type: 'number',
          },
          p99LatencyMs: {
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      ServedVersion: {
        type: 'object',
        required: [
          'servedEntityName',
          'modelName',
          'modelVersion',
          'aliases',
          'trafficPercentage',
        ],
        properties: {
          servedEntityName: {
            type: 'string',
          },
          modelName: {
            type: 'string',
          },
          modelVersion: {
            type: 'string',
          },
          aliases: {
            description:
              'Unity Catalog aliases on this version, e.g. champion, challenger',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          trafficPercentage: {
            type: 'number',
          },
          workloadSize: {
            type: 'string',
          },
          scaleToZeroEnabled: {
            type: 'boolean',
          },
          metrics: {
            $ref: '#/components/schemas/ServedVersionMetrics',
          },
          minutes: {
            description:
              'the per-minute samples fmlops kept for this version (the guardian measures every served model), oldest first, at most the last hour: what the serving card charts',
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServingMinute',
            },
          },
        },
        additionalProperties: false,
      },
      ServingMinute: {
        description:
          "One minute of a served version's traffic, as the metrics export showed it.",
        type: 'object',
        required: ['at', 'requests', 'errors', 'errorRate'],
        properties: {
          at: {
            description:
              "the minute (the sample's timestamp, or when it was read if the export gave none)",
            type: 'string',
            format: 'date-time',
          },
          trafficPercentage: {
            description:
              "the version's share of the endpoint's traffic when the minute was read",
            type: 'number',
          },
          requests: {
            type: 'number',
          },
          errors: {
            description: '4xx and 5xx answers',
            type: 'number',
          },
          errorRate: {
            description: 'errors / requests; 0 in a minute without requests',
            type: 'number',
          },
          p50LatencyMs: {
            type: 'number',
          },
          p99LatencyMs: {
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      ServingState: {
        type: 'object',
        required: ['endpointName', 'ready', 'configUpdate', 'servedVersions'],
        properties: {
          endpointName: {
            type: 'string',
          },
          ready: {
            $ref: '#/components/schemas/EndpointReadiness',
          },
          configUpdate: {
            $ref: '#/components/schemas/ConfigUpdateState',
          },
          configVersion: {
            type: 'number',
          },
          servedVersions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServedVersion',
            },
          },
          pendingConfig: {
            description:
              'the config being rolled out while configUpdate is IN_PROGRESS',
            type: 'object',
            required: ['servedVersions'],
            properties: {
              startTime: {
                type: 'string',
              },
              servedVersions: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ServedVersion',
                },
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      ModelVersionSummary: {
        type: 'object',
        required: ['version', 'aliases'],
        properties: {
          version: {
            type: 'string',
          },
          runId: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
          aliases: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          lineage: {
            $ref: '#/components/schemas/VersionLineage',
          },
        },
        additionalProperties: false,
      },
      RegistryState: {
        type: 'object',
        required: ['fullName', 'versions'],
        properties: {
          fullName: {
            type: 'string',
          },
          champion: {
            type: 'string',
          },
          challenger: {
            type: 'string',
          },
          versions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ModelVersionSummary',
            },
          },
        },
        additionalProperties: false,
      },
      TournamentMetric: {
        type: 'string',
        enum: ['pr_auc', 'f1', 'precision', 'recall', 'roc_auc'],
      },
      Metrics: {
        description: 'Tournament metrics of a model version, by metric.',
        type: 'object',
        properties: {
          pr_auc: {
            type: 'number',
          },
          f1: {
            type: 'number',
          },
          precision: {
            type: 'number',
          },
          recall: {
            type: 'number',
          },
          roc_auc: {
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      TournamentEntry: {
        type: 'object',
        required: ['runId', 'algorithm', 'metrics', 'params', 'winner'],
        properties: {
          runId: {
            type: 'string',
          },
          runName: {
            type: 'string',
          },
          algorithm: {
            type: 'string',
          },
          metrics: {
            $ref: '#/components/schemas/Metrics',
          },
          params: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          winner: {
            type: 'boolean',
          },
          startTime: {
            type: 'string',
          },
          runUrl: {
            description: 'the run in the workspace UI',
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      Tournament: {
        type: 'object',
        required: ['tournamentId', 'entries'],
        properties: {
          tournamentId: {
            type: 'string',
          },
          startedAt: {
            type: 'string',
          },
          jobRunId: {
            type: 'string',
          },
          entries: {
            description: 'entries ranked by the primary metric, best first',
            type: 'array',
            items: {
              $ref: '#/components/schemas/TournamentEntry',
            },
          },
        },
        additionalProperties: false,
      },
      TournamentState: {
        type: 'object',
        required: ['primaryMetric', 'tournaments'],
        properties: {
          primaryMetric: {
            $ref: '#/components/schemas/TournamentMetric',
          },
          tournaments: {
            description: 'newest first; the first one is the latest tournament',
            type: 'array',
            items: {
              $ref: '#/components/schemas/Tournament',
            },
          },
        },
        additionalProperties: false,
      },
      DriftStatus: {
        type: 'string',
        enum: ['stable', 'warning', 'drift'],
      },
      FeatureDrift: {
        description: 'The drift of one feature between two windows.',
        type: 'object',
        required: [
          'feature',
          'featureType',
          'psi',
          'jsDivergence',
          'jsDistance',
          'status',
        ],
        properties: {
          feature: {
            type: 'string',
          },
          featureType: {
            type: 'string',
            enum: ['numerical', 'categorical'],
          },
          psi: {
            type: 'number',
          },
          jsDivergence: {
            type: 'number',
          },
          jsDistance: {
            type: 'number',
          },
          status: {
            $ref: '#/components/schemas/DriftStatus',
          },
          distribution: {
            description:
              "the feature's reference and current counts per bin in this window (categories or numeric bins), when the drift job kept histograms",
            type: 'array',
            items: {
              $ref: '#/components/schemas/DistributionBin',
            },
          },
        },
      },
      DistributionBin: {
        type: 'object',
        required: ['label', 'reference', 'current'],
        properties: {
          label: {
            type: 'string',
          },
          lower: {
            description:
              'the lower edge of a numeric bin; absent for a category',
            type: 'number',
          },
          upper: {
            type: 'number',
          },
          reference: {
            type: 'number',
          },
          current: {
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      DriftWindowSummary: {
        type: 'object',
        required: [
          'windowStart',
          'maxPsi',
          'maxJsDistance',
          'driftedFeatures',
          'status',
        ],
        properties: {
          windowStart: {
            type: 'string',
          },
          windowEnd: {
            type: 'string',
          },
          maxPsi: {
            type: 'number',
          },
          maxJsDistance: {
            type: 'number',
          },
          driftedFeatures: {
            type: 'number',
          },
          status: {
            $ref: '#/components/schemas/DriftStatus',
          },
        },
      },
      DriftState: {
        type: 'object',
        required: ['trend', 'featureTrends'],
        properties: {
          latest: {
            description: 'the newest window, feature by feature',
            allOf: [
              {
                $ref: '#/components/schemas/DriftWindowSummary',
              },
              {
                type: 'object',
                required: ['features'],
                properties: {
                  features: {
                    type: 'array',
                    items: {
                      $ref: '#/components/schemas/FeatureDrift',
                    },
                  },
                },
              },
            ],
          },
          trend: {
            description: 'the last N windows, oldest first',
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftWindowSummary',
            },
          },
          featureTrends: {
            description:
              'per feature, its PSI over the trend windows (oldest first), for sparklines',
            type: 'object',
            additionalProperties: {
              type: 'array',
              items: {
                type: 'number',
              },
            },
          },
          thresholds: {
            description: 'the thresholds the statuses were judged with',
            type: 'object',
            required: ['psiWarning', 'psiDrift', 'jsDistanceDrift'],
            properties: {
              psiWarning: {
                type: 'number',
              },
              psiDrift: {
                type: 'number',
              },
              jsDistanceDrift: {
                type: 'number',
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      ExpectationResult: {
        type: 'object',
        required: [
          'name',
          'dataset',
          'passedRecords',
          'failedRecords',
          'passRate',
        ],
        properties: {
          name: {
            type: 'string',
          },
          dataset: {
            type: 'string',
          },
          passedRecords: {
            type: 'number',
          },
          failedRecords: {
            type: 'number',
          },
          passRate: {
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      DatasetHealth: {
        type: 'object',
        required: ['dataset', 'passRate', 'expectations'],
        properties: {
          dataset: {
            type: 'string',
          },
          layer: {
            description: 'bronze, silver or gold when the dataset name says so',
            type: 'string',
            enum: ['bronze', 'silver', 'gold'],
          },
          passRate: {
            type: 'number',
          },
          expectations: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ExpectationResult',
            },
          },
        },
        additionalProperties: false,
      },
      PipelineHealth: {
        type: 'object',
        required: ['pipelineId', 'datasets'],
        properties: {
          pipelineId: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          state: {
            type: 'string',
          },
          health: {
            type: 'string',
          },
          lastUpdate: {
            type: 'object',
            required: ['updateId'],
            properties: {
              updateId: {
                type: 'string',
              },
              state: {
                type: 'string',
              },
              creationTime: {
                type: 'string',
              },
            },
            additionalProperties: false,
          },
          datasets: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DatasetHealth',
            },
          },
        },
        additionalProperties: false,
      },
      JobRunSummary: {
        type: 'object',
        required: ['jobId', 'role', 'runId'],
        properties: {
          jobId: {
            type: 'string',
          },
          role: {
            type: 'string',
            enum: ['tournament', 'drift'],
          },
          runId: {
            type: 'string',
          },
          lifeCycleState: {
            type: 'string',
          },
          resultState: {
            type: 'string',
          },
          startTime: {
            type: 'string',
          },
          endTime: {
            type: 'string',
          },
          runPageUrl: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      ModelOverview: {
        description:
          "A model's MLOps state, read from Databricks. Every section is read on its own, so one\nfailing Databricks API leaves the others intact.\n",
        type: 'object',
        required: [
          'entityRef',
          'coordinates',
          'serving',
          'registry',
          'tournament',
          'drift',
          'pipeline',
          'jobs',
          'freshness',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          coordinates: {
            $ref: '#/components/schemas/ModelCoordinates',
          },
          environment: {
            description: 'the environment this overview reads',
            type: 'string',
          },
          environments: {
            description:
              'every environment of the model, in promotion order (dev → acc → prd)',
            type: 'array',
            items: {
              $ref: '#/components/schemas/EnvironmentRef',
            },
          },
          serving: {
            $ref: '#/components/schemas/ServingSection',
          },
          registry: {
            $ref: '#/components/schemas/RegistrySection',
          },
          tournament: {
            $ref: '#/components/schemas/TournamentSection',
          },
          drift: {
            $ref: '#/components/schemas/DriftSection',
          },
          pipeline: {
            $ref: '#/components/schemas/PipelineSection',
          },
          jobs: {
            $ref: '#/components/schemas/JobsSection',
          },
          health: {
            $ref: '#/components/schemas/HealthAssessment',
          },
          freshness: {
            $ref: '#/components/schemas/Freshness',
          },
        },
        additionalProperties: false,
      },
      HealthAssessment: {
        description:
          "A model's health from serving, drift, pipeline expectations, job outcomes and data freshness, with every reason.",
        type: 'object',
        required: ['health', 'reasons'],
        properties: {
          health: {
            $ref: '#/components/schemas/ModelHealth',
          },
          reasons: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/HealthReason',
            },
          },
        },
        additionalProperties: false,
      },
      HealthReason: {
        type: 'object',
        required: ['source', 'severity', 'message'],
        properties: {
          source: {
            type: 'string',
            enum: ['serving', 'drift', 'pipeline', 'jobs', 'freshness'],
          },
          severity: {
            $ref: '#/components/schemas/ModelHealth',
          },
          message: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      ModelHealth: {
        type: 'string',
        enum: ['healthy', 'warning', 'critical', 'unknown'],
      },
      PortfolioItem: {
        type: 'object',
        required: [
          'entityRef',
          'workspace',
          'ucModel',
          'servingEndpoint',
          'health',
          'healthReasons',
          'servedVersions',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          workspace: {
            type: 'string',
          },
          ucModel: {
            type: 'string',
          },
          servingEndpoint: {
            type: 'string',
          },
          health: {
            $ref: '#/components/schemas/ModelHealth',
          },
          healthReasons: {
            description: 'why the health is what it is, one line per reason',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          endpointReady: {
            $ref: '#/components/schemas/EndpointReadiness',
          },
          configUpdate: {
            $ref: '#/components/schemas/ConfigUpdateState',
          },
          servedVersions: {
            description:
              'model versions the endpoint serves (the list API gives no percentages: see the overview)',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          driftStatus: {
            $ref: '#/components/schemas/DriftStatus',
          },
          latestDriftWindow: {
            type: 'string',
          },
          maxPsi: {
            type: 'number',
          },
          activityPending: {
            description:
              "the model's pipeline or job runs have not been read yet (health without them)",
            type: 'boolean',
          },
          environments: {
            description:
              'every environment of the model in promotion order, each with its own health',
            type: 'array',
            items: {
              $ref: '#/components/schemas/EnvironmentStatus',
            },
          },
          activeOperation: {
            description: 'the running or paused operation on the model, if any',
            type: 'object',
            required: ['id', 'type', 'status', 'phase'],
            properties: {
              id: {
                type: 'string',
              },
              type: {
                type: 'string',
              },
              status: {
                type: 'string',
              },
              phase: {
                type: 'string',
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      Portfolio: {
        description:
          'One page of the models the caller may read, worst health first and then by entity ref, after the filters; the counts and facets are over every model the caller may read.',
        type: 'object',
        required: ['items', 'total', 'offset', 'counts', 'facets', 'freshness'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PortfolioItem',
            },
          },
          total: {
            description:
              'how many models match the filters (the pages together)',
            type: 'integer',
            minimum: 0,
          },
          offset: {
            type: 'integer',
            minimum: 0,
          },
          limit: {
            description:
              'the page size asked for; absent when every matching model is in items',
            type: 'integer',
          },
          counts: {
            description: "how many of the caller's models have each health",
            type: 'object',
            required: ['critical', 'warning', 'unknown', 'healthy'],
            properties: {
              critical: {
                type: 'integer',
              },
              warning: {
                type: 'integer',
              },
              unknown: {
                type: 'integer',
              },
              healthy: {
                type: 'integer',
              },
            },
            additionalProperties: false,
          },
          activityPending: {
            description:
              "how many of the caller's models have a pipeline or jobs not read yet (read in the background after a cold start: ask again in a few seconds)",
            type: 'integer',
            minimum: 0,
          },
          facets: {
            description:
              "the distinct workspaces and owners of the caller's models, for filter menus",
            type: 'object',
            required: ['workspaces', 'owners'],
            properties: {
              workspaces: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              owners: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
            additionalProperties: false,
          },
          freshness: {
            $ref: '#/components/schemas/Freshness',
          },
        },
        additionalProperties: false,
      },
      FeatureComparison: {
        allOf: [
          {
            $ref: '#/components/schemas/FeatureDrift',
          },
          {
            type: 'object',
            required: ['bins'],
            properties: {
              bins: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['label', 'fromCount', 'toCount'],
                  properties: {
                    label: {
                      type: 'string',
                    },
                    fromCount: {
                      type: 'number',
                    },
                    toCount: {
                      type: 'number',
                    },
                  },
                  additionalProperties: false,
                },
              },
            },
          },
        ],
      },
      DriftComparison: {
        type: 'object',
        required: ['entityRef', 'from', 'to', 'features'],
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          features: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FeatureComparison',
            },
          },
        },
        additionalProperties: false,
      },
      TrafficRoute: {
        description: 'Traffic to one model version on the serving endpoint.',
        type: 'object',
        required: ['modelVersion', 'trafficPercentage'],
        properties: {
          modelVersion: {
            type: 'string',
            pattern: '^[0-9]+$',
          },
          trafficPercentage: {
            type: 'integer',
            minimum: 0,
            maximum: 100,
          },
        },
        additionalProperties: false,
      },
      OperationType: {
        type: 'string',
        enum: [
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
        ],
      },
      OperationStatus: {
        description:
          'paused is waiting for a human (an Inconclusive health check, or paused by hand); awaiting-approval is a promote-to-env waiting for an approver other than its requester',
        type: 'string',
        enum: [
          'running',
          'paused',
          'awaiting-approval',
          'succeeded',
          'failed',
          'aborted',
          'rolled-back',
        ],
      },
      OperationRequest: {
        type: 'object',
        required: ['type'],
        description:
          'promote (strategy, steps), set-split (routes), pause, resume, abort (reason), rollback (reason), retrain; promote-to-env (sourceEnvironment, sourceVersion, strategy, steps) into the `env` of the request; approve and reject (reason) decide the active promote-to-env awaiting approval',
        properties: {
          type: {
            $ref: '#/components/schemas/OperationType',
          },
          strategy: {
            description: "promote only; the policy's strategy unless given",
            $ref: '#/components/schemas/RolloutStrategy',
          },
          steps: {
            description:
              "promote only; the canary steps, the policy's unless given",
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
            },
          },
          routes: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: {
              $ref: '#/components/schemas/TrafficRoute',
            },
          },
          reason: {
            type: 'string',
            maxLength: 2000,
          },
          idempotencyKey: {
            type: 'string',
            maxLength: 255,
          },
          sourceEnvironment: {
            description:
              'promote-to-env only; default the environment before the target in promotion order',
            type: 'string',
            pattern: '^[a-z][a-z0-9_-]{0,31}$',
          },
          sourceVersion: {
            description:
              "promote-to-env only; default the source environment's champion",
            type: 'string',
            pattern: '^[0-9]+$',
          },
        },
        additionalProperties: false,
      },
      GateCheck: {
        description: 'One check of the champion vs challenger gate.',
        type: 'object',
        required: [
          'metric',
          'kind',
          'value',
          'baseline',
          'threshold',
          'passed',
          'primary',
          'advisory',
          'message',
        ],
        properties: {
          metric: {
            $ref: '#/components/schemas/TournamentMetric',
          },
          kind: {
            type: 'string',
            enum: ['threshold', 'min-absolute-change', 'min-relative-change'],
          },
          value: {
            description: "the challenger's value",
            type: ['number', 'null'],
          },
          baseline: {
            description: "the champion's value (for change checks)",
            type: ['number', 'null'],
          },
          threshold: {
            description: 'the threshold the check compares against',
            type: 'number',
          },
          passed: {
            type: 'boolean',
          },
          primary: {
            type: 'boolean',
          },
          advisory: {
            type: 'boolean',
          },
          message: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      GateDecision: {
        type: 'object',
        required: ['decision', 'checks', 'reasons'],
        properties: {
          decision: {
            type: 'string',
            enum: ['promote', 'reject'],
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateCheck',
            },
          },
          reasons: {
            description: 'why it was rejected, one line per blocking check',
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        additionalProperties: false,
      },
      ServingWindowMetrics: {
        description:
          "Serving metrics of one version over a window (a bake, or the guardian's recent minutes): the sum of the per-minute samples measured during it, each minute counted once.",
        type: 'object',
        required: ['requests', 'errors'],
        properties: {
          requests: {
            type: 'number',
          },
          errors: {
            type: 'number',
          },
          p50LatencyMs: {
            type: 'number',
          },
          p99LatencyMs: {
            type: 'number',
          },
          minutes: {
            description: 'how many distinct minutes were measured and summed',
            type: 'number',
          },
          latencySource: {
            description:
              "histogram: the minutes' latency histograms merged; weighted-minute-quantiles: the minutes' own p99s averaged with their request counts as weights (an approximation, used when the export has no histogram); none: no latency was measured",
            type: 'string',
            enum: ['histogram', 'weighted-minute-quantiles', 'none'],
          },
        },
      },
      MeasuredServingWindow: {
        allOf: [
          {
            $ref: '#/components/schemas/ServingWindowMetrics',
          },
          {
            type: 'object',
            required: ['errorRate'],
            properties: {
              errorRate: {
                type: 'number',
              },
            },
          },
        ],
      },
      HealthCheckResult: {
        type: 'object',
        required: ['outcome', 'evidence', 'reasons'],
        properties: {
          outcome: {
            type: 'string',
            enum: ['Successful', 'Failed', 'Inconclusive'],
          },
          evidence: {
            description:
              'what was measured and compared: the evidence recorded with every automatic decision',
            type: 'object',
            required: [
              'challenger',
              'champion',
              'maxP99LatencyMs',
              'maxErrorRate',
            ],
            properties: {
              challenger: {
                $ref: '#/components/schemas/MeasuredServingWindow',
              },
              champion: {
                $ref: '#/components/schemas/MeasuredServingWindow',
              },
              maxP99LatencyMs: {
                type: ['number', 'null'],
              },
              maxErrorRate: {
                type: 'number',
              },
            },
            additionalProperties: false,
          },
          reasons: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        additionalProperties: false,
      },
      Evidence: {
        description: 'What an automatic decision was based on.',
        type: 'object',
        required: ['at', 'kind', 'summary'],
        properties: {
          at: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: [
              'gate',
              'health-check',
              'drift',
              'metric-floor',
              'config-drift',
              'error',
            ],
          },
          summary: {
            type: 'string',
          },
          gate: {
            $ref: '#/components/schemas/GateDecision',
          },
          health: {
            $ref: '#/components/schemas/HealthCheckResult',
          },
          details: {
            type: 'object',
            additionalProperties: true,
          },
        },
        additionalProperties: false,
      },
      OperationStepRecord: {
        type: 'object',
        required: ['at', 'phase', 'message'],
        properties: {
          at: {
            type: 'string',
          },
          phase: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      Operation: {
        description:
          'An operation on a model, a persisted state machine with an audit trail.',
        type: 'object',
        required: [
          'id',
          'entityRef',
          'type',
          'status',
          'phase',
          'requestedBy',
          'createdAt',
          'updatedAt',
          'evidence',
          'history',
        ],
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          type: {
            $ref: '#/components/schemas/OperationType',
          },
          status: {
            $ref: '#/components/schemas/OperationStatus',
          },
          phase: {
            description:
              "the state machine's current phase, e.g. baking, checking-health, setting-aliases",
            type: 'string',
          },
          requestedBy: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          steps: {
            description:
              'canary: the traffic steps (stepIndex is the current one)',
            type: 'array',
            items: {
              type: 'number',
            },
          },
          stepIndex: {
            type: 'number',
          },
          bakeUntil: {
            description: 'when the current bake ends',
            type: 'string',
          },
          challengerVersion: {
            type: 'string',
          },
          championVersion: {
            type: 'string',
          },
          before: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrafficRoute',
            },
          },
          after: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrafficRoute',
            },
          },
          jobRunId: {
            description: 'Databricks job run started by a retrain',
            type: 'string',
          },
          environment: {
            description:
              "the environment the operation acts in (a promote-to-env's target)",
            type: 'string',
          },
          sourceEnvironment: {
            description: 'promote-to-env only',
            type: 'string',
          },
          lineage: {
            $ref: '#/components/schemas/VersionLineage',
          },
          approval: {
            $ref: '#/components/schemas/ApprovalRecord',
          },
          message: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Evidence',
            },
          },
          history: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OperationStepRecord',
            },
          },
        },
        additionalProperties: false,
      },
      MetricGate: {
        description:
          'One metric gate, with MLflow `MetricThreshold` semantics: an absolute `threshold` the\nchallenger must reach, and minimum absolute / relative improvements over the champion.\n',
        type: 'object',
        required: ['metric', 'greaterIsBetter'],
        properties: {
          metric: {
            $ref: '#/components/schemas/TournamentMetric',
          },
          greaterIsBetter: {
            description:
              'true when a higher value is better (MLflow `greater_is_better`)',
            type: 'boolean',
          },
          threshold: {
            type: 'number',
          },
          minAbsoluteChange: {
            type: 'number',
          },
          minRelativeChange: {
            description:
              'a fraction: 0.01 = the challenger must be 1 % better than the champion',
            type: 'number',
          },
          primary: {
            description:
              'a failing primary gate rejects; a failing secondary gate rejects too unless `advisory`',
            type: 'boolean',
          },
          advisory: {
            description: 'reported but never blocks promotion',
            type: 'boolean',
          },
        },
        additionalProperties: false,
      },
      RolloutStrategy: {
        type: 'string',
        enum: ['direct', 'canary'],
      },
      HealthCheckPolicy: {
        type: 'object',
        required: ['maxP99LatencyRatio', 'maxErrorRateIncrease', 'minRequests'],
        properties: {
          maxP99LatencyRatio: {
            description:
              "the challenger's p99 latency may be at most this multiple of the champion's",
            type: 'number',
          },
          maxP99LatencyMs: {
            description:
              'and never above this many milliseconds, whatever the champion does',
            type: 'number',
          },
          maxErrorRateIncrease: {
            description:
              "the challenger's error rate may exceed the champion's by at most this (absolute fraction)",
            type: 'number',
          },
          minRequests: {
            description:
              'fewer challenger requests than this during a bake: the check is Inconclusive',
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      RolloutPolicy: {
        type: 'object',
        required: [
          'strategy',
          'steps',
          'bakeMinutes',
          'health',
          'autoRollback',
        ],
        properties: {
          strategy: {
            $ref: '#/components/schemas/RolloutStrategy',
          },
          steps: {
            description:
              'traffic percentages to the challenger, increasing, ending at 100 (canary only)',
            type: 'array',
            items: {
              type: 'number',
            },
          },
          bakeMinutes: {
            description: 'how long each step bakes before its health check',
            type: 'number',
          },
          health: {
            $ref: '#/components/schemas/HealthCheckPolicy',
          },
          autoRollback: {
            description:
              'roll back on a failed health check without waiting for a human',
            type: 'boolean',
          },
        },
        additionalProperties: false,
      },
      RetrainPolicy: {
        type: 'object',
        required: ['cooldownHours', 'automatic'],
        properties: {
          drift: {
            description:
              'retrain when the latest `ofLastWindows` drift windows hold at least `windowsInDrift` in drift',
            type: 'object',
            required: ['windowsInDrift', 'ofLastWindows'],
            properties: {
              windowsInDrift: {
                type: 'number',
              },
              ofLastWindows: {
                type: 'number',
              },
            },
            additionalProperties: false,
          },
          metricFloors: {
            description:
              'retrain when a live metric of the champion falls below its floor',
            $ref: '#/components/schemas/Metrics',
          },
          cooldownHours: {
            description: 'at least this long between two automatic retrains',
            type: 'number',
          },
          automatic: {
            description: 'let the guardian start retraining by itself',
            type: 'boolean',
          },
        },
        additionalProperties: false,
      },
      MonitoringPolicy: {
        description:
          'What a healthy model looks like, beyond serving and drift.',
        type: 'object',
        required: [
          'minExpectationPassRate',
          'maxDataAgeHours',
          'maxJobAgeHours',
          'maxErrorRate',
        ],
        properties: {
          minExpectationPassRate: {
            description:
              'a pipeline expectation passing fewer records than this share warns (0 to 1)',
            type: 'number',
          },
          maxDataAgeHours: {
            description:
              'the newest drift window or pipeline update older than this warns',
            type: 'number',
          },
          maxJobAgeHours: {
            description:
              'a tournament or drift job without a successful run for this long warns',
            type: 'number',
          },
          maxErrorRate: {
            description:
              'a served version answering more errors than this share warns (0 to 1)',
            type: 'number',
          },
        },
        additionalProperties: false,
      },
      ModelPolicy: {
        description:
          "A model's policy: when a challenger may replace the champion, how traffic moves to it, when\nto roll back, when to retrain and what counts as healthy.\n",
        type: 'object',
        required: [
          'name',
          'primaryMetric',
          'gates',
          'rollout',
          'retrain',
          'monitoring',
        ],
        properties: {
          name: {
            type: 'string',
          },
          primaryMetric: {
            $ref: '#/components/schemas/TournamentMetric',
          },
          gates: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricGate',
            },
          },
          rollout: {
            $ref: '#/components/schemas/RolloutPolicy',
          },
          retrain: {
            $ref: '#/components/schemas/RetrainPolicy',
          },
          monitoring: {
            $ref: '#/components/schemas/MonitoringPolicy',
          },
          promotion: {
            $ref: '#/components/schemas/PromotionPolicy',
          },
        },
        additionalProperties: false,
      },
      EvaluatedVersion: {
        type: 'object',
        required: ['version', 'metrics'],
        properties: {
          version: {
            type: 'string',
          },
          metrics: {
            $ref: '#/components/schemas/Metrics',
          },
          runId: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      Evaluation: {
        description: "Challenger vs champion under the model's policy.",
        type: 'object',
        required: ['entityRef', 'policy', 'checks', 'decision', 'reasons'],
        properties: {
          entityRef: {
            type: 'string',
          },
          policy: {
            $ref: '#/components/schemas/ModelPolicy',
          },
          champion: {
            $ref: '#/components/schemas/EvaluatedVersion',
          },
          challenger: {
            $ref: '#/components/schemas/EvaluatedVersion',
          },
          checks: {
            description:
              'one entry per check: value, baseline, threshold, pass/fail',
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateCheck',
            },
          },
          decision: {
            type: 'string',
            enum: ['promote', 'reject', 'no-challenger'],
          },
          reasons: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        additionalProperties: false,
      },
      AuditEvent: {
        type: 'object',
        required: ['id', 'entityRef', 'type', 'actor', 'outcome', 'at'],
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          operationId: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          type: {
            anyOf: [
              {
                $ref: '#/components/schemas/OperationType',
              },
              {
                type: 'string',
                enum: [
                  'auto-rollback',
                  'auto-retrain',
                  'alias-sync',
                  'external',
                ],
              },
            ],
          },
          actor: {
            description:
              'a user entity ref, or `fmlops:controller` / `fmlops:guardian` for automatic decisions',
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          outcome: {
            anyOf: [
              {
                $ref: '#/components/schemas/OperationStatus',
              },
              {
                type: 'string',
                enum: ['started', 'recorded'],
              },
            ],
          },
          at: {
            type: 'string',
          },
          before: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrafficRoute',
            },
          },
          after: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrafficRoute',
            },
          },
          evidence: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Evidence',
            },
          },
        },
        additionalProperties: false,
      },
    },
  },
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description:
          'Liveness for anyone; a signed-in caller also gets the circuit breaker state per Databricks workspace.',
        security: [],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  properties: {
                    status: {
                      type: 'string',
                    },
                    workspaces: {
                      type: 'object',
                      additionalProperties: true,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/models': {
      get: {
        operationId: 'GetPortfolio',
        description:
          'The models in the catalog that the caller may read, with their health, a page at a time (every model when no limit is given).',
        parameters: [
          {
            name: 'offset',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 1000000,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
          {
            name: 'health',
            in: 'query',
            required: false,
            description:
              'comma-separated healths to keep, e.g. critical,warning',
            schema: {
              type: 'string',
              pattern:
                '^(critical|warning|healthy|unknown)(,(critical|warning|healthy|unknown))*$',
            },
          },
          {
            name: 'drift',
            in: 'query',
            required: false,
            description:
              'comma-separated drift statuses to keep; none keeps models without a drift window',
            schema: {
              type: 'string',
              pattern:
                '^(stable|warning|drift|none)(,(stable|warning|drift|none))*$',
            },
          },
          {
            name: 'workspace',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'owner',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 300,
            },
          },
          {
            name: 'search',
            in: 'query',
            required: false,
            description:
              "words that must all appear in the model's ref, title, owner, model, endpoint or workspace",
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The portfolio.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Portfolio',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/overview': {
      get: {
        operationId: 'GetModelOverview',
        description:
          'Serving, registry, tournament, drift, pipeline and job state of one model.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
        ],
        responses: {
          '200': {
            description:
              'The overview; sections that could not be read say why.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModelOverview',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/drift/compare': {
      get: {
        operationId: 'CompareDriftWindows',
        description:
          'PSI and Jensen-Shannon between two drift windows, per feature, from stored histograms.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
          {
            name: 'from',
            in: 'query',
            required: true,
            description: 'window start of the reference window (ISO 8601)',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            required: true,
            description: 'window start of the compared window (ISO 8601)',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The comparison.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftComparison',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/evaluation': {
      get: {
        operationId: 'GetModelEvaluation',
        description:
          'Challenger vs champion under the model policy: one entry per check and the decision. No side effects.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
        ],
        responses: {
          '200': {
            description: 'The evaluation.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Evaluation',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/operations': {
      get: {
        operationId: 'ListOperations',
        description: 'Operations on the model, newest first.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
          {
            name: 'active',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The operations.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Operation',
                      },
                    },
                  },
                  additionalProperties: false,
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      post: {
        operationId: 'SubmitOperation',
        description:
          'Starts an operation (promote, set-split, rollback, retrain) or commands the active one (pause, resume, abort). 409 when another operation is active or the gate rejects the challenger.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/OperationRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The operation already existed (same idempotency key) or was commanded.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Operation',
                },
              },
            },
          },
          '202': {
            description: 'The operation started.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Operation',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/operations/{operationId}': {
      get: {
        operationId: 'GetOperation',
        description: 'One operation with its progress, history and evidence.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
          {
            name: 'operationId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The operation.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Operation',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/history': {
      get: {
        operationId: 'GetModelHistory',
        description:
          'The append-only history of the model: who did what and why, before / after splits, evidence.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/env',
          },
        ],
        responses: {
          '200': {
            description: 'The history, newest first.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AuditEvent',
                      },
                    },
                  },
                  additionalProperties: false,
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/models/{kind}/{namespace}/{name}/environments': {
      get: {
        operationId: 'GetModelEnvironments',
        description:
          'Every environment of the model in promotion order, each with its champion, health and drift.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The environments.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/EnvironmentStatus',
                      },
                    },
                  },
                  additionalProperties: false,
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
} as const;
