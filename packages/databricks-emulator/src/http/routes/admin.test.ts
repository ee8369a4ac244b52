import { all } from '../../__testUtils__/sdk';
import { useLocalWorkspace } from '../../__testUtils__/workspace';

/** The admin API: token, emulated clock, scenarios, state export and import, reset. */

jest.setTimeout(60_000);

describe('admin API', () => {
  const local = useLocalWorkspace({ token: 'dapi-workspace-test' });

  it('requires the token', async () => {
    const res = await fetch(`${local.ws.url}/__admin/state`, {
      headers: { Authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(403);
  });

  it('reads and advances the emulated clock', async () => {
    const before = Date.parse(
      (await (await local.admin('GET', '/__admin/clock')).json()).now,
    );
    const res = await local.admin('POST', '/__admin/clock/advance', {
      seconds: 3600,
    });
    const after = Date.parse((await res.json()).now);
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    expect(
      (await local.admin('POST', '/__admin/clock/advance', { seconds: -1 }))
        .status,
    ).toBe(400);
  });

  it('lists scenarios, exports the state, imports it back and resets to the scenarios', async () => {
    const { scenarios } = await (
      await local.admin('GET', '/__admin/scenarios')
    ).json();
    expect(scenarios.map((s: { scenario: string }) => s.scenario)).toEqual([
      'canary',
      'drifting',
      'failing-expectation',
      'healthy',
      'latency-spike',
    ]);
    const fullName = 'fmlops_demo.cards.card_fraud_detector';
    await local.client.registeredModels.setAlias({
      full_name: fullName,
      alias: 'snapshot_marker',
      version_num: 1,
    });
    const snapshot = await (await local.admin('GET', '/__admin/state')).json();
    expect(snapshot.format).toBe('fmlops-local-workspace/1');

    expect((await local.admin('POST', '/__admin/scenarios/reset')).status).toBe(
      200,
    );
    const reset = await local.client.registeredModels.get({
      full_name: fullName,
      include_aliases: true,
    });
    expect(reset.aliases?.map(a => a.alias_name)).toEqual(['champion']);
    const versions = await all(
      local.client.modelVersions.list({
        full_name: 'fmlops_demo.payments.wire_fraud_detector',
      }),
    );
    expect(versions.map(v => v.version)).toEqual([3, 4, 5]);

    expect((await local.admin('POST', '/__admin/state', snapshot)).status).toBe(
      200,
    );
    const restored = await local.client.modelVersions.getByAlias({
      full_name: fullName,
      alias: 'snapshot_marker',
    });
    expect(restored.version).toBe(1);
    const bad = await local.admin('POST', '/__admin/state', {
      format: 'other',
    });
    expect(bad.status).toBe(400);
  });
});
