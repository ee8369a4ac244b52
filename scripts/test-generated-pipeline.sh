#!/usr/bin/env bash
# The generated anomaly-detection project: rendered from the template with example-values.yaml by
# the scaffolder's fetch:template, then its Python compiles, its pytest suite passes with Debian's
# python3 (scikit-learn, xgboost, pandas), and, when FMLOPS_BUNDLE_SCHEMA names the official bundle
# schema (CI), its bundle passes fmlops:bundle:validate's checks with that schema.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reports="${1:-$root/.test-reports}"
out="$reports/generated-pipeline"
python=/usr/bin/python3
cd "$root"
node --require @backstage/cli/config/nodeTransform.cjs scripts/render-template.ts "$out"
if ! "$python" -c 'import sklearn, xgboost, pandas, pytest' 2>/dev/null; then
  echo "the generated pipeline's tests need Debian's python3-sklearn python3-xgboost python3-pandas python3-pytest (bash .ci/run installs them)" >&2
  exit 1
fi
"$python" -m compileall -q "$out/src" "$out/tests" > /dev/null
if [ -n "${FMLOPS_BUNDLE_SCHEMA:-}" ]; then
  node --require @backstage/cli/config/nodeTransform.cjs scripts/check-bundle-schema.ts "$out" "$FMLOPS_BUNDLE_SCHEMA"
fi
(cd "$out" && timeout 300 "$python" -m pytest -q -p no:cacheprovider --junitxml="$reports/pytest-generated-pipeline.xml")
