import { all, apiError } from '../__testUtils__/sdk';
import { useLocalWorkspace } from '../__testUtils__/workspace';

/** DLT pipelines through the real SDK client: updates and their life cycle, stops, and data-quality events. */

jest.setTimeout(60_000);

describe('pipelines', () => {
  const local = useLocalWorkspace({ token: 'dapi-test' });

  it('reports the failing expectation in flow progress events, paged', async () => {
    const pipeline = await local.client.pipelines.get({
      pipeline_id: '4f1c2a10-0005-4d6e-9a3b-000000000005',
    });
    expect(pipeline.health).toBe('UNHEALTHY');
    const events = [];
    for await (const e of local.client.pipelines.listPipelineEvents({
      pipeline_id: pipeline.pipeline_id!,
      max_results: 3,
    })) {
      events.push(e);
    }
    expect(events.length).toBeGreaterThan(3);
    const silver = events.find(
      e => e.origin?.flow_name === 'trades_silver',
    ) as { details?: any };
    const valid = silver.details.flow_progress.data_quality.expectations.find(
      (x: any) => x.name === 'valid_price',
    );
    expect(
      valid.failed_records / (valid.passed_records + valid.failed_records),
    ).toBeCloseTo(0.18, 2);
  });

  const pipelineId = '4f1c2a10-0001-4d6e-9a3b-000000000001';

  it('lists every pipeline with its state, health and latest updates', async () => {
    const pipelines = await all(local.client.pipelines.listPipelines({}));
    expect(pipelines.map(p => [p.pipeline_id, p.health])).toEqual(
      expect.arrayContaining([
        [pipelineId, 'HEALTHY'],
        ['4f1c2a10-0005-4d6e-9a3b-000000000005', 'UNHEALTHY'],
      ]),
    );
    expect(pipelines.every(p => p.state === 'IDLE')).toBe(true);
    expect(
      pipelines.every(p =>
        p.latest_updates?.every(u => u.state === 'COMPLETED'),
      ),
    ).toBe(true);
  });

  it('moves a started update through its life cycle and writes its flow events', async () => {
    const eventsBefore = await all(
      local.client.pipelines.listPipelineEvents({ pipeline_id: pipelineId }),
    );
    const { update_id } = await local.client.pipelines.startUpdate({
      pipeline_id: pipelineId,
      full_refresh: true,
    });
    const started = await local.client.pipelines.getUpdate({
      pipeline_id: pipelineId,
      update_id: update_id!,
    });
    expect(started.update).toMatchObject({
      cause: 'API_CALL',
      full_refresh: true,
    });
    expect(
      (await local.client.pipelines.get({ pipeline_id: pipelineId })).state,
    ).toBe('RUNNING');
    const states: string[] = [];
    for (const step of [0, 15, 20, 30, 240]) {
      local.advance(step);
      const { update } = await local.client.pipelines.getUpdate({
        pipeline_id: pipelineId,
        update_id: update_id!,
      });
      states.push(update!.state!);
    }
    expect(states).toEqual([
      'WAITING_FOR_RESOURCES',
      'INITIALIZING',
      'SETTING_UP_TABLES',
      'RUNNING',
      'COMPLETED',
    ]);
    const pipeline = await local.client.pipelines.get({
      pipeline_id: pipelineId,
    });
    expect(pipeline.state).toBe('IDLE');
    expect(pipeline.latest_updates?.[0]).toMatchObject({
      update_id,
      state: 'COMPLETED',
    });
    const events = await all(
      local.client.pipelines.listPipelineEvents({
        pipeline_id: pipelineId,
        max_results: 4,
        order_by: ['timestamp desc'],
      }),
    );
    const fresh = events.filter(e => e.origin?.update_id === update_id);
    expect(fresh.map(e => e.event_type).sort()).toEqual([
      'create_update',
      'flow_progress',
      'flow_progress',
      'flow_progress',
      'update_progress',
    ]);
    expect(events.length).toBe(eventsBefore.length + 5);
    const oldestFirst = await all(
      local.client.pipelines.listPipelineEvents({
        pipeline_id: pipelineId,
        order_by: ['timestamp asc'],
      }),
    );
    expect(oldestFirst[0].id).toBe(events[events.length - 1].id);
  });

  it('refuses a second update while one runs, and stops it as CANCELED', async () => {
    const { update_id } = await local.client.pipelines.startUpdate({
      pipeline_id: pipelineId,
    });
    const busy = await apiError(
      local.client.pipelines.startUpdate({ pipeline_id: pipelineId }),
    );
    expect(busy.statusCode).toBe(409);
    expect(busy.message).toMatch(/active update/);
    const stopped = await (
      await local.client.pipelines.stop({ pipeline_id: pipelineId })
    ).wait({ timeout: undefined });
    expect(stopped.state).toBe('IDLE');
    const { update } = await local.client.pipelines.getUpdate({
      pipeline_id: pipelineId,
      update_id: update_id!,
    });
    expect(update?.state).toBe('CANCELED');
    const { updates } = await local.client.pipelines.listUpdates({
      pipeline_id: pipelineId,
      max_results: 2,
    });
    expect(updates?.[0].update_id).toBe(update_id);
  });

  it('refuses an unknown event order with 400', async () => {
    const error = await apiError(
      all(
        local.client.pipelines.listPipelineEvents({
          pipeline_id: pipelineId,
          order_by: ['level desc'],
        }),
      ),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/order_by must be 'timestamp asc'/);
  });

  it('answers 404 for an unknown pipeline', async () => {
    const error = await apiError(
      local.client.pipelines.get({ pipeline_id: 'nope' }),
    );
    expect(error.statusCode).toBe(404);
    expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
