import { apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** A served entity's compute settings through PUT .../config and GET, with the real SDK client. */

jest.setTimeout(60_000);

const ENDPOINT = 'ach-payment-anomaly';
const MODEL = 'fmlops_demo.payments.ach_payment_anomaly';

describe('served entity settings', () => {
  const local = useLocalWorkspace({
    token: 'dapi-test',
    scenarios: ['canary'],
  });

  const entities = async () =>
    (await local.client.servingEndpoints.get({ name: ENDPOINT })).config
      ?.served_entities ?? [];

  it('seeds the canary on a GPU with its environment, and a PUT that omits them resets them', async () => {
    expect(
      (await entities()).map(e => [e.workload_type, e.environment_vars]),
    ).toEqual([
      ['GPU_SMALL', { FEATURE_STORE_TOKEN: '{{secrets/ach/feature-store}}' }],
      ['GPU_SMALL', { FEATURE_STORE_TOKEN: '{{secrets/ach/feature-store}}' }],
    ]);
    await local.client.servingEndpoints.updateConfig({
      name: ENDPOINT,
      served_entities: [
        {
          entity_name: MODEL,
          entity_version: '4',
          min_provisioned_throughput: 0,
          max_provisioned_throughput: 970,
        },
      ],
    });
    local.advance(60);
    const [only] = await entities();
    expect(only).toMatchObject({
      entity_version: '4',
      workload_type: 'CPU',
      scale_to_zero_enabled: false,
      min_provisioned_throughput: 0,
      max_provisioned_throughput: 970,
    });
    expect(only.environment_vars).toBeUndefined();
    expect(only.workload_size).toBeUndefined();
  });

  it('keeps the inference table config a PUT gives, and drops it when the next PUT omits it', async () => {
    const config = async () =>
      (await local.client.servingEndpoints.get({ name: ENDPOINT })).config;
    const put = (withCapture: boolean) =>
      local.client.servingEndpoints.updateConfig({
        name: ENDPOINT,
        ...(withCapture
          ? {
              auto_capture_config: {
                catalog_name: 'fmlops_demo',
                schema_name: 'payments',
                table_name_prefix: 'ach',
              },
            }
          : {}),
        served_entities: [
          { entity_name: MODEL, entity_version: '3', workload_size: 'Small' },
        ],
      });
    await put(true);
    local.advance(60);
    expect((await config())?.auto_capture_config).toEqual({
      catalog_name: 'fmlops_demo',
      schema_name: 'payments',
      table_name_prefix: 'ach',
      enabled: true,
      state: { payload_table: { name: 'ach_payload', status: 'ACTIVE' } },
    });
    await put(false);
    local.advance(60);
    expect((await config())?.auto_capture_config).toBeUndefined();
  });

  it.each([
    [
      'an unknown workload type',
      { workload_type: 'TPU_HUGE' },
      /workload_type 'TPU_HUGE'/,
    ],
    [
      'a workload size with a provisioned concurrency range',
      {
        workload_size: 'Small',
        min_provisioned_concurrency: 4,
        max_provisioned_concurrency: 8,
      },
      /workload_size cannot be combined/,
    ],
    [
      'a minimum above its maximum',
      { min_provisioned_throughput: 10, max_provisioned_throughput: 5 },
      /must not exceed/,
    ],
    [
      'an environment variable that is not a string',
      { environment_vars: { N: 1 } },
      /environment_vars/,
    ],
    [
      'an instance profile that is not an ARN',
      { instance_profile_arn: 'my-profile' },
      /instance_profile_arn/,
    ],
  ])(
    'refuses %s with 400 INVALID_PARAMETER_VALUE',
    async (_what, settings, message) => {
      const error = await apiError(
        local.client.servingEndpoints.updateConfig({
          name: ENDPOINT,
          served_entities: [
            {
              entity_name: MODEL,
              entity_version: '3',
              ...(settings as object),
            },
          ],
        }),
      );
      expect(error.statusCode).toBe(400);
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      expect(error.message).toMatch(message);
    },
  );
});
