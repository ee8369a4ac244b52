import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the model of the form in the workspace the portal serves from',
    example: yaml.stringify({
      steps: [
        {
          id: 'model',
          name: 'Register the model in Unity Catalog',
          action: 'databricks:model:register',
          input: {
            workspace: '${{ parameters.servingWorkspace }}',
            catalog: '${{ parameters.catalog }}',
            schema: '${{ parameters.schema }}',
            model: "${{ parameters.name | replace('-', '_') }}",
          },
        },
      ],
    }),
  },
  {
    description: 'Register a model with a comment',
    example: yaml.stringify({
      steps: [
        {
          id: 'model',
          name: 'Register the model in Unity Catalog',
          action: 'databricks:model:register',
          input: {
            workspace: 'dev',
            catalog: 'fmlops_demo',
            schema: 'cards',
            model: 'card_fraud_detector',
            comment: 'Card-not-present fraud, scored on every authorisation.',
          },
        },
      ],
    }),
  },
];
