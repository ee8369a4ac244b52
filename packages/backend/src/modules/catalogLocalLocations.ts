import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog API register `file` locations besides `url` ones: the template's local publish
 * target (`fmlops:catalog:register-local`) registers the project it wrote to disk. Added only
 * when `fmlops.scaffolder.localPublishDir` is configured (the local set-up).
 */
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'fmlops-local-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
