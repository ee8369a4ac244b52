import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The version a copied version came from, and the environment it was promoted from. */
export interface VersionSource {
  model: string;
  version: number;
  environment?: string;
}

/** A latency and error profile of one served model version. */
export interface VersionProfile {
  p50Ms: number;
  p99Ms: number;
  errorRate: number;
}

/**
 * One model of the local workspace, as a scenario file describes it. Everything else (runs,
 * tournaments, drift windows, pipeline events) is generated from it, deterministically.
 */
export interface ModelScenario {
  /** the scenario's name, e.g. healthy, drifting, canary */
  scenario: string;
  description?: string;
  seed: number;
  ucModel: string;
  endpoint: string;
  experimentId: string;
  experimentName: string;
  tournamentJobId: number;
  driftJobId: number;
  /** the job that copies a version from another model into this one (0: none; services/promotion.ts) */
  promotionJobId: number;
  /** the workspace it lives in when several run (dev, acc, prd); absent: the first one */
  workspace?: string;
  pipelineId: string;
  driftTable: string;
  /**
   * registered versions, oldest first, with the PR AUC of the tournament that produced each; a
   * version with `copyOf` was copied from another model's version (seeded before this one), as
   * the promotion job copies it
   */
  versions: Array<{ version: number; prAuc: number; copyOf?: VersionSource }>;
  aliases: Record<string, number>;
  serving: {
    requestsPerSecond: number;
    routes: Array<{ version: number; percent: number }>;
    profiles: Record<string, VersionProfile>;
    workloadSize: string;
    scaleToZero: boolean;
    /** the served entities' workload type (default CPU), e.g. GPU_SMALL */
    workloadType?: string;
    /** the served entities' environment variables */
    environmentVars?: Record<string, string>;
    /** every config roll-out on this endpoint ends in UPDATE_FAILED (a broken deployment) */
    updatesFail: boolean;
  };
  drift: {
    windows: number;
    windowHours: number;
    /** drift starts at this window (0-based); the shift then grows by `perWindow` each window */
    startWindow?: number;
    perWindow?: number;
    features?: string[];
  };
  pipeline: {
    name: string;
    /** an expectation failing on a share of records */
    failing?: { dataset: string; expectation: string; failRate: number };
  };
  /** whether the next tournament's winner beats the champion (a promotable challenger) */
  nextChallengerBetter: boolean;
  /**
   * Tags on the model's serving endpoint, its Unity Catalog model and its jobs, as their owners
   * would set them (e.g. the `fmlops-entity-refs` tag that binds them to catalog entities).
   */
  tags: Record<string, string>;
}

const KNOWN_KEYS = [
  'scenario',
  'description',
  'seed',
  'ucModel',
  'endpoint',
  'experimentId',
  'experimentName',
  'tournamentJobId',
  'driftJobId',
  'promotionJobId',
  'workspace',
  'pipelineId',
  'driftTable',
  'versions',
  'aliases',
  'serving',
  'drift',
  'pipeline',
  'nextChallengerBetter',
  'tags',
];

type Partialish = Partial<
  Omit<ModelScenario, 'serving' | 'drift' | 'pipeline'>
> & {
  serving?: Partial<ModelScenario['serving']>;
  drift?: Partial<ModelScenario['drift']>;
  pipeline?: Partial<ModelScenario['pipeline']>;
};

const DEFAULT_PROFILE: VersionProfile = {
  p50Ms: 18,
  p99Ms: 65,
  errorRate: 0.001,
};

