import { entityInputOf } from './serving';

describe('entityInputOf', () => {
  it('sends back every field of a served entity but those only Databricks sets', () => {
    expect(
      entityInputOf({
        name: 'fraud-3',
        entity_name: 'cat.sch.fraud',
        entity_version: '3',
        workload_type: 'GPU_SMALL',
        workload_size: 'Small',
        scale_to_zero_enabled: false,
        environment_vars: { A: '1' },
        instance_profile_arn: 'arn:aws:iam::1:instance-profile/x',
        min_provisioned_throughput: 0,
        max_provisioned_throughput: 970,
        // a field newer than this SDK survives too
        ...({ burst_scaling_enabled: true } as object),
        creation_timestamp: 1,
        creator: 'someone',
        state: { deployment: 'DEPLOYMENT_READY' },
      }),
    ).toEqual({
      name: 'fraud-3',
      entity_name: 'cat.sch.fraud',
      entity_version: '3',
      workload_type: 'GPU_SMALL',
      workload_size: 'Small',
      scale_to_zero_enabled: false,
      environment_vars: { A: '1' },
      instance_profile_arn: 'arn:aws:iam::1:instance-profile/x',
      min_provisioned_throughput: 0,
      max_provisioned_throughput: 970,
      burst_scaling_enabled: true,
    });
  });

  it('sends a provisioned concurrency range without the workload size an answer may also carry', () => {
    expect(
      entityInputOf({
        name: 'fraud-3',
        entity_name: 'cat.sch.fraud',
        entity_version: '3',
        workload_size: 'Medium',
        min_provisioned_concurrency: 8,
        max_provisioned_concurrency: 16,
      }),
    ).toEqual({
      name: 'fraud-3',
      entity_name: 'cat.sch.fraud',
      entity_version: '3',
      min_provisioned_concurrency: 8,
      max_provisioned_concurrency: 16,
    });
  });
});
