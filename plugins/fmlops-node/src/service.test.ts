import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { DatabricksUnavailableError } from './errors';
import { databricksGatewayServiceFactory } from './service';

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('databricksGatewayServiceFactory', () => {
  it('builds a gateway per plugin from app-config', async () => {
    const tester = ServiceFactoryTester.from(databricksGatewayServiceFactory, {
      dependencies: [
        mockServices.rootConfig.factory({
          data: {
            fmlops: {
              workspaces: {
                dev: {
                  host: 'https://adb-1.2.azuredatabricks.net',
                  token: 'dapi-x',
                  warehouseId: 'f1a2b3c4d5e6f708',
                },
              },
            },
          },
        }),
      ],
    });
    const gateway = await tester.getSubject('fmlops');
    expect(gateway.aliases()).toEqual(['dev']);
    expect(gateway.workspaceHost('dev')).toBe(
      'https://adb-1.2.azuredatabricks.net',
    );
    expect(gateway.warehouseId('dev')).toBe('f1a2b3c4d5e6f708');
    expect(gateway.health()).toEqual({
      dev: {
        host: 'https://adb-1.2.azuredatabricks.net',
        breaker: 'closed',
        consecutiveFailures: 0,
      },
    });
  });

  it('shares each workspace breaker between plugins', async () => {
    const port = await closedPort();
    const tester = ServiceFactoryTester.from(databricksGatewayServiceFactory, {
      dependencies: [
        mockServices.rootConfig.factory({
          data: {
            fmlops: {
              workspaces: {
                dev: {
                  host: `http://127.0.0.1:${port}`,
                  token: 'dapi-x',
                  retries: { maxAttempts: 1 },
                  circuitBreaker: { failureThreshold: 2 },
                },
              },
            },
          },
        }),
      ],
    });
    const fmlops = await tester.getSubject('fmlops');
    const scaffolder = await tester.getSubject('scaffolder');
    expect(fmlops).not.toBe(scaffolder);
    for (const gateway of [fmlops, scaffolder]) {
      await expect(
        gateway.getServingEndpoint('dev', 'card-fraud-detector'),
      ).rejects.toBeInstanceOf(DatabricksUnavailableError);
    }
    // one failure each, two in all: the shared breaker opened
    expect(fmlops.health().dev.breaker).toBe('open');
    await expect(
      scaffolder.getServingEndpoint('dev', 'card-fraud-detector'),
    ).rejects.toThrow(/circuit breaker open/);
  });
});
