import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { databricksGatewayServiceRef } from '@fmlops/backstage-plugin-fmlops-node';
import { createBundleDeployLocalAction } from './actions/bundleDeployLocal';
import { createBundleValidateAction } from './actions/bundleValidate';
import { createCatalogRegisterLocalAction } from './actions/catalogRegisterLocal';
import { createModelRegisterAction } from './actions/modelRegister';
import { createPipelineValidateAction } from './actions/pipelineValidate';
import { createPublishLocalAction } from './actions/publishLocal';

/**
 * The fmlops scaffolder actions: form and bundle checks, Unity Catalog model registration and,
 * in a set-up that configures `fmlops.scaffolder.localPublishDir` (the local one), local
 * publishing for the anomaly-detection-pipeline template; where the local workspace runs
 * (`fmlops.localWorkspace.enabled`, app-config.local.yaml only), the deploy of the bundle to it.
 *
 * @public
 */
export const scaffolderModuleFmlops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'fmlops',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        gateway: databricksGatewayServiceRef,
      },
      async init({ scaffolder, config, auth, catalog, gateway }) {
        scaffolder.addActions(
          createPipelineValidateAction({ config }),
          createBundleValidateAction({
            // CI exports the path of its copy of the official schema
            bundleSchemaPath:
              config.getOptionalString('fmlops.scaffolder.bundleSchemaPath') ??
              process.env.FMLOPS_BUNDLE_SCHEMA,
          }),
          createModelRegisterAction({ gateway }),
        );
        if (config.has('fmlops.scaffolder.localPublishDir')) {
          scaffolder.addActions(
            createPublishLocalAction({ config }),
            createCatalogRegisterLocalAction({ config, catalog, auth }),
          );
        }
        if (config.getOptionalBoolean('fmlops.localWorkspace.enabled')) {
          scaffolder.addActions(createBundleDeployLocalAction({ config }));
        }
      },
    });
  },
});
