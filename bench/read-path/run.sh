#!/usr/bin/env bash
# The read path under load: bash bench/read-path/run.sh   (BENCH_SECONDS=10 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(./fmlops env)"
exec node --require @backstage/cli/config/nodeTransform.cjs bench/read-path/run.ts
