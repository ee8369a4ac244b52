import { DEFAULT_PORT, DEFAULT_TOKEN, startLocalWorkspace } from './index';

const HELP = `fmlops local Databricks workspace

Usage: yarn local-workspace [options]

  --port <n>             port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <h>             interface to listen on (default 127.0.0.1)
  --token <t>            personal access token it accepts (default ${DEFAULT_TOKEN})
  --scenario <name|file> load this scenario (repeatable; default: every built-in one:
                         healthy, drifting, canary, latency-spike, failing-expectation)
  --synthetic-models <n> add n synthetic models (portfolio load tests)
  --time-scale <n>       emulated seconds per real second (default 1; 60 for demos)
  --config-delay <s>     emulated seconds a serving config takes to apply (default 20)
  --state-file <path>    write the state as JSON here on exit
  --workspace <alias[:port]>
                         one of several workspaces sharing one metastore (repeatable, e.g.
                         --workspace dev:8787 --workspace acc:8788 --workspace prd:8789)
  --serving-system-tables <true|false>
                         keep system.serving.served_entities and endpoint_usage (default false)
  --help                 this text
`;

function parse(argv: string[]) {
  const opts: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument ${arg} (see --help)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    (opts[m[1]] ??= []).push(value);
  }
  const known = [
    'port',
    'host',
    'token',
    'scenario',
    'synthetic-models',
    'time-scale',
    'config-delay',
    'state-file',
    'serving-system-tables',
    'workspace',
  ];
  for (const k of Object.keys(opts)) {
    if (!known.includes(k))
      throw new Error(`unknown option --${k} (see --help)`);
  }
  const number = (k: string) => {
    if (!opts[k]) return undefined;
    const n = Number(opts[k][0]);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`--${k} must be a number ≥ 0`);
    return n;
  };
  const flag = (k: string) => {
    if (!opts[k]) return undefined;
    if (!['true', 'false'].includes(opts[k][0]))
      throw new Error(`--${k} must be true or false`);
    return opts[k][0] === 'true';
  };
  return {
    port: number('port'),
    host: opts.host?.[0],
    token: opts.token?.[0],
    scenarios: opts.scenario,
    syntheticModels: number('synthetic-models'),
    timeScale: number('time-scale'),
    configUpdateDelaySeconds: number('config-delay'),
    stateFile: opts['state-file']?.[0],
    servingSystemTables: flag('serving-system-tables'),
    ...(opts.workspace
      ? {
          workspaces: opts.workspace.map(w => {
            const [alias, port] = w.split(':');
            if (port !== undefined && !/^\d+$/.test(port))
              throw new Error(`--workspace ${w}: the port must be a number`);
            return {
              alias,
              ...(port !== undefined ? { port: Number(port) } : {}),
            };
          }),
        }
      : {}),
  };
}

async function main() {
  const options = parse(process.argv.slice(2));
  const ws = await startLocalWorkspace({
    ...options,
    log: line => process.stderr.write(`${line}\n`),
  });
  for (const w of ws.workspaces) {
    process.stdout.write(
      `Local Databricks workspace${w.alias ? ` ${w.alias}` : ''}\n  host:  ${
        w.url
      }\n  token: ${w.token}\n  SQL warehouse: ${
        w.warehouseId
      }\n  models: ${w.state.scenarios
        .map(s => `${s.endpoint} (${s.scenario})`)
        .join(', ')}\n`,
    );
  }
  const stop = async () => {
    await ws.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
});
