import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import {
  DatabricksGateway,
  readWorkspaces,
} from '@fmlops/backstage-plugin-fmlops-node';
import { endpointOf, jobOf, ucModelOf } from './bindingDecision';
import { ResourceBinding } from './ResourceBinding';

jest.setTimeout(60_000);

const card = {
  workspace: 'dev',
  servingEndpoint: 'card-fraud-detector',
  ucModel: 'fmlops_demo.cards.card_fraud_detector',
};
const owner = 'resource:default/card-fraud-detector';
const resources = [endpointOf(card), ucModelOf(card), jobOf('dev', '2001')];

describe('ResourceBinding against the local workspace', () => {
  let ws: LocalWorkspace;
  let gateway: DatabricksGateway;
  let now: number;

  beforeEach(async () => {
    ws = await startLocalWorkspace({
      port: 0,
      token: 'dapi-test',
      scenarios: ['healthy'],
    });
    gateway = DatabricksGateway.create({
      workspaces: readWorkspaces(
        new ConfigReader({
          fmlops: {
            workspaces: {
              dev: {
                host: ws.url,
                token: 'dapi-test',
                retries: { maxAttempts: 1 },
              },
            },
          },
        }),
      ),
      logger: mockServices.logger.mock(),
    });
    now = 1_000_000;
  });

  afterEach(async () => {
    await ws.stop();
  });

  const binding = (configBindings = []) =>
    new ResourceBinding(gateway, configBindings, {
      now: () => now,
      cacheMs: 30_000,
    });

  const reads = () =>
    [...ws.requests]
      .filter(([route]) => route.startsWith('GET '))
      .reduce((sum, [, n]) => sum + n, 0);

  it('lets the entity the tags name operate its endpoint, model and job', async () => {
    await expect(
      binding().assertBound(owner, resources),
    ).resolves.toBeUndefined();
  });

  it('refuses another entity with a message that says how to bind, and changes nothing', async () => {
    const error = await binding()
      .assertBound('resource:default/borrowed', resources)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /the serving endpoint card-fraud-detector \(workspace dev\) is bound to resource:default\/card-fraud-detector, component:default\/card-fraud-detector-pipeline/,
    );
    expect(error.message).toMatch(/the job 2001 \(workspace dev\) is bound to/);
    expect([...ws.requests.keys()].every(r => r.startsWith('GET '))).toBe(true);
  });

  it('reads each resource once while its tags are fresh, and again once they are not', async () => {
    const checks = binding();
    const before = reads();
    await Promise.all(
      Array.from({ length: 20 }, () => checks.assertBound(owner, resources)),
    );
    expect(reads() - before).toBe(3);
    // the owners remove the binding from the endpoint
    const patched = await fetch(
      `${ws.url}/api/2.0/serving-endpoints/card-fraud-detector/tags`,
      {
        method: 'PATCH',
        headers: {
          Authorization: 'Bearer dapi-test',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ delete_tags: ['fmlops-entity-refs'] }),
      },
    );
    expect(patched.status).toBe(200);
    await expect(checks.assertBound(owner, resources)).resolves.toBeUndefined();
    now += 30_001;
    await expect(checks.refusal(owner, resources)).resolves.toMatch(
      /the serving endpoint card-fraud-detector \(workspace dev\) has no fmlops-entity-refs tag/,
    );
  });

  it('calls a resource Databricks does not have unbound, and fails closed when it cannot tell', async () => {
    await expect(
      binding().refusal(owner, [
        endpointOf({ workspace: 'dev', servingEndpoint: 'nope' }),
      ]),
    ).resolves.toMatch(
      /the serving endpoint nope \(workspace dev\) does not exist/,
    );
    ws.faults.add({
      path: '/api/2.0/serving-endpoints/*',
      kind: 'error',
      status: 503,
      count: 1,
    });
    const checks = binding();
    await expect(checks.refusal(owner, resources)).rejects.toThrow(
      /Databricks servingEndpoints.get on workspace dev failed/,
    );
    // a failed read is not remembered: the next check asks again
    await expect(checks.refusal(owner, resources)).resolves.toBeUndefined();
  });
});
