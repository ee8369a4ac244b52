#!/usr/bin/env bash
# The read path on the real portal: bash bench/read-path/run.sh
#   BENCH_SECONDS=10 (each load phase), BENCH_SYNTHETIC_MODELS=5000 (0 skips the scale run),
#   BENCH_PHASES=routes,scale (either alone runs only it),
#   BENCH_BUILD=1 rebuilds the production backend even when packages/backend/dist has a bundle.
# It binds port 7007 (BENCH_PORT): on a shared machine run it under a lock, e.g.
#   flock /work/wt/ports.lock bash bench/read-path/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(./fmlops env)"
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f packages/backend/dist/bundle.tar.gz ]; then
  yarn tsc
  yarn workspace backend build
fi
echo "load before: $(uptime)" >&2
node --require @backstage/cli/config/nodeTransform.cjs bench/read-path/run.ts
echo "load after: $(uptime)" >&2
