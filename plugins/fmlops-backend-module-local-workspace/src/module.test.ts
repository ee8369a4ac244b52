import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import net from 'node:net';
import { fmlopsModuleLocalWorkspace } from './module';

// a backend with the emulator starts in seconds, but CI machines are busy
jest.setTimeout(60_000);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function listEndpoints(port: number, token: string) {
  return fetch(`http://127.0.0.1:${port}/api/2.0/serving-endpoints`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('fmlopsModuleLocalWorkspace', () => {
  it('serves the demo workspace while the backend runs, and stops with it', async () => {
    const port = await freePort();
    const backend = await startTestBackend({
      features: [
        fmlopsModuleLocalWorkspace,
        mockServices.rootConfig.factory({
          data: {
            fmlops: {
              localWorkspace: { enabled: true, port, token: 'dapi-t' },
            },
          },
        }),
      ],
    });
    const res = await listEndpoints(port, 'dapi-t');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.endpoints.map((e: { name: string }) => e.name)).toContain(
      'card-fraud-detector',
    );
    expect((await listEndpoints(port, 'dapi-wrong')).status).toBe(403);

    await backend.stop();
    await expect(listEndpoints(port, 'dapi-t')).rejects.toThrow();
  });

  it('serves several workspaces, each on its port, when the config names them', async () => {
    const [dev, acc, prd] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const backend = await startTestBackend({
      features: [
        fmlopsModuleLocalWorkspace,
        mockServices.rootConfig.factory({
          data: {
            fmlops: {
              localWorkspace: {
                enabled: true,
                token: 'dapi-t',
                workspaces: [
                  {
                    alias: 'dev',
                    port: dev,
                    scenarios: ['healthy', 'payments-fraud-scorer-dev'],
                  },
                  { alias: 'acc', port: acc },
                  { alias: 'prd', port: prd },
                ],
              },
            },
          },
        }),
      ],
    });
    const names = async (port: number) =>
      (
        (await (await listEndpoints(port, 'dapi-t')).json()) as {
          endpoints: Array<{ name: string }>;
        }
      ).endpoints.map(e => e.name);
    expect(await names(dev)).toEqual([
      'card-fraud-detector',
      'payments-fraud-scorer-dev',
    ]);
    expect(await names(acc)).toEqual(['payments-fraud-scorer-acc']);
    expect(await names(prd)).toEqual(['payments-fraud-scorer']);

    await backend.stop();
    await expect(listEndpoints(prd, 'dapi-t')).rejects.toThrow();
  });

  it('starts nothing unless enabled', async () => {
    const port = await freePort();
    const backend = await startTestBackend({
      features: [
        fmlopsModuleLocalWorkspace,
        mockServices.rootConfig.factory({
          data: { fmlops: { localWorkspace: { port } } },
        }),
      ],
    });
    await expect(listEndpoints(port, 'dapi-fmlops-local')).rejects.toThrow();
    await backend.stop();
  });
});
