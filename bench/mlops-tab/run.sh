#!/usr/bin/env bash
# Time to interactive of the MLOps tab on the local portal (starts it unless one is running).
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(./fmlops env)"
exec yarn playwright test --config bench/mlops-tab/playwright.config.ts
