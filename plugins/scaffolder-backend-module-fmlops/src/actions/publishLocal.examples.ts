import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Publish the rendered project to the local publish folder',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          name: 'Publish to a local folder',
          action: 'fmlops:publish:local',
          input: { repoName: '${{ parameters.name }}' },
        },
      ],
    }),
  },
  {
    description: 'Publish one sub-directory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-local',
          name: 'Publish to a local folder',
          action: 'fmlops:publish:local',
          input: { repoName: 'card-fraud-detector', sourcePath: 'project' },
        },
      ],
    }),
  },
];
