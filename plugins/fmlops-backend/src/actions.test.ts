import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { registerActions } from './actions';
import type { OperationsService } from './operations/OperationsService';
import type { ReadPath } from './service/ReadPath';

function setup() {
  const registry = actionsRegistryServiceMock();
  const readPath = {
    overview: jest.fn(async () => ({ environment: 'acc' })),
  };
  const operations = {
    submit: jest.fn(async () => ({
      operation: { id: 'op-1', status: 'running', phase: 'applying' },
      created: true,
    })),
  };
  registerActions(
    registry,
    readPath as unknown as ReadPath,
    operations as unknown as OperationsService,
  );
  const id = async (name: string) =>
    (await registry.list()).actions.find(a => a.name === name)!.id;
  return { registry, readPath, operations, id };
}

const credentials = mockCredentials.user();
const ref = { kind: 'resource', namespace: 'default', name: 'scorer' };

describe('actions', () => {
  it('read and operate the model in the environment asked for, the default one without', async () => {
    const { registry, readPath, operations, id } = setup();
    await registry.invoke({
      id: await id('get-model-overview'),
      input: { entityRef: 'resource:default/scorer', environment: 'acc' },
      credentials,
    });
    expect(readPath.overview).toHaveBeenCalledWith(ref, credentials, 'acc');
    await registry.invoke({
      id: await id('rollback-model'),
      input: {
        entityRef: 'resource:default/scorer',
        environment: 'prd',
        reason: 'errors',
      },
      credentials,
    });
    await registry.invoke({
      id: await id('retrain-model'),
      input: { entityRef: 'resource:default/scorer' },
      credentials,
    });
    expect(
      operations.submit.mock.calls.map((c: unknown[]) => [
        (c[1] as { type: string }).type,
        c[4],
      ]),
    ).toEqual([
      ['rollback', 'prd'],
      ['retrain', undefined],
    ]);
  });

  it('refuses a malformed environment name', async () => {
    const { registry, operations, id } = setup();
    await expect(
      registry.invoke({
        id: await id('promote-model'),
        input: { entityRef: 'resource:default/scorer', environment: 'Prd!' },
        credentials,
      }),
    ).rejects.toThrow(/environment/);
    expect(operations.submit).not.toHaveBeenCalled();
  });
});
