import type { RootConfigService } from '@backstage/backend-plugin-api';
import os from 'node:os';
import path from 'node:path';

/** `fmlops.scaffolder.localPublishDir`, absolute. */
export function readLocalPublishDir(config: RootConfigService): string {
  return path.resolve(
    config.getOptionalString('fmlops.scaffolder.localPublishDir') ??
      path.join(os.tmpdir(), 'fmlops-published'),
  );
}
