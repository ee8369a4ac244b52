import { useLocalWorkspace } from '../__testUtils__/workspace';

/** The drift tables the scenarios seed, read through the Statement Execution API. */

jest.setTimeout(60_000);

describe('drift windows', () => {
  const local = useLocalWorkspace({ token: 'dapi-workspace-test' });

  const query = async (statement: string) => {
    const r = await local.client.statementExecution.executeStatement({
      warehouse_id: local.ws.warehouseId,
      statement,
      wait_timeout: '30s',
    });
    expect(r.status?.state).toBe('SUCCEEDED');
    return r.result?.data_array ?? [];
  };

  it('keeps at least twelve windows per model, every feature in each', async () => {
    for (const table of [
      'fmlops_demo.cards.card_fraud_detector_drift',
      'fmlops_demo.markets.trade_anomaly_detector_drift',
    ]) {
      const rows = await query(
        `SELECT COUNT(DISTINCT window_start), COUNT(DISTINCT feature) FROM ${table}`,
      );
      expect(Number(rows[0][0])).toBeGreaterThanOrEqual(12);
      expect(Number(rows[0][1])).toBe(7);
    }
  });

  it('shows the drifting model drifting on its recent windows, the healthy one stable', async () => {
    const recent = await query(`
      SELECT feature, status FROM fmlops_demo.markets.trade_anomaly_detector_drift
      WHERE window_start = (SELECT MAX(window_start) FROM fmlops_demo.markets.trade_anomaly_detector_drift)
        AND feature IN ('amount', 'volume_zscore')`);
    expect(recent.map(r => r[1])).toEqual(['drift', 'drift']);
    const early = await query(`
      SELECT DISTINCT status FROM fmlops_demo.markets.trade_anomaly_detector_drift
      WHERE window_start = (SELECT MIN(window_start) FROM fmlops_demo.markets.trade_anomaly_detector_drift)`);
    expect(early).toEqual([['stable']]);
    const healthy = await query(
      "SELECT COUNT(*) FROM fmlops_demo.cards.card_fraud_detector_drift WHERE status = 'drift'",
    );
    expect(healthy).toEqual([['0']]);
  });

  it('stores histograms on the same bins in every window', async () => {
    const rows = await query(`
      SELECT feature, COUNT(DISTINCT bin_lower || '-' || bin_upper), COUNT(DISTINCT window_start)
      FROM fmlops_demo.markets.trade_anomaly_detector_drift_histograms
      WHERE feature = 'amount' GROUP BY feature`);
    expect(Number(rows[0][1])).toBe(12);
    expect(Number(rows[0][2])).toBeGreaterThanOrEqual(12);
  });

  it('keeps inference metrics per window and version', async () => {
    const rows = await query(`
      SELECT model_version, COUNT(*) FROM fmlops_demo.payments.ach_payment_anomaly_inference_metrics
      GROUP BY model_version`);
    expect(rows).toEqual([['3', expect.any(String)]]);
    expect(Number(rows[0][1])).toBeGreaterThanOrEqual(12);
  });
});
