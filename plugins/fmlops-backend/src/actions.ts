import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ENVIRONMENT_NAME_PATTERN,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import { OperationsService } from './operations/OperationsService';
import { ReadPath } from './service/ReadPath';
import { actorOf } from './service/actor';

function refParts(entityRef: string) {
  try {
    const { kind, namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'resource',
      defaultNamespace: 'default',
    });
    return { kind, namespace, name };
  } catch (e) {
    throw new InputError(
      `${entityRef} is not an entity ref: ${(e as Error).message}`,
    );
  }
}

/**
 * The same operations as the HTTP API, in Backstage's actions registry (for automation and AI
 * agents through MCP), with the same permission checks: the caller's credentials go through.
 */
export function registerActions(
  actions: ActionsRegistryService,
  readPath: ReadPath,
  operations: OperationsService,
) {
  // the environment an action acts in (dev, acc, prd); the entity's default one when absent
  const environmentInput = (z: any) =>
    z
      .string()
      .regex(ENVIRONMENT_NAME_PATTERN)
      .optional()
      .describe(
        "The model's environment, e.g. dev, acc or prd; default: its default environment (prd when it has one)",
      );
  const operation = (z: any) =>
    z.object({
      id: z.string(),
      status: z.string(),
      phase: z.string(),
      message: z.string().optional(),
    });

  actions.register({
    name: 'get-model-overview',
    title: 'Get an ML model overview',
    description:
      'Serving split, champion and challenger, latest tournament, drift per feature and pipeline health of an fmlops model.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The model entity, e.g. resource:default/card-fraud-detector',
            ),
          environment: environmentInput(z),
        }),
      output: z => z.object({ overview: z.record(z.string(), z.unknown()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        overview: (await readPath.overview(
          refParts(input.entityRef),
          credentials,
          input.environment,
        )) as unknown as Record<string, unknown>,
      },
    }),
  });

  const submit = async (
    entityRef: string,
    request: OperationRequest,
    credentials: BackstageCredentials,
    environment?: string,
  ) => {
    const { operation: op } = await operations.submit(
      refParts(entityRef),
      request,
      credentials,
      actorOf(credentials),
      environment,
    );
    return {
      output: {
        id: op.id,
        status: op.status,
        phase: op.phase,
        message: op.message,
      },
    };
  };

  actions.register({
    name: 'promote-model',
    title: 'Promote the challenger',
    description:
      'Starts promoting the challenger to champion if it passes the policy gate: directly, or as a canary with health-checked steps.',
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          environment: environmentInput(z),
          strategy: z.enum(['direct', 'canary']).optional(),
          steps: z.array(z.number().int().min(1).max(100)).optional(),
          reason: z.string().optional(),
          idempotencyKey: z
            .string()
            .optional()
            .describe(
              'Repeat a call with the same key to get the same operation',
            ),
        }),
      output: operation,
    },
    action: ({ input, credentials }) =>
      submit(
        input.entityRef,
        {
          type: 'promote',
          strategy: input.strategy,
          steps: input.steps,
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        },
        credentials,
        input.environment,
      ),
  });

  actions.register({
    name: 'promote-model-to-environment',
    title: 'Promote a version into another environment',
    description:
      "Copies a version of the model from one environment (default: the one before the target, and its champion) into the target environment with that environment's promotion job, gates it under the target's policy and rolls it out. When the target's policy requires approval, the operation waits for a person other than the requester to approve it in the portal.",
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          environment: z.string().describe('The target environment, e.g. prd'),
          sourceEnvironment: z.string().optional(),
          sourceVersion: z.string().optional(),
          reason: z.string().optional(),
          idempotencyKey: z
            .string()
            .optional()
            .describe(
              'Repeat a call with the same key to get the same operation',
            ),
        }),
      output: operation,
    },
    action: ({ input, credentials }) =>
      submit(
        input.entityRef,
        {
          type: 'promote-to-env',
          sourceEnvironment: input.sourceEnvironment,
          sourceVersion: input.sourceVersion,
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        },
        credentials,
        input.environment,
      ),
  });

  actions.register({
    name: 'rollback-model',
    title: 'Roll back a model',
    description:
      'Restores the serving endpoint to its last known-good traffic split. A reason is required.',
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          environment: environmentInput(z),
          reason: z.string().min(1),
          idempotencyKey: z.string().optional(),
        }),
      output: operation,
    },
    action: ({ input, credentials }) =>
      submit(
        input.entityRef,
        {
          type: 'rollback',
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        },
        credentials,
        input.environment,
      ),
  });

  actions.register({
    name: 'retrain-model',
    title: 'Retrain a model',
    description:
      "Runs the model's tournament job; its winner becomes the new challenger.",
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          environment: environmentInput(z),
          reason: z.string().optional(),
          idempotencyKey: z.string().optional(),
        }),
      output: operation,
    },
    action: ({ input, credentials }) =>
      submit(
        input.entityRef,
        {
          type: 'retrain',
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        },
        credentials,
        input.environment,
      ),
  });

  actions.register({
    name: 'set-traffic-split',
    title: 'Set the traffic split',
    description:
      'Sets the serving traffic split between model versions by hand (A/B). Percentages must sum to 100.',
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          environment: environmentInput(z),
          routes: z
            .array(
              z.object({
                modelVersion: z.string(),
                trafficPercentage: z.number().int().min(0).max(100),
              }),
            )
            .min(1),
          reason: z.string().optional(),
          idempotencyKey: z.string().optional(),
        }),
      output: operation,
    },
    action: ({ input, credentials }) =>
      submit(
        input.entityRef,
        {
          type: 'set-split',
          routes: input.routes,
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
        },
        credentials,
        input.environment,
      ),
  });
}
