import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import shipped from './templateValues.schema.json';
import { formFieldOrder, valuesSchemaOfTemplate } from './templateValuesSchema';

const TEMPLATE = path.resolve(
  __dirname,
  '../../../../../templates/anomaly-detection-pipeline/template.yaml',
);

describe('the values schema the module ships', () => {
  it('is the rules of template.yaml: run `yarn generate:values-schema` after changing its parameters', () => {
    const { $comment, ...rules } = shipped;
    expect($comment).toMatch(/^Generated from templates\//);
    expect(rules).toEqual(
      valuesSchemaOfTemplate(parse(fs.readFileSync(TEMPLATE, 'utf8'))),
    );
  });
});

describe('valuesSchemaOfTemplate', () => {
  const template = {
    spec: {
      parameters: [
        {
          title: 'Project',
          required: ['description'],
          properties: {
            // a field named like an annotation stays
            description: {
              title: 'Description',
              description: 'What the model detects',
              type: 'string',
              minLength: 10,
              'ui:widget': 'textarea',
            },
          },
        },
        {
          properties: { target: { type: 'string', enum: ['github', 'local'] } },
          dependencies: {
            target: {
              oneOf: [
                {
                  required: ['repoUrl'],
                  properties: {
                    target: { const: 'github' },
                    repoUrl: { type: 'string', 'ui:field': 'RepoUrlPicker' },
                  },
                },
              ],
            },
          },
        },
      ],
    },
  };

  it('keeps the rules of every step and leaves out form-only keys and annotations', () => {
    expect(valuesSchemaOfTemplate(template)).toEqual({
      type: 'object',
      allOf: [
        {
          required: ['description'],
          properties: { description: { type: 'string', minLength: 10 } },
        },
        {
          properties: { target: { type: 'string', enum: ['github', 'local'] } },
          dependencies: {
            target: {
              oneOf: [
                {
                  required: ['repoUrl'],
                  properties: {
                    target: { const: 'github' },
                    repoUrl: { type: 'string' },
                  },
                },
              ],
            },
          },
        },
      ],
    });
  });

  it('lists the fields in the order of the form', () => {
    expect(formFieldOrder(valuesSchemaOfTemplate(template))).toEqual([
      'description',
      'target',
      'repoUrl',
    ]);
    expect(formFieldOrder(shipped).slice(0, 8)).toEqual([
      'name',
      'owner',
      'description',
      'system',
      'policy',
      'workspaces',
      'workspaces.dev',
      'workspaces.acc',
    ]);
  });

  it('refuses a template without parameters', () => {
    expect(() => valuesSchemaOfTemplate({ spec: {} })).toThrow(
      'the template has no spec.parameters',
    );
  });
});
