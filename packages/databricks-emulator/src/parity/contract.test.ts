/*
 * The parity corpus's contract tests: every case against the local workspace, always; and against
 * a real workspace when DATABRICKS_HOST and DATABRICKS_TOKEN are set, recording what it answered
 * in src/parity/recorded/, which the local run then compares itself with.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LocalWorkspace, startLocalWorkspace } from '../index';
import { PARITY_CASES } from './index';
import { localTarget, realTarget, REAL_WORKSPACE_ENV } from './targets';
import {
  outcomeOf,
  ParityCase,
  ParityTarget,
  RecordedSnapshot,
  snapshotDifferences,
  snapshotOf,
  violations,
} from './types';

jest.setTimeout(60_000);

const RECORDED = path.join(__dirname, 'recorded');

function recorded(id: string): RecordedSnapshot | undefined {
  const file = path.join(RECORDED, `${id}.json`);
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedSnapshot)
    : undefined;
}

describe('the parity corpus', () => {
  it('names a public source and a unique id for every case, and covers every call the gateway makes', () => {
    const ids = PARITY_CASES.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of PARITY_CASES) {
      expect(c.sources.length).toBeGreaterThan(0);
    }
    const gatewayDir = path.resolve(
      __dirname,
      '../../../../plugins/fmlops-node/src/gateway',
    );
    // the gateway names each call it makes, e.g. 'servingEndpoints.updateConfig'
    const gatewayCalls = new Set(
      fs
        .readdirSync(gatewayDir)
        .filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .flatMap(f =>
          [
            ...fs
              .readFileSync(path.join(gatewayDir, f), 'utf8')
              .matchAll(
                /'((?:servingEndpoints|registeredModels|modelVersions|schemas|mlflowRegisteredModels|mlflowModelVersions|experiments|jobs|pipelines|statementExecution)\.[a-zA-Z]+)'/g,
              ),
          ].map(m => m[1]),
        ),
    );
    expect(gatewayCalls.size).toBeGreaterThan(25);
    const covered = new Set(PARITY_CASES.flatMap(c => c.calls));
    expect([...gatewayCalls].filter(call => !covered.has(call))).toEqual([]);
  });
});

describe('recorded snapshots', () => {
  it('keep only the structure of a real answer, and catch a local answer that differs from it', () => {
    const answer = {
      name: 'card-fraud',
      config: { served_entities: [{ workload_type: 'GPU_SMALL' }] },
    };
    const snapshot = snapshotOf('x', { ok: true, value: answer }, new Date(0));
    expect(JSON.stringify(snapshot)).not.toContain('card-fraud');
    expect(snapshot.outcome).toEqual({
      ok: true,
      types: {
        '.': 'object',
        name: 'string',
        config: 'object',
        'config.served_entities': 'array',
        'config.served_entities[]': 'object',
        'config.served_entities[].workload_type': 'string',
      },
    });
    expect(
      snapshotDifferences(snapshot, {
        ok: true,
        value: { name: 'other', extra: 1 },
      }),
    ).toEqual([]);
    expect(
      snapshotDifferences(snapshot, { ok: true, value: { name: 7 } }),
    ).toEqual(['name: real string, local number']);
    const notFound = snapshotOf(
      'y',
      {
        ok: false,
        status: 400,
        errorCode: 'INVALID_PARAMETER_VALUE',
        message: 'Job 1 does not exist.',
      },
      new Date(0),
    );
    expect(
      snapshotDifferences(notFound, {
        ok: false,
        status: 404,
        errorCode: 'RESOURCE_DOES_NOT_EXIST',
        message: '',
      }),
    ).toEqual([
      'real 400 INVALID_PARAMETER_VALUE, local 404 RESOURCE_DOES_NOT_EXIST',
    ]);
  });
});

describe('the local workspace answers as the parity corpus says', () => {
  let ws: LocalWorkspace;
  let target: ParityTarget;
  beforeAll(async () => {
    ws = await startLocalWorkspace({
      port: 0,
      scenarios: ['canary', 'payments-fraud-scorer-dev'],
      servingSystemTables: true,
      statementChunkRows: 2,
    });
    target = localTarget(ws);
  });
  afterAll(() => ws.stop());
  beforeEach(() => ws.state.reset());

  it.each(PARITY_CASES.map(c => [c.id, c] as const))(
    '%s',
    async (_id, c: ParityCase) => {
      const outcome = await outcomeOf(c.run(target));
      expect(violations(c.expect, outcome)).toEqual([]);
      const snapshot = recorded(c.id);
      // no recorded snapshot: nothing to differ from
      const differences = snapshot
        ? snapshotDifferences(snapshot, outcome)
        : [];
      expect(differences).toEqual([]);
    },
  );
});

const real = realTarget(process.env);
if (!real) {
  process.stderr.write(
    `parity: the real-workspace contract suite was not run; set ${REAL_WORKSPACE_ENV.host} and ${REAL_WORKSPACE_ENV.token} (and the FMLOPS_PARITY_* names, see packages/databricks-emulator/README.md) to run it.\n`,
  );
} else {
  const runnable = PARITY_CASES.filter(
    c => c.needs.every(n => real.names[n]) && (!c.writes || real.writes),
  );
  const left = PARITY_CASES.filter(c => !runnable.includes(c));
  if (left.length > 0) {
    process.stderr.write(
      `parity: ${
        left.length
      } cases not run against the real workspace (resource not named, or writes not allowed with ${
        REAL_WORKSPACE_ENV.writes
      }=1): ${left.map(c => c.id).join(', ')}\n`,
    );
  }
  describe(`a real workspace answers as the parity corpus says`, () => {
    jest.setTimeout(25 * 60_000);
    it.each(runnable.map(c => [c.id, c] as const))(
      '%s',
      async (_id, c: ParityCase) => {
        const outcome = await outcomeOf(c.run(real));
        fs.mkdirSync(RECORDED, { recursive: true });
        fs.writeFileSync(
          path.join(RECORDED, `${c.id}.json`),
          `${JSON.stringify(snapshotOf(c.id, outcome, new Date()), null, 2)}\n`,
        );
        expect(violations(c.expect, outcome)).toEqual([]);
      },
    );
  });
}
