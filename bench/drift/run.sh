#!/usr/bin/env bash
# Drift benchmark: TypeScript compareSamples vs numpy on 10M + 10M samples. See README.md.
# Usage: bench/drift/run.sh [--size N] [--runs N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
eval "$(./fmlops env)"
# The TypeScript is run as is through Backstage's Node transform (the same sucrase/swc transform
# the tests use); the timed code is the product module, not a copy.
exec node --max-old-space-size=4096 --require @backstage/cli/config/nodeTransform.cjs \
  bench/drift/bench.ts "$@"
