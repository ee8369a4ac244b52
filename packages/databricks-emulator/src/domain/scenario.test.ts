import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadScenarios,
  normaliseScenario,
  syntheticScenarios,
} from './scenario';

describe('loadScenarios', () => {
  it('loads the five demo models with the ids the catalog examples use', () => {
    const rows = loadScenarios().map(s => [
      s.scenario,
      s.endpoint,
      s.ucModel,
      s.experimentId,
      s.tournamentJobId,
      s.driftJobId,
      s.driftTable,
      s.pipelineId,
    ]);
    expect(rows).toEqual([
      [
        'canary',
        'ach-payment-anomaly',
        'fmlops_demo.payments.ach_payment_anomaly',
        '1003',
        2021,
        2022,
        'fmlops_demo.payments.ach_payment_anomaly_drift',
        '4f1c2a10-0003-4d6e-9a3b-000000000003',
      ],
      [
        'drifting',
        'trade-anomaly-detector',
        'fmlops_demo.markets.trade_anomaly_detector',
        '1002',
        2011,
        2012,
        'fmlops_demo.markets.trade_anomaly_detector_drift',
        '4f1c2a10-0002-4d6e-9a3b-000000000002',
      ],
      [
        'failing-expectation',
        'market-abuse-detector',
        'fmlops_demo.markets.market_abuse_detector',
        '1005',
        2041,
        2042,
        'fmlops_demo.markets.market_abuse_detector_drift',
        '4f1c2a10-0005-4d6e-9a3b-000000000005',
      ],
      [
        'healthy',
        'card-fraud-detector',
        'fmlops_demo.cards.card_fraud_detector',
        '1001',
        2001,
        2002,
        'fmlops_demo.cards.card_fraud_detector_drift',
        '4f1c2a10-0001-4d6e-9a3b-000000000001',
      ],
      [
        'latency-spike',
        'wire-fraud-detector',
        'fmlops_demo.payments.wire_fraud_detector',
        '1004',
        2031,
        2032,
        'fmlops_demo.payments.wire_fraud_detector_drift',
        '4f1c2a10-0004-4d6e-9a3b-000000000004',
      ],
    ]);
  });

  it('gives every demo model two tournaments or more and twelve drift windows or more', () => {
    for (const s of loadScenarios()) {
      expect(s.versions.length).toBeGreaterThanOrEqual(2);
      expect(s.drift.windows).toBeGreaterThanOrEqual(12);
    }
  });

  it('loads by name or by file, and names the built-in ones for an unknown name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
    const file = path.join(dir, 'mine.yaml');
    fs.writeFileSync(
      file,
      [
        'ucModel: team.fraud.my_model',
        'endpoint: my-model',
        'experimentId: 77',
        'pipelineId: p-1',
        'driftTable: team.fraud.my_model_drift',
      ].join('\n'),
    );
    const [canary, mine] = loadScenarios(['canary', file]);
    expect(canary.serving.routes).toEqual([
      { version: 3, percent: 90 },
      { version: 4, percent: 10 },
    ]);
    expect(mine).toMatchObject({
      scenario: 'mine',
      experimentId: '77',
      experimentName: '/Shared/fmlops/my-model',
      aliases: { champion: 1 },
      serving: { routes: [{ version: 1, percent: 100 }] },
    });
    expect(() => loadScenarios(['nope'])).toThrow(
      /Unknown scenario .*nope.yaml; built-in: canary, drifting, failing-expectation, healthy, latency-spike/,
    );
  });
});

describe('normaliseScenario', () => {
  const base = {
    ucModel: 'c.s.m',
    endpoint: 'm',
    experimentId: '1',
    pipelineId: 'p',
    driftTable: 'c.s.m_drift',
    versions: [
      { version: 1, prAuc: 0.7 },
      { version: 2, prAuc: 0.75 },
    ],
  };

  it('keeps the tags the owners set, none by default', () => {
    expect(normaliseScenario(base, 'x').tags).toEqual({});
    expect(
      normaliseScenario({ ...base, tags: { team: 'fraud' } }, 'x').tags,
    ).toEqual({ team: 'fraud' });
  });

  it.each([
    [
      { ...base, tags: { team: 3 } } as any,
      /tags must map tag keys to string values/,
    ],
    [{ ...base, ucModel: 'just_a_name' }, /is not catalog.schema.model/],
    [{ ...base, endpoint: undefined }, /endpoint is required/],
    [
      { ...base, versions: [{ version: 1, prAuc: 1.5 }] },
      /prAuc must be between 0 and 1/,
    ],
    [
      { ...base, aliases: { champion: 9 } },
      /alias champion points at version 9/,
    ],
    [
      {
        ...base,
        serving: {
          routes: [
            { version: 1, percent: 60 },
            { version: 2, percent: 30 },
          ],
        },
      },
      /serving routes sum to 90, not 100/,
    ],
    [
      { ...base, serving: { routes: [{ version: 3, percent: 100 }] } },
      /routes to version 3/,
    ],
    [{ ...base, tournaments: 3 }, /unknown key 'tournaments'/],
  ])('refuses a bad scenario (%#) naming the file', (raw, message) => {
    expect(() => normaliseScenario(raw as never, 'bad.yaml')).toThrow(
      new RegExp(`Scenario bad.yaml: .*${message.source}`),
    );
  });
});

describe('syntheticScenarios', () => {
  it('makes distinct models, the same ones every time, some of them drifting', () => {
    const models = syntheticScenarios(50);
    expect(new Set(models.map(m => m.endpoint)).size).toBe(50);
    expect(new Set(models.map(m => m.tournamentJobId)).size).toBe(50);
    expect(new Set(models.map(m => m.driftJobId)).size).toBe(50);
    expect(syntheticScenarios(50)).toEqual(models);
    const drifting = models.filter(m => m.drift.startWindow !== undefined);
    expect(drifting.length).toBeGreaterThan(0);
    expect(drifting.length).toBeLessThan(models.length);
  });
});
