import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';

/**
 * Which service principals may operate models. Backstage's permission framework allows a service
 * principal everything, so a plugin, an external access token or an agent calling with service
 * credentials would skip the owners' check: fmlops lets one start or command an operation only
 * when an admin lists its subject under `fmlops.operators.servicePrincipals` (for example
 * `external:release-bot`). Users are judged by the permission policy; an allowed service
 * principal still operates bound resources only.
 */
export class ServiceOperators {
  static fromConfig(config: Config): ServiceOperators {
    return new ServiceOperators(
      config.getOptionalStringArray('fmlops.operators.servicePrincipals') ?? [],
    );
  }

  private readonly allowed: Set<string>;

  constructor(subjects: string[]) {
    this.allowed = new Set(subjects);
  }

  /** Throws NotAllowedError unless the caller is a user or an allowed service principal. */
  assertMayOperate(credentials: BackstageCredentials): void {
    const principal = credentials.principal as {
      type: string;
      subject?: string;
    };
    if (principal.type === 'user') {
      return;
    }
    if (principal.type === 'service') {
      if (principal.subject && this.allowed.has(principal.subject)) {
        return;
      }
      throw new NotAllowedError(
        `The service principal ${
          principal.subject ?? '(unnamed)'
        } may not operate models: an admin allows it by listing it under fmlops.operators.servicePrincipals`,
      );
    }
    throw new NotAllowedError('Sign in to operate models');
  }
}
