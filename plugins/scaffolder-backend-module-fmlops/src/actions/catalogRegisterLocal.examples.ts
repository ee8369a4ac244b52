import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Register the project published by fmlops:publish:local',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-local',
          name: 'Register in the catalog',
          action: 'fmlops:catalog:register-local',
          input: {
            catalogInfoUrl:
              "${{ steps['publish-local'].output.catalogInfoUrl }}",
          },
        },
      ],
    }),
  },
  {
    description:
      'Register a published catalog-info.yaml, tolerating a catalog that refuses it',
    example: yaml.stringify({
      steps: [
        {
          id: 'register-local',
          name: 'Register in the catalog',
          action: 'fmlops:catalog:register-local',
          input: {
            catalogInfoUrl:
              'file:///tmp/fmlops-published/card-fraud-detector/catalog-info.yaml',
            optional: true,
          },
        },
      ],
    }),
  },
];
