import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuditEvent,
  fmlopsPermissions,
} from '@fmlops/backstage-plugin-fmlops-common';
import { databricksGatewayServiceRef } from '@fmlops/backstage-plugin-fmlops-node';
import { registerActions } from './actions';
import { KeepWarm } from './cache/KeepWarm';
import {
  CachedEntry,
  ReadThroughCache,
  SharedCache,
} from './cache/ReadThroughCache';
import { migrateDatabase } from './database/migrations';
import { OperationStore } from './database/OperationStore';
import { ServingSampleStore } from './database/ServingSampleStore';
import { SnapshotStore } from './database/SnapshotStore';
import { FmlopsMetrics } from './metrics';
import { Controller } from './operations/Controller';
import { ExternalChangeWatcher } from './operations/ExternalChangeWatcher';
import { Guardian } from './operations/Guardian';
import { OperationsService } from './operations/OperationsService';
import { servingTargetOf } from './operations/servingTarget';
import { DatabricksModelReader } from './read/DatabricksModelReader';
import { createRouter } from './router';
import {
  everyEnvironment,
  inEnvironment,
  ModelCatalog,
  ResolvedModel,
} from './service/ModelCatalog';
import { notifyOwners } from './service/notify';
import { PolicyResolver } from './service/PolicyResolver';
import { ReadAccess } from './service/ReadAccess';
import { ActivityBoard } from './service/ActivityBoard';
import { cacheKeys, ReadPath } from './service/ReadPath';
import { ResourceBinding } from './service/ResourceBinding';
import { ServiceOperators } from './service/ServiceOperators';

/**
 * The fmlops backend: reads models' MLOps state from Databricks and operates them.
 *
 * @public
 */
