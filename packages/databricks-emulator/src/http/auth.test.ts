import { apiError, sdkClient } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** The personal access token every request needs. */

jest.setTimeout(60_000);

describe('auth', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  it('refuses a wrong token with 403 and the real error shape', async () => {
    const error = await apiError(
      sdkClient(local.ws.url, 'dapi-wrong').servingEndpoints.get({
        name: 'card-fraud-detector',
      }),
    );
    expect(error.statusCode).toBe(403);
    expect(error.errorCode).toBe('PERMISSION_DENIED');
  });

  it('refuses a request without a token with 401', async () => {
    const res = await fetch(`${local.ws.url}/api/2.0/serving-endpoints`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' });
  });
});
