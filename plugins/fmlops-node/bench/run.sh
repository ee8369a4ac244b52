#!/usr/bin/env bash
# Gateway overhead and fail-fast speed against the local workspace:
#   bash plugins/fmlops-node/bench/run.sh      (BENCH_CALLS=1000 by default)
set -euo pipefail
cd "$(dirname "$0")/../../.."
eval "$(./fmlops env)"
exec node --require @backstage/cli/config/nodeTransform.cjs plugins/fmlops-node/bench/run.ts