export const fmlopsPlugin = createBackendPlugin({
  pluginId: 'fmlops',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        metricsService: metricsServiceRef,
        notifications: notificationService,
        gateway: databricksGatewayServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, auth, gateway } = deps;
        deps.permissionsRegistry.addPermissions(fmlopsPermissions);

        const db = await migrateDatabase(deps.database);
        const snapshots = new SnapshotStore(db);
        const operationsStore = new OperationStore(db);
        const servingSamples = new ServingSampleStore(db);
        const metrics = new FmlopsMetrics(deps.metricsService);
        const policies = PolicyResolver.fromConfig(config);
        const models = new ModelCatalog(deps.catalog, deps.permissions);

        const seconds = (key: string, fallback: number) =>
          (config.getOptionalNumber(`fmlops.${key}`) ?? fallback) * 1000;
        // Backstage's cache service (Redis with several replicas), shared by the read path's caches
        const sharedCache: SharedCache = {
          get: async key =>
            (await deps.cache.get(key)) as CachedEntry | undefined,
          set: (key, entry, ttl) =>
            deps.cache.set(key, entry as any, { ttl: { milliseconds: ttl } }),
        };
        const maxCacheEntries =
          config.getOptionalNumber('fmlops.cache.maxEntries') ?? 10_000;
        const logRefreshFailure = (key: string, error: unknown) =>
          logger.debug(`fmlops could not refresh ${key}: ${error}`);
        const cache = new ReadThroughCache({
          enabled: config.getOptionalBoolean('fmlops.cache.enabled') ?? true,
          freshMs: seconds('cache.freshSeconds', 15),
          staleWhileRevalidateMs: seconds(
            'cache.staleWhileRevalidateSeconds',
            300,
          ),
          idleEvictMs: seconds('cache.keepWarmSeconds', 600) * 2,
          maxEntries: maxCacheEntries,
          shared: sharedCache,
          snapshots: {
            get: async key => {
              const snapshot = await snapshots.get(key);
              return (
                snapshot && {
                  value: snapshot.payload,
                  fetchedAt: snapshot.fetchedAt,
                }
              );
            },
            put: (key, entry) =>
              snapshots.put(key, entry.value, entry.fetchedAt),
          },
          onBackgroundError: logRefreshFailure,
        });
        const reader = new DatabricksModelReader(gateway, {
          driftTrendWindows:
            config.getOptionalNumber('fmlops.read.driftTrendWindows') ?? 24,
          tournamentHistory:
            config.getOptionalNumber('fmlops.read.tournamentHistory') ?? 10,
          recentJobRuns:
            config.getOptionalNumber('fmlops.read.recentJobRuns') ?? 5,
          primaryMetric: model => policies.policyFor(model).primaryMetric,
          monitoring: model => policies.policyFor(model).monitoring,
          keptServingSamples: model =>
            servingSamples.recent(servingTargetOf(model), {
              minutes: 60,
              recordedSince: Date.now() - 3_600_000,
            }),
        });
        const access = new ReadAccess({
          catalog: deps.catalog,
          permissions: deps.permissions,
          auth,
          models,
          maxAgeMs: seconds('read.authorizationMaxAgeSeconds', 5),
        });

        const audit = notifyOwners(
          deps.notifications,
          logger,
          config.getString('app.baseUrl'),
        );
        const binding = ResourceBinding.fromConfig(config, gateway);
        // after a history event is written: metrics, the owners' notification, a fresh overview
        const audited = (event: AuditEvent, model?: ResolvedModel) => {
          metrics.operation(event.type, event.outcome);
          if (model) {
            audit(event, model);
          }
          const environment = event.environment ?? model?.environment;
          if (environment) {
            cache.invalidate(cacheKeys.overview(event.entityRef, environment));
            cache.invalidate(
              cacheKeys.evaluation(event.entityRef, environment),
            );
          }
          cache.invalidate(cacheKeys.environments(event.entityRef));
        };
        const operations = new OperationsService({
          store: operationsStore,
          models,
          port: gateway,
          policyFor: m => policies.policyFor(m),
          assertRolloutAllowed: (m, rollout) =>
            policies.assertRolloutAllowed(m, rollout),
          binding,
          operators: ServiceOperators.fromConfig(config),
          wake: () => {
            scheduler.triggerTask('fmlops-controller').catch(() => {
              // the task runs on its own schedule anyway
            });
          },
          onAudit: audited,
          onGate: decision => metrics.gate(decision),
          operationDeadlineMs:
            (config.getOptionalNumber(
              'fmlops.controller.operationDeadlineHours',
            ) ?? 24) * 3_600_000,
        });
        // pipeline and job state for the portfolio: its own cache, shared between replicas,
        // read by a background sweep rather than by every portfolio refresh
        const activityMaxAgeMs = seconds(
          'portfolio.activityMaxAgeSeconds',
          120,
        );
        const activity = new ActivityBoard({
          cache: new ReadThroughCache({
            freshMs: activityMaxAgeMs,
            staleWhileRevalidateMs: activityMaxAgeMs * 10,
            idleEvictMs: activityMaxAgeMs * 10,
            // one entry per model environment (dev, acc, prd)
            maxEntries: maxCacheEntries * 3,
            shared: sharedCache,
          }),
          read: model => reader.activity(model),
          maxAgeMs: activityMaxAgeMs,
          concurrency:
            config.getOptionalNumber('fmlops.portfolio.activityConcurrency') ??
            4,
          onError: (model, error) =>
            logger.debug(
              `fmlops could not read the pipeline and jobs of ${model.entityRef}: ${error}`,
            ),
        });
        const readPath = new ReadPath({
          access,
          reader,
          cache,
          activity,
          onBackgroundError: logRefreshFailure,
          evaluate: model => operations.evaluateModel(model),
          activeOperations: () => operationsStore.allActive(),
          onLoad: () => metrics.databricksRead('load'),
        });
        const serviceModel = async (
          entityRef: string,
          environment?: string,
        ) => {
          const credentials = await auth.getOwnServiceCredentials();
          const entity = await deps.catalog.getEntityByRef(entityRef, {
            credentials,
          });
          const model = entity && models.toModel(entity);
          return model?.environments.some(
            e => e.name === (environment ?? model.environment),
          )
            ? inEnvironment(model, environment)
            : undefined;
        };
        // the guardian and the watcher look at every model in every one of its environments
        const everyModelEnvironment = async () =>
          (await models.listAll(await auth.getOwnServiceCredentials())).flatMap(
            everyEnvironment,
          );
        const controller = new Controller({
          store: operationsStore,
          port: gateway,
          logger,
          resolveModel: serviceModel,
          policyFor: m => policies.policyFor(m),
          bindingRefusal: (entityRef, resources) =>
            binding.refusal(entityRef, resources),
          onAudit: audited,
          pollIntervalMs: seconds('controller.intervalSeconds', 5),
        });
        const guardian = new Guardian({
          store: operationsStore,
          samples: servingSamples,
          operations,
          port: gateway,
          logger,
          listModels: everyModelEnvironment,
          policyFor: m => policies.policyFor(m),
          bindingRefusal: (entityRef, resources) =>
            binding.refusal(entityRef, resources),
          audit: (model, event) => operations.audit(model, event),
          onDecision: kind => metrics.automaticDecision(kind),
          onDriftStatus: (model, status) =>
            metrics.driftStatus(model.entityRef, model.environment, status),
          onHealth: (model, health) =>
            metrics.modelHealth(
              model.entityRef,
              model.environment,
              health.health,
            ),
        });
        const externalChanges = new ExternalChangeWatcher({
          store: operationsStore,
          port: gateway,
          logger,
          listModels: everyModelEnvironment,
          onAudit: audited,
        });

        await scheduler.scheduleTask({
          id: 'fmlops-controller',
          scope: 'global',
          frequency: {
            seconds: Math.max(
              1,
              seconds('controller.intervalSeconds', 5) / 1000,
            ),
          },
          // a replica that dies mid-tick holds the lease until this passes: it bounds fail-over
          timeout: { minutes: 1 },
          initialDelay: { seconds: 1 },
          fn: async signal => {
            await controller.tick(signal);
          },
        });
        // rows from before operations were keyed by endpoint move to the endpoint their entity names
        await scheduler.scheduleTask({
          id: 'fmlops-adopt-legacy-targets',
          scope: 'global',
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            for (const entityRef of await operationsStore.entitiesWithLegacyTargets()) {
              const model = await serviceModel(entityRef);
              if (model) {
                await operationsStore.adoptLegacyTarget(
                  entityRef,
                  servingTargetOf(model),
                );
              }
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'fmlops-guardian',
          scope: 'global',
          frequency: {
            seconds: Math.max(
              5,
              seconds('controller.guardianIntervalSeconds', 60) / 1000,
            ),
          },
          timeout: { minutes: 10 },
          initialDelay: {
            seconds: Math.min(
              20,
              seconds('controller.guardianIntervalSeconds', 60) / 1000,
            ),
          },
          fn: async () => {
            const report = await guardian.tick();
            if (
              report.rollbacks.length ||
              report.retrains.length ||
              report.aliasSyncs.length
            ) {
              logger.info(`fmlops guardian: ${JSON.stringify(report)}`);
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'fmlops-external-changes',
          scope: 'global',
          frequency: {
            seconds: Math.max(
              5,
              seconds('controller.guardianIntervalSeconds', 60) / 1000,
            ),
          },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 1 },
          fn: async () => {
            const changed = await externalChanges.tick();
            if (changed.length) {
              logger.info(
                `fmlops: serving changed outside the portal on ${changed.join(
                  ', ',
                )}`,
              );
            }
          },
        });
        // keep-warm: every replica publishes what its viewers look at; one replica at a time
        // reloads all of it, and the others take the reads from the shared cache (Redis)
        const keepWarmSeconds = seconds('cache.keepWarmSeconds', 600);
        const keepWarm = new KeepWarm({
          cache,
          requested: {
            get: async () =>
              (await deps.cache.get('keep-warm:requested')) as
                | Record<string, number>
                | undefined,
            set: keys =>
              deps.cache.set('keep-warm:requested', keys, {
                ttl: { milliseconds: keepWarmSeconds },
              }),
          },
          activeWithinMs: keepWarmSeconds,
          maxKeys: maxCacheEntries,
          loaderFor: key => readPath.loaderFor(key),
        });
        const keepWarmFrequency = {
          seconds: Math.max(
            5,
            seconds('cache.refreshIntervalSeconds', 30) / 1000,
          ),
        };
        await scheduler.scheduleTask({
          id: 'fmlops-keep-warm-publish',
          scope: 'local',
          frequency: keepWarmFrequency,
          timeout: { minutes: 1 },
          initialDelay: { seconds: 20 },
          fn: () => keepWarm.publish(),
        });
        await scheduler.scheduleTask({
          id: 'fmlops-keep-warm',
          scope: 'global',
          frequency: keepWarmFrequency,
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await keepWarm.refreshAll();
            await snapshots.prune(Date.now() - 7 * 24 * 3600_000);
          },
        });

        registerActions(deps.actionsRegistry, readPath, operations);
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            readPath,
            operations,
            health: () =>
              gateway.health() as unknown as Record<string, unknown>,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
