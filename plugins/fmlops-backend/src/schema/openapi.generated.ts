// ******************************************************************
// * THIS IS A GENERATED FILE (scripts/generate-openapi.mjs). DO NOT EDIT. *
// ******************************************************************
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
      Freshness: {
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
            type: 'boolean',
          },
          source: {
            type: 'string',
            enum: ['live', 'cache', 'snapshot'],
          },
        },
        additionalProperties: false,
      },
      Section: {
        description:
          'A part of the overview, read on its own; `data` when `status` is ok.',
        type: 'object',
        required: ['status'],
        properties: {
          status: {
            type: 'string',
            enum: ['ok', 'unavailable', 'not-configured'],
          },
          data: {},
          reason: {
            type: 'string',
          },
          code: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      ModelOverview: {
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
              policy: {
                type: 'string',
              },
            },
            additionalProperties: false,
          },
          serving: {
            $ref: '#/components/schemas/Section',
          },
          registry: {
            $ref: '#/components/schemas/Section',
          },
          tournament: {
            $ref: '#/components/schemas/Section',
          },
          drift: {
            $ref: '#/components/schemas/Section',
          },
          pipeline: {
            $ref: '#/components/schemas/Section',
          },
          jobs: {
            $ref: '#/components/schemas/Section',
          },
          freshness: {
            $ref: '#/components/schemas/Freshness',
          },
        },
        additionalProperties: false,
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
            type: 'string',
            enum: ['healthy', 'warning', 'critical', 'unknown'],
          },
          healthReasons: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          endpointReady: {
            type: 'string',
            enum: ['READY', 'NOT_READY'],
          },
          configUpdate: {
            type: 'string',
          },
          servedVersions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          driftStatus: {
            type: 'string',
            enum: ['stable', 'warning', 'drift'],
          },
          latestDriftWindow: {
            type: 'string',
          },
          maxPsi: {
            type: 'number',
          },
          activeOperation: {
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
        type: 'object',
        required: ['items', 'freshness'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PortfolioItem',
            },
          },
          freshness: {
            $ref: '#/components/schemas/Freshness',
          },
        },
        additionalProperties: false,
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
              type: 'object',
              required: [
                'feature',
                'featureType',
                'psi',
                'jsDivergence',
                'jsDistance',
                'status',
                'bins',
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
                  type: 'string',
                  enum: ['stable', 'warning', 'drift'],
                },
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
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      TrafficRoute: {
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
      OperationRequest: {
        type: 'object',
        required: ['type'],
        description:
          'promote (strategy, steps), set-split (routes), pause, resume, abort (reason), rollback (reason), retrain',
        properties: {
          type: {
            type: 'string',
            enum: [
              'promote',
              'set-split',
              'pause',
              'resume',
              'abort',
              'rollback',
              'retrain',
            ],
          },
          strategy: {
            type: 'string',
            enum: ['direct', 'canary'],
          },
          steps: {
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
        },
        additionalProperties: false,
      },
      Operation: {
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
            type: 'string',
          },
          status: {
            type: 'string',
          },
          phase: {
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
            type: 'array',
            items: {
              type: 'number',
            },
          },
          stepIndex: {
            type: 'number',
          },
          bakeUntil: {
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
            type: 'string',
          },
          message: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {},
          },
          history: {
            type: 'array',
            items: {},
          },
        },
        additionalProperties: false,
      },
      Evaluation: {
        type: 'object',
        required: ['entityRef', 'policy', 'checks', 'decision', 'reasons'],
        properties: {
          entityRef: {
            type: 'string',
          },
          policy: {},
          champion: {},
          challenger: {},
          checks: {
            type: 'array',
            items: {},
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
          type: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          outcome: {
            type: 'string',
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
            items: {},
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
          'Liveness and the circuit breaker state per Databricks workspace.',
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
          'Every model in the catalog that the caller may read, with its health.',
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
  },
} as const;