/** Fills a scenario's defaults and checks it; a bad file fails with its name and the problem. */
export function normaliseScenario(
  raw: Partialish,
  source: string,
): ModelScenario {
  const fail = (message: string): never => {
    throw new Error(`Scenario ${source}: ${message}`);
  };
  if (!raw || typeof raw !== 'object') fail('is not a YAML mapping');
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key))
      fail(`unknown key '${key}' (known: ${KNOWN_KEYS.join(', ')})`);
  }
  for (const key of [
    'ucModel',
    'endpoint',
    'experimentId',
    'pipelineId',
    'driftTable',
  ] as const) {
    if (!raw[key]) fail(`${key} is required`);
  }
  if (
    !/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(raw.ucModel!)
  ) {
    fail(`ucModel ${raw.ucModel} is not catalog.schema.model`);
  }
  const versions = raw.versions ?? [{ version: 1, prAuc: 0.72 }];
  if (!Array.isArray(versions) || versions.length === 0)
    fail('versions must list at least one version');
  for (const v of versions) {
    if (!Number.isInteger(v?.version) || v.version < 1)
      fail(`version ${JSON.stringify(v?.version)} is not a positive integer`);
    if (typeof v.prAuc !== 'number' || v.prAuc <= 0 || v.prAuc >= 1)
      fail(`version ${v.version}: prAuc must be between 0 and 1`);
    if (
      v.copyOf !== undefined &&
      (typeof v.copyOf?.model !== 'string' ||
        !Number.isInteger(v.copyOf.version))
    )
      fail(`version ${v.version}: copyOf needs a model and a version`);
  }
  const known = new Set(versions.map(v => v.version));
  for (const [alias, version] of Object.entries(raw.aliases ?? {})) {
    if (!known.has(Number(version)))
      fail(`alias ${alias} points at version ${version}, which is not listed`);
  }
  const served = raw.serving?.routes ?? [
    { version: versions[versions.length - 1].version, percent: 100 },
  ];
  for (const r of served) {
    if (!known.has(r.version))
      fail(`serving routes to version ${r.version}, which is not listed`);
  }
  const total = served.reduce((s, r) => s + r.percent, 0);
  if (total !== 100) fail(`serving routes sum to ${total}, not 100`);
  const tags = raw.tags ?? {};
  if (
    typeof tags !== 'object' ||
    Array.isArray(tags) ||
    Object.values(tags).some(v => typeof v !== 'string')
  ) {
    fail('tags must map tag keys to string values');
  }
  const vars = raw.serving?.environmentVars;
  if (
    vars !== undefined &&
    (typeof vars !== 'object' ||
      Array.isArray(vars) ||
      Object.values(vars).some(v => typeof v !== 'string'))
  ) {
    fail('serving.environmentVars must map variable names to string values');
  }
  const profiles: Record<string, VersionProfile> = {};
  for (const r of served) {
    profiles[String(r.version)] = {
      ...DEFAULT_PROFILE,
      ...(raw.serving?.profiles?.[String(r.version)] ?? {}),
    };
  }
  return {
    scenario: raw.scenario ?? path.basename(source).replace(/\.ya?ml$/, ''),
    description: raw.description,
    seed: raw.seed ?? 1,
    ucModel: raw.ucModel!,
    endpoint: raw.endpoint!,
    experimentId: String(raw.experimentId),
    experimentName: raw.experimentName ?? `/Shared/fmlops/${raw.endpoint}`,
    tournamentJobId: Number(raw.tournamentJobId ?? 0),
    driftJobId: Number(raw.driftJobId ?? 0),
    promotionJobId: Number(raw.promotionJobId ?? 0),
    ...(raw.workspace ? { workspace: String(raw.workspace) } : {}),
    pipelineId: raw.pipelineId!,
    driftTable: raw.driftTable!,
    versions,
    aliases: raw.aliases ?? { champion: versions[versions.length - 1].version },
    serving: {
      requestsPerSecond: raw.serving?.requestsPerSecond ?? 30,
      routes: served,
      profiles,
      workloadSize: raw.serving?.workloadSize ?? 'Small',
      scaleToZero: raw.serving?.scaleToZero ?? false,
      ...(raw.serving?.workloadType
        ? { workloadType: raw.serving.workloadType }
        : {}),
      ...(raw.serving?.environmentVars
        ? { environmentVars: raw.serving.environmentVars }
        : {}),
      updatesFail: raw.serving?.updatesFail ?? false,
    },
    drift: {
      windows: raw.drift?.windows ?? 14,
      windowHours: raw.drift?.windowHours ?? 24,
      startWindow: raw.drift?.startWindow,
      perWindow: raw.drift?.perWindow ?? 0,
      features: raw.drift?.features,
    },
    pipeline: {
      name: raw.pipeline?.name ?? `${raw.endpoint}-dlt`,
      failing: raw.pipeline?.failing,
    },
    nextChallengerBetter: raw.nextChallengerBetter ?? true,
    tags,
  };
}

