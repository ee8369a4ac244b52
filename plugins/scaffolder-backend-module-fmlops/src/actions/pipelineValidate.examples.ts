import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Check all form values of the template before rendering',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          name: 'Check the values',
          action: 'fmlops:pipeline:validate',
          input: { values: '${{ parameters }}' },
        },
      ],
    }),
  },
  {
    description: 'Check a hand-written set of values',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          name: 'Check the values',
          action: 'fmlops:pipeline:validate',
          input: {
            values: {
              name: 'card-fraud-detector',
              owner: 'group:default/fraud-ml',
              description:
                'Card-not-present fraud scored on every authorisation.',
              workspaces: {
                dev: 'http://127.0.0.1:8787',
                acc: 'https://adb-1111111111111111.1.azuredatabricks.net',
                prd: 'https://adb-2222222222222222.2.azuredatabricks.net',
              },
              servingWorkspace: 'dev',
              catalog: 'fmlops_demo',
              schema: 'cards',
              warehouseId: 'f1a2b3c4d5e6f708',
              nodeTypeId: 'i3.xlarge',
              finnhubSymbols: ['AAPL'],
              alphaVantageSymbols: ['AAPL'],
              alphaVantageSeries: ['TIME_SERIES_DAILY_ADJUSTED'],
              algorithms: ['xgboost', 'isolation_forest'],
              primaryMetric: 'pr_auc',
              searchIterations: 8,
              gate: { minPrAuc: 0.6, minF1: 0.5, minImprovement: 0.005 },
              drift: {
                psiWarning: 0.1,
                psiDrift: 0.2,
                jsDistanceDrift: 0.1,
                schedule: '0 0 * * * ?',
                timezone: 'UTC',
              },
              retraining: {
                windowsInDrift: 3,
                ofLastWindows: 6,
                cooldownHours: 24,
              },
              serving: {
                workloadSize: 'Small',
                scaleToZero: true,
                rolloutStrategy: 'canary',
                canarySteps: [10, 50, 100],
                bakeMinutes: 30,
              },
              ciProvider: 'github-actions',
              publishTarget: 'local',
            },
          },
        },
      ],
    }),
  },
];
