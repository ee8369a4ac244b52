import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Deploy the rendered bundle (dev target) to the local workspace the portal reads as dev, and record the ids',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy-local',
          name: 'Deploy to the local workspace',
          if: "${{ parameters.publishTarget === 'local' }}",
          action: 'fmlops:bundle:deploy-local',
          input: { workspace: 'dev', target: 'dev' },
        },
      ],
    }),
  },
];
