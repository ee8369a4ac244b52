// ******************************************************************
// * THIS IS A GENERATED FILE (scripts/generate-openapi.mjs). DO NOT EDIT. *
// ******************************************************************
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'fmlops',
    version: '1.0.0',
    description:
      'The MLOps of Databricks anomaly- and fraud-detection models: read path (portfolio, model overview,\ndrift comparison). Models are catalog entities (Resource `ml-model` or Component `ml-pipeline`) with\nthe fmlops annotations; every route checks `fmlops.model.read` on the entity.\n',
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
  },
} as const;
