import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder, with GitHub publishing and the fmlops actions (validate, bundle check, UC registration)
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(
  import('@fmlops/backstage-plugin-scaffolder-backend-module-fmlops'),
);

backend.add(import('@backstage/plugin-techdocs-backend'));

// auth; guest sign-in is for local use (see app-config.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: everyone reads, a model's owners operate it
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// search: PostgreSQL engine in production, in-memory Lunr on SQLite
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// the event bus between replicas (catalog, notifications and signals publish through it)
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// actions registry over MCP: fmlops registers promote / rollback / retrain there too
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@fmlops/backstage-plugin-fmlops-backend'));

// The local set-up only (app-config.local.yaml): the local Databricks workspace, `file` catalog
// locations for the template's local publish target, and the reviewer's sign-in. The workspace's
// package is a devDependency: production images contain neither it nor its emulator.
backend.add(
  createBackendFeatureLoader({
    deps: { config: coreServices.rootConfig },
    async *loader({ config }) {
      if (config.getOptionalBoolean('fmlops.localWorkspace.enabled')) {
        // a devDependency on purpose: installed for the local set-up, never in production
        // eslint-disable-next-line @backstage/no-undeclared-imports
        yield import(
          '@fmlops/backstage-plugin-fmlops-backend-module-local-workspace'
        );
      }
      if (config.has('fmlops.scaffolder.localPublishDir')) {
        yield import('./modules/catalogLocalLocations');
      }
      if (config.has('auth.providers.reviewer')) {
        yield import('./modules/localReviewerSignIn');
      }
    },
  }),
);

backend.start();
