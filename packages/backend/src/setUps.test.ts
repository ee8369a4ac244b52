import { ConfigSources } from '@backstage/config-loader';
import {
  DEFAULT_POLICY,
  laxerThan,
  resolvePolicy,
} from '@fmlops/backstage-plugin-fmlops-common';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/**
 * The config a set-up runs with, as the backend loads it (files in order). Environment variables
 * are given by `env`; any other reads as its own `${NAME}`, so secrets need not be set here.
 */
async function loadSetUp(files: string[], env: Record<string, string> = {}) {
  const source = ConfigSources.default({
    rootDir: root,
    argv: files.flatMap(f => ['--config', path.join(root, f)]),
    substitutionFunc: async name =>
      name === 'FMLOPS_DATA_DIR' ? env[name] : env[name] ?? `\${${name}}`,
  });
  const config = await ConfigSources.toConfig(source);
  config.close();
  return config;
}

describe('the production set-up (app-config.yaml + app-config.production.yaml)', () => {
  it('runs the documented default policy, not the demo one', async () => {
    const config = await loadSetUp([
      'app-config.yaml',
      'app-config.production.yaml',
    ]);
    const policy = resolvePolicy(
      DEFAULT_POLICY,
      config.getOptional('fmlops.defaultPolicy'),
    );
    expect(policy.rollout.bakeMinutes).toBe(30);
    expect(policy).toEqual(DEFAULT_POLICY);
    // named policies refine the default; the template's default policy exists
    const fraud = resolvePolicy(
      policy,
      config.getOptional('fmlops.policies.fraud-detection-default'),
    );
    expect(fraud.rollout.bakeMinutes).toBe(30);
    expect(fraud.rollout.steps).toEqual([10, 50, 100]);
  });

  it('names its admins and pins prd to the documented default, which a laxer model policy cannot undercut', async () => {
    const config = await loadSetUp([
      'app-config.yaml',
      'app-config.production.yaml',
    ]);
    expect(config.getStringArray('fmlops.admins')).toEqual([
      'group:default/platform-admins',
    ]);
    expect(config.getString('fmlops.workspacePolicies.prd')).toBe('default');
    const markets = resolvePolicy(
      DEFAULT_POLICY,
      { name: 'markets-default' },
      config.getOptional('fmlops.policies.markets-default'),
    );
    // 25 % at once: in prd a markets model runs under the default instead
    expect(laxerThan(markets, DEFAULT_POLICY)).toEqual([
      'rollout.steps [25, 100] skip the steps 10, 50 of [10, 50, 100]',
    ]);
    expect(config.getOptional('fmlops.operators')).toBeUndefined();
  });

  it('has no demo: no local workspace, guest, demo catalog, SQLite or local publish target', async () => {
    const config = await loadSetUp([
      'app-config.yaml',
      'app-config.production.yaml',
    ]);
    expect(config.getOptional('fmlops.localWorkspace')).toBeUndefined();
    expect(config.getOptional('fmlops.scaffolder.localPublishDir')).toBe(
      undefined,
    );
    expect(config.getOptional('auth.providers.guest')).toBeUndefined();
    expect(config.getString('backend.database.client')).toBe('pg');
    // replicas share their read cache
    expect(config.getString('backend.cache.store')).toBe('redis');
    const targets = config
      .getConfigArray('catalog.locations')
      .map(l => l.getString('target'));
    expect(targets.filter(t => t.includes('examples'))).toEqual([]);
    for (const alias of config.getConfig('fmlops.workspaces').keys()) {
      expect(config.getString(`fmlops.workspaces.${alias}.host`)).not.toContain(
        '127.0.0.1',
      );
    }
  });
});

describe('the local set-up (app-config.yaml + app-config.local.yaml)', () => {
  it('runs the demo: local workspace, guest of the demo teams, short bakes', async () => {
    const config = await loadSetUp([
      'app-config.yaml',
      'app-config.local.yaml',
    ]);
    expect(config.getBoolean('fmlops.localWorkspace.enabled')).toBe(true);
    // dev, acc and prd: each alias names the local workspace started on its port
    const local = config.getConfigArray('fmlops.localWorkspace.workspaces');
    expect(local.map(w => w.getString('alias'))).toEqual(['dev', 'acc', 'prd']);
    for (const w of local) {
      expect(
        config.getString(`fmlops.workspaces.${w.getString('alias')}.host`),
      ).toBe(`http://127.0.0.1:${w.getNumber('port')}`);
    }
    expect(
      config.getStringArray('auth.providers.guest.ownershipEntityRefs'),
    ).toContain('group:default/fraud-ml');
    const policy = resolvePolicy(
      DEFAULT_POLICY,
      config.getOptional('fmlops.defaultPolicy'),
    );
    expect(policy.rollout.bakeMinutes).toBeLessThan(1);
    // the guest operates the demo, but is no admin of the catalog
    expect(config.getStringArray('fmlops.admins')).toEqual([]);
  });

  it.each([
    [{}, '../../.fmlops-data'],
    [{ FMLOPS_DATA_DIR: '/var/fmlops' }, '/var/fmlops'],
  ])(
    'keeps the portal database and the local workspace state on disk, in one data folder (%j)',
    async (env: Record<string, string>, dataDir) => {
      const config = await loadSetUp(
        ['app-config.yaml', 'app-config.local.yaml'],
        env,
      );
      expect(config.getString('backend.database.connection.directory')).toBe(
        `${dataDir}/portal`,
      );
      expect(config.getString('fmlops.localWorkspace.stateFile')).toBe(
        `${dataDir}/local-workspace.json`,
      );
    },
  );
});

describe('the production dependency graph', () => {
  /** Workspace packages reachable from a package through `dependencies` (what a production install holds). */
  function productionClosure(start: string): Set<string> {
    const dirs = ['packages', 'plugins'].flatMap(d =>
      fs.readdirSync(path.join(root, d)).map(p => path.join(root, d, p)),
    );
    const manifests = new Map<string, { dependencies?: object }>();
    for (const dir of dirs) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
        manifests.set(manifest.name, manifest);
      }
    }
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || !manifests.has(name)) return;
      seen.add(name);
      Object.keys(manifests.get(name)!.dependencies ?? {}).forEach(visit);
    };
    visit(start);
    return seen;
  }

  it('does not carry the local Databricks workspace', () => {
    const closure = productionClosure('backend');
    expect(closure).toContain('@fmlops/backstage-plugin-fmlops-backend');
    expect(closure).not.toContain('@fmlops/databricks-emulator');
    expect(closure).not.toContain(
      '@fmlops/backstage-plugin-fmlops-backend-module-local-workspace',
    );
  });
});
