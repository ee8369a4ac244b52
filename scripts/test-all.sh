#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to find:
#   type check → lint → unit and integration tests (jest; SQLite and PostgreSQL) →
#   template end-to-end (jest: the real scaffolder runs the template, then the project's pytest) →
#   multi-replica fail-over (jest: two backends on PostgreSQL + Redis, one killed mid-bake) →
#   generated pipeline tests (pytest) → browser tests (Playwright in the system Chromium).
# The last line is the total over every runner: "N passed, N failed[, N skipped]".
# Run through ./fmlops test (which brings Node and installs); FMLOPS_SKIP_E2E=1 skips the browser.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
reports="$root/.test-reports"
rm -rf "$reports" && mkdir -p "$reports"
status=0
t0=$(date +%s)
step() { echo; echo "=== $* (at $(( $(date +%s) - t0 ))s) ==="; }
fail() { echo "FAILED: $*" >&2; echo "$*" >> "$reports/failed-steps.txt"; status=1; }

# System parts the tests need: the browser and Debian's Python test stack. Installed with apt when
# this runs as root on Debian (CI, these machines); elsewhere the runner that needs them says so.
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $* with apt"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@") >/dev/null
  fi
}
[ -x "${FMLOPS_CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
/usr/bin/python3 -c 'import sklearn, xgboost, pandas, numpy, scipy, pytest, yaml' 2>/dev/null ||
  apt_install python3-sklearn python3-xgboost python3-pandas python3-numpy python3-scipy python3-pytest python3-yaml

# PostgreSQL: backend tests run against SQLite and, when a server answers, PostgreSQL 15.
pg_url="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start 2>/dev/null || true
fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url"
else
  echo "note: no PostgreSQL on 127.0.0.1:5432, database tests run on SQLite only" >&2
fi
export BACKSTAGE_TEST_DISABLE_DOCKER=1

# Redis: the multi-replica test shares the read cache through it.
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
fi

step "type check"
yarn tsc || fail "tsc"

step "lint"
yarn backstage-cli repo lint || fail "lint"

step "unit and integration tests (jest)"
CI=true yarn backstage-cli repo test --json --outputFile="$reports/jest.json" || fail "jest"

step "template end-to-end (jest)"
CI=true yarn workspace @fmlops/backstage-plugin-scaffolder-backend-module-fmlops test:e2e \
  --json --outputFile="$reports/template-e2e.jest.json" || fail "template-e2e"

step "multi-replica fail-over (jest: two backends on PostgreSQL + Redis)"
CI=true yarn workspace backend test:e2e \
  --json --outputFile="$reports/replicas-e2e.jest.json" || fail "replicas-e2e"

if [ -x scripts/test-generated-pipeline.sh ]; then
  step "generated pipeline tests (pytest)"
  bash scripts/test-generated-pipeline.sh "$reports" || fail "pytest"
fi

if [ "${FMLOPS_SKIP_E2E:-}" != 1 ]; then
  step "browser tests (Playwright)"
  CI="${CI:-}" yarn playwright test || fail "playwright"
  [ -f e2e-test-report/results.json ] && cp e2e-test-report/results.json "$reports/playwright.json"
fi

step "summary"
node scripts/test-summary.mjs "$reports"
exit $status
