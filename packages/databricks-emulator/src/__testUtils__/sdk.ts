import { ApiError, WorkspaceClient } from '@databricks/sdk-experimental';
import type { LocalWorkspace } from '../index';

/** The real SDK client as the gateway configures it, pointed at a local workspace. */
export function sdkClient(url: string, token: string): WorkspaceClient {
  return new WorkspaceClient(
    {
      host: url,
      token,
      authType: 'pat',
      loaders: [],
      skipVerify: false,
      // the SDK's own 429 retries would hide the status the tests look at
      retryTimeoutSeconds: 0.001,
    },
    { product: 'fmlops-test', productVersion: '0.1.0' },
  );
}

/** The error a call fails with; a call that succeeds fails the test. */
export async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** Moves the workspace's emulated time forward and lets everything due happen. */
export function advance(ws: LocalWorkspace, seconds: number): void {
  ws.clock.advance(seconds * 1000);
  ws.state.tick();
}

/** Every item of a paged SDK list. */
export async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
