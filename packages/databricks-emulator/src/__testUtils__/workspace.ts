import { WorkspaceClient } from '@databricks/sdk-experimental';
import {
  LocalWorkspace,
  LocalWorkspaceOptions,
  startLocalWorkspace,
} from '../index';
import { advance, sdkClient } from './sdk';

/** A local workspace for one group of tests, with the SDK client pointed at it. */
export interface LocalWorkspaceFixture {
  ws: LocalWorkspace;
  client: WorkspaceClient;
  /** moves emulated time on by this many seconds and lets everything due happen */
  advance(seconds: number): void;
  /** a request with the workspace's token, e.g. to the admin API */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * Starts a local workspace (on a free port, every built-in scenario) before the tests of the
 * enclosing `describe` and stops it after them; faults a test adds are removed after it.
 */
export function useLocalWorkspace(
  options: LocalWorkspaceOptions & { token: string },
): LocalWorkspaceFixture {
  const fixture = {
    advance: (seconds: number) => advance(fixture.ws, seconds),
    admin: (method: string, path: string, body?: unknown) =>
      fetch(`${fixture.ws.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  } as LocalWorkspaceFixture;
  beforeAll(async () => {
    fixture.ws = await startLocalWorkspace({ port: 0, ...options });
    fixture.client = sdkClient(fixture.ws.url, options.token);
  });
  afterAll(async () => {
    await fixture.ws.stop();
  });
  afterEach(() => {
    fixture.ws.faults.remove();
  });
  return fixture;
}
