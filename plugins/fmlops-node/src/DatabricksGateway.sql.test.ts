import { mockServices } from '@backstage/backend-test-utils';
import {
  LocalWorkspace,
  startLocalWorkspace,
} from '@fmlops/databricks-emulator';
import { DatabricksGateway } from './DatabricksGateway';
import { DatabricksUnavailableError } from './errors';

const DRIFT_TABLE = 'fmlops_demo.cards.card_fraud_detector_drift';

describe('executeStatement on a slow warehouse', () => {
  let workspace: LocalWorkspace;

  beforeAll(async () => {
    workspace = await startLocalWorkspace({
      port: 0,
      token: 'dapi-sql-test',
      scenarios: ['healthy'],
      // every statement runs 600 ms: the submission answers PENDING
      statementExecutionMs: 600,
    });
  });

  afterAll(() => workspace.stop());

  const gatewayWith = (statementTimeoutMs: number) =>
    DatabricksGateway.create({
      workspaces: [
        {
          alias: 'dev',
          host: workspace.url,
          auth: { type: 'pat', token: 'dapi-sql-test' },
          warehouseId: workspace.warehouseId,
          requestTimeoutMs: 2_000,
          statementTimeoutMs,
          maxAttempts: 2,
          initialBackoffMs: 10,
          maxBackoffMs: 40,
          maxRetryAfterMs: 1_000,
          breakerThreshold: 5,
          breakerHalfOpenAfterMs: 1_000,
        },
      ],
      logger: mockServices.logger.mock(),
    });

  const requestsMatching = (pattern: RegExp) =>
    [...workspace.requests]
      .filter(([key]) => pattern.test(key))
      .reduce((sum, [, n]) => sum + n, 0);

  it('polls a pending statement until it succeeds', async () => {
    const polls = () =>
      requestsMatching(/^GET \/api\/2\.0\/sql\/statements\/[^/]+$/);
    const before = polls();
    const started = Date.now();
    const rows = await gatewayWith(5_000).executeStatement(
      'dev',
      `SELECT feature, psi FROM ${DRIFT_TABLE} WHERE feature = :feature`,
      [{ name: 'feature', value: 'amount' }],
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(r => r.feature === 'amount')).toBe(true);
    expect(polls() - before).toBeGreaterThanOrEqual(1);
  });

  it('cancels a statement that outlives the statement time-out', async () => {
    const cancels = () => requestsMatching(/\/cancel$/);
    const before = cancels();
    const started = Date.now();
    const error = await gatewayWith(250)
      .executeStatement('dev', `SELECT COUNT(*) AS n FROM ${DRIFT_TABLE}`)
      .catch(e => e);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(600);
    expect(error).toBeInstanceOf(DatabricksUnavailableError);
    expect(error.message).toMatch(/did not finish within 250 ms; cancelled/);
    expect(cancels() - before).toBe(1);
  });
});
