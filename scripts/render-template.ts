/**
 * Renders templates/anomaly-detection-pipeline with example-values.yaml through the scaffolder's own
 * fetch:template action (the step of template.yaml, its input templated as the scaffolder does), so
 * the generated project's tests and schema check run on exactly what a user gets.
 * Usage: node --require @backstage/cli/config/nodeTransform.cjs scripts/render-template.ts <out dir>
 */
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');
const templateDir = path.join(root, 'templates/anomaly-detection-pipeline');

/** `${{ expr }}` in a step input, evaluated against the parameters; whole expressions keep their type. */
function templateInput(
  value: unknown,
  env: nunjucks.Environment,
  context: object,
): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(value.trim());
    if (whole) {
      const rendered = env.renderString(`{{ (${whole[1]}) | dump }}`, context);
      return rendered === '' ? undefined : JSON.parse(rendered);
    }
    return env.renderString(value.replace(/\$\{\{/g, '{{'), context);
  }
  if (Array.isArray(value))
    return value.map(v => templateInput(v, env, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        templateInput(v, env, context),
      ]),
    );
  }
  return value;
}

async function main() {
  const out = path.resolve(
    process.argv[2] ?? path.join(root, '.test-reports/generated-pipeline'),
  );
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const template = parse(
    fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
  );
  const parameters = parse(
    fs.readFileSync(path.join(templateDir, 'example-values.yaml'), 'utf8'),
  );
  const step = template.spec.steps.find(
    (s: { action: string }) => s.action === 'fetch:template',
  );
  const env = new nunjucks.Environment(undefined, { autoescape: false });
  env.addFilter('replace', (s: string, a: string, b: string) =>
    String(s ?? '')
      .split(a)
      .join(b),
  );
  const input = templateInput(step.input, env, { parameters }) as Record<
    string,
    any
  >;

  const action = createFetchTemplateAction({
    reader: {
      readUrl: async () => {
        throw new Error('no remote reads');
      },
      readTree: async () => {
        throw new Error('no remote reads');
      },
      search: async () => {
        throw new Error('no remote reads');
      },
    } as any,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  const logger: any = {
    info: () => {},
    debug: () => {},
    warn: (m: string) => process.stderr.write(`${m}\n`),
    error: (m: string) => process.stderr.write(`${m}\n`),
    child: () => logger,
  };
  await action.handler({
    input,
    workspacePath: out,
    logger,
    output: () => {},
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    createTemporaryDirectory: async () =>
      fs.mkdtempSync(path.join(os.tmpdir(), 'fmlops-render-')),
    getInitiatorCredentials: async () => ({}),
    templateInfo: {
      entityRef: 'template:default/anomaly-detection-pipeline',
      baseUrl: `file://${templateDir}/template.yaml`,
    },
    isDryRun: false,
  } as any);
  process.stdout.write(`rendered ${parameters.name} into ${out}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
