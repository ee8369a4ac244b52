import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { pipelineValueProblems } from './pipelineValues';
import { formatProblems } from './problems';
import { unityCatalogIdentifierProblems } from './unityCatalog';

const EXAMPLE_VALUES = parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../../templates/anomaly-detection-pipeline/example-values.yaml',
    ),
    'utf8',
  ),
) as Record<string, any>;

const context = { configuredWorkspaces: ['dev'] };

function withChanges(change: (values: Record<string, any>) => void) {
  const values = structuredClone(EXAMPLE_VALUES);
  change(values);
  return values;
}

function problemsOf(values: unknown) {
  const byField: Record<string, string> = {};
  for (const { field, message } of pipelineValueProblems(values, context)) {
    byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
  }
  return byField;
}

describe('pipelineValueProblems', () => {
  it('accepts the template example values', () => {
    expect(pipelineValueProblems(EXAMPLE_VALUES, context)).toEqual([]);
  });

  it('rejects a non-object', () => {
    expect(pipelineValueProblems(['a'], context)).toEqual([
      { field: 'values', message: 'must be an object, got a list' },
    ]);
  });

  it('reports every problem at once, one per field', () => {
    const problems = pipelineValueProblems(
      withChanges(v => {
        v.catalog = 'Fmlops.Demo';
        v.gate.minPrAuc = 1.2;
        v.drift.psiDrift = 0.05;
        v.drift.schedule = '0 0 * * *';
        v.serving.canarySteps = [10, 5, 80];
        v.description = 'Fraud model\nkind: Group';
      }),
      context,
    );
    expect(problems.map(p => p.field)).toEqual([
      'description',
      'description',
      'catalog',
      'gate.minPrAuc',
      'drift.psiDrift',
      'drift.schedule',
      'serving.canarySteps',
      'serving.canarySteps',
    ]);
    expect(formatProblems(problems)).toContain(
      '- gate.minPrAuc: must be between 0 and 1, got 1.2',
    );
  });

  it('explains what is wrong with Unity Catalog identifiers', () => {
    expect(problemsOf(withChanges(v => (v.schema = '1st schema')))).toEqual({
      schema:
        '"1st schema" must not start with a digit; "1st schema" must not contain spaces',
    });
    expect(unityCatalogIdentifierProblems('pay`ments')).toEqual([
      'must not contain backticks',
    ]);
    expect(unityCatalogIdentifierProblems('fmlops_demo.cards')).toEqual([
      'must not contain dots',
    ]);
    expect(unityCatalogIdentifierProblems("o'brien")).toEqual([
      'must not contain quotes',
    ]);
    expect(unityCatalogIdentifierProblems('a'.repeat(256))).toEqual([
      'is 256 characters long; at most 255',
    ]);
    expect(unityCatalogIdentifierProblems('café')).toEqual([
      'may only contain lower-case letters, digits and underscores',
    ]);
    expect(unityCatalogIdentifierProblems('_staging_2')).toEqual([]);
  });

  it('rejects injection through the name and the description', () => {
    expect(
      problemsOf(withChanges(v => (v.name = 'x\n  annotations: {}'))).name,
    ).toMatch(/must be kebab-case.*single line/);
    expect(problemsOf(withChanges(v => (v.name = '../../etc'))).name).toMatch(
      /parent-directory path/,
    );
    expect(
      problemsOf(withChanges(v => (v.description = 'Scores ${{ secrets.X }}')))
        .description,
    ).toMatch(/template expression/);
    expect(
      problemsOf(
        withChanges(v => (v.description = 'Scores payments; rm -rf /')),
      ).description,
    ).toMatch(/shell metacharacters/);
  });

  it('rejects a name that would make the Python package a keyword', () => {
    expect(problemsOf(withChanges(v => (v.name = 'import')))).toEqual({
      name: '"import" is a Python keyword and cannot name the Python package',
    });
  });

  it('checks threshold ranges and ordering', () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.gate.minF1 = -0.1;
          v.drift.psiWarning = 0.3;
          v.drift.jsDistanceDrift = 0;
          v.retraining.windowsInDrift = 6;
          v.retraining.ofLastWindows = 3;
          v.serving.maxErrorRate = 2;
          v.searchIterations = 2.5;
        }),
      ),
    ).toEqual({
      'gate.minF1': 'must be between 0 and 1, got -0.1',
      'drift.psiDrift': 'must be above the warning level (0.3), got 0.2',
      'drift.jsDistanceDrift': 'must be above 0 and at most 1, got 0',
      'retraining.ofLastWindows': 'must be at least windowsInDrift (6), got 3',
      'serving.maxErrorRate': 'must be between 0 and 1, got 2',
      searchIterations: 'must be a whole number, got 2.5',
    });
  });

  it('requires canary steps that increase and end at 100, only for canary roll-outs', () => {
    expect(
      problemsOf(withChanges(v => (v.serving.canarySteps = [10, 50])))[
        'serving.canarySteps'
      ],
    ).toBe(
      'must end at 100 % so the challenger takes all traffic, ends at 50 %',
    );
    expect(
      problemsOf(withChanges(v => (v.serving.canarySteps = [50, 50, 100])))[
        'serving.canarySteps'
      ],
    ).toBe('must increase step by step, but 50 % follows 50 %');
    expect(
      problemsOf(withChanges(v => (v.serving.canarySteps = [0, 100])))[
        'serving.canarySteps.0'
      ],
    ).toBe('must be between 1 and 100, got 0');
    expect(
      problemsOf(
        withChanges(v => {
          v.serving.rolloutStrategy = 'direct';
          v.serving.canarySteps = [70];
        }),
      ),
    ).toEqual({});
  });

  it('checks the Quartz schedule and the time zone', () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.drift.schedule = '0 0 24 * * ?';
          v.drift.timezone = 'Mars/Olympus_Mons';
          v.trainingSchedule = '0 0 3 * * SUN';
          v.notificationEmail = 'fraud-ml at example.com';
          v.portalUrl = 'backstage.example.com?x=1';
        }),
      ),
    ).toEqual({
      'drift.schedule':
        '"0 0 24 * * ?" hours field "24": 24 is out of range 0-23',
      trainingSchedule: expect.stringMatching(/^"0 0 3 \* \* SUN" .*\?/),
      notificationEmail: '"fraud-ml at example.com" is not an e-mail address',
      portalUrl:
        '"backstage.example.com?x=1" must be the portal\'s base URL, e.g. https://backstage.example.com',
      'drift.timezone':
        '"Mars/Olympus_Mons" is not an IANA time zone, e.g. UTC or Europe/Amsterdam',
    });
  });

  it('accepts only workspaces the portal knows and serves from', () => {
    expect(
      problemsOf(withChanges(v => (v.servingWorkspace = 'staging'))),
    ).toEqual({
      servingWorkspace:
        '"staging" is not a known workspace; known: dev, acc, prd',
    });
    expect(problemsOf(withChanges(v => (v.servingWorkspace = 'prd')))).toEqual({
      servingWorkspace:
        '"prd" is not configured in the portal (fmlops.workspaces has dev); the model could not be registered or shown',
    });
    expect(
      pipelineValueProblems(
        withChanges(v => (v.servingWorkspace = 'prd')),
        { configuredWorkspaces: ['dev', 'prd'] },
      ),
    ).toEqual([]);
  });

  it('checks workspace hosts: https for acc and prd, no credentials or paths', () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.workspaces.acc = 'http://adb-1.azuredatabricks.net';
          v.workspaces.prd = 'https://user:pw@adb-2.azuredatabricks.net/api';
        }),
      ),
    ).toEqual({
      'workspaces.acc': 'must use https, got http',
      'workspaces.prd':
        'must not contain credentials; must be the workspace host only, without a path or query',
    });
  });

  it('requires a GitHub repository when publishing to GitHub', () => {
    expect(problemsOf(withChanges(v => (v.publishTarget = 'github')))).toEqual({
      repoUrl: 'is required',
    });
    expect(
      problemsOf(
        withChanges(v => {
          v.publishTarget = 'github';
          v.repoUrl = 'github.com?owner=fmlops&repo=payments-anomaly-detector';
        }),
      ),
    ).toEqual({});
  });

  it('checks enumerations, lists and types', () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.algorithms = ['xgboost', 'catboost', 'xgboost'];
          v.finnhubSymbols = ['aapl'];
          v.primaryMetric = 'roc_auc';
          v.serving.scaleToZero = 'yes';
          delete v.owner;
        }),
      ),
    ).toEqual({
      owner: 'is required',
      'finnhubSymbols.0': '"aapl" is not an upper-case ticker, e.g. AAPL',
      algorithms: 'lists "xgboost" more than once',
      'algorithms.1':
        'must be one of xgboost, lightgbm, random_forest, isolation_forest, got "catboost"',
      primaryMetric:
        'must be one of pr_auc, f1, precision, recall, got "roc_auc"',
      'serving.scaleToZero': 'must be true or false, got string "yes"',
    });
  });
  it("takes each field's rules from the template's form schema, with its own wording", () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.finnhubSymbols = ['AAPL', 5];
          v.gate.minImprovement = '0.1';
          v.alphaVantageSymbols = [];
          v.algorithms = [];
          v.description = 'Too short';
        }),
      ),
    ).toEqual({
      description: 'must be 10 to 280 characters long, got 9',
      'finnhubSymbols.1': 'must be text, got number 5',
      alphaVantageSymbols: 'must have 1 to 25 entries, got 0',
      algorithms: 'must have at least one entry, got 0',
      'gate.minImprovement': 'must be a number, got string "0.1"',
    });
  });

  it('shows the pattern of the form when no explanation applies', () => {
    expect(
      problemsOf(withChanges(v => (v.workspaces.dev = 'http://a_b.local'))),
    ).toEqual({
      'workspaces.dev':
        '"http://a_b.local" does not have the expected form ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$',
    });
  });

  it('counts fields left empty as not given', () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.system = '';
          v.servicePrincipalId = null;
          v.owner = '';
        }),
      ),
    ).toEqual({ owner: 'is required' });
  });

  it("requires fields that another field's value calls for", () => {
    expect(
      problemsOf(
        withChanges(v => {
          delete v.intradayInterval;
          delete v.serving.canarySteps;
        }),
      ),
    ).toEqual({
      intradayInterval: 'is required',
      'serving.canarySteps': 'is required',
    });
    expect(
      problemsOf(
        withChanges(v => {
          v.alphaVantageSeries = ['TIME_SERIES_DAILY_ADJUSTED'];
          delete v.intradayInterval;
          v.serving.rolloutStrategy = 'direct';
          delete v.serving.canarySteps;
        }),
      ),
    ).toEqual({});
  });

  it('checks the GitHub repository only when publishing to GitHub', () => {
    expect(
      problemsOf(
        withChanges(v => {
          v.publishTarget = 'github';
          v.repoUrl = 'gitlab.com?owner=fmlops&repo=x';
        }),
      ),
    ).toEqual({
      repoUrl:
        '"gitlab.com?owner=fmlops&repo=x" must be github.com?owner=<owner>&repo=<repository>',
    });
    expect(
      problemsOf(withChanges(v => (v.repoUrl = 'not used when local'))),
    ).toEqual({});
  });
});
