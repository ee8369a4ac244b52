import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who the history says did something: a user entity ref, or `service:<subject>` for a plugin or agent. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user'
    ? p.userEntityRef!
    : `service:${p.subject ?? 'unknown'}`;
}