export const BUILT_IN_SCENARIO_DIR = resolvePackagePath(
  '@fmlops/databricks-emulator',
  'scenarios',
);

/** Built-in scenarios of models that live in several workspaces, one file per workspace. */
export const ENVIRONMENT_SCENARIO_DIR = path.join(
  BUILT_IN_SCENARIO_DIR,
  'environments',
);

/** The built-in scenarios of one workspace of several (their `workspace` key names it). */
export function environmentScenarios(alias: string): ModelScenario[] {
  return loadScenarios(
    fs
      .readdirSync(ENVIRONMENT_SCENARIO_DIR)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .map(f => path.join(ENVIRONMENT_SCENARIO_DIR, f)),
  ).filter(s => s.workspace === alias);
}

/** Loads scenarios by built-in name (healthy, drifting, ...) or file path; none means all built-in. */
export function loadScenarios(names?: string[]): ModelScenario[] {
  const builtIn = (n: string) => {
    const file = `${n.replace(/\.ya?ml$/, '')}.yaml`;
    const environment = path.join(ENVIRONMENT_SCENARIO_DIR, file);
    return fs.existsSync(environment)
      ? environment
      : path.join(BUILT_IN_SCENARIO_DIR, file);
  };
  const files =
    names && names.length > 0
      ? names.map(n => (fs.existsSync(n) ? n : builtIn(n)))
      : fs
          .readdirSync(BUILT_IN_SCENARIO_DIR)
          .filter(f => f.endsWith('.yaml'))
          .sort()
          .map(f => path.join(BUILT_IN_SCENARIO_DIR, f));
  return files.map(file => {
    if (!fs.existsSync(file)) {
      throw new Error(
        `Unknown scenario ${file}; built-in: ${[
          ...fs.readdirSync(BUILT_IN_SCENARIO_DIR),
          ...fs.readdirSync(ENVIRONMENT_SCENARIO_DIR),
        ]
          .filter(f => f.endsWith('.yaml'))
          .map(f => f.replace(/\.yaml$/, ''))
          .join(', ')}`,
      );
    }
    return normaliseScenario(
      parse(fs.readFileSync(file, 'utf8')) as Partialish,
      file,
    );
  });
}

/** N synthetic models for portfolio load tests, a few of them drifting or mid-canary. */
export function syntheticScenarios(count: number): ModelScenario[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const name = `synthetic_model_${n}`;
    return normaliseScenario(
      {
        scenario: 'synthetic',
        seed: 1000 + i,
        ucModel: `fmlops_synthetic.portfolio.${name}`,
        endpoint: `synthetic-model-${n}`,
        experimentId: String(100_000 + i),
        tournamentJobId: 900_000 + 2 * i,
        driftJobId: 900_001 + 2 * i,
        pipelineId: `5f000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        driftTable: `fmlops_synthetic.portfolio.${name}_drift`,
        versions: [
          { version: 1, prAuc: 0.7 },
          { version: 2, prAuc: 0.74 },
        ],
        aliases: { champion: 2 },
        drift: {
          windows: 6,
          startWindow: i % 7 === 0 ? 3 : undefined,
          perWindow: 0.12,
        },
      },
      `synthetic-${n}`,
    );
  });
}
