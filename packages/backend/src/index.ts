import { createBackend } from '@backstage/backend-defaults';

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
// the template's local publish target registers projects written to disk
backend.add(import('./modules/catalogLocalLocations'));

// permissions: everyone reads, a model's owners operate it
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// search: PostgreSQL engine in production, in-memory Lunr on SQLite
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// actions registry over MCP: fmlops registers promote / rollback / retrain there too
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@fmlops/backstage-plugin-fmlops-backend'));

backend.start();
