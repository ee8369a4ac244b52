import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Check the bundle rendered into the workspace root',
    example: yaml.stringify({
      steps: [
        {
          id: 'bundle',
          name: 'Check the bundle',
          action: 'fmlops:bundle:validate',
        },
      ],
    }),
  },
  {
    description: 'Check a bundle rendered into a sub-directory',
    example: yaml.stringify({
      steps: [
        {
          id: 'bundle',
          name: 'Check the bundle',
          action: 'fmlops:bundle:validate',
          input: { path: 'bundle' },
        },
      ],
    }),
  },
];
