#!/usr/bin/env bash
# Deploys the bundle to one target without undoing what the model lifecycle changed since:
#   - the endpoint keeps serving the current `champion` (passed as the champion_version variable);
#   - before the first champion exists there is nothing to serve, so the endpoint (and the quality
#     monitor, whose inference table appears with the first requests) wait for a later deploy.
# Usage: scripts/deploy.sh <dev|acc|prd>   (needs the databricks CLI, jq, and workspace auth)
set -euo pipefail

target="${1:?usage: scripts/deploy.sh <dev|acc|prd>}"
cd "$(dirname "$0")/.."

config="$(databricks bundle validate -t "$target" -o json)"
model="$(jq -r '.resources.registered_models.model | "\(.catalog_name).\(.schema_name).\(.name)"' <<<"$config")"
inference_table="$(jq -r '.resources.quality_monitors.inference.table_name' <<<"$config")"
endpoint="$(jq -r '.resources.model_serving_endpoints.serving.name' <<<"$config")"

champion="$(databricks api get "/api/2.1/unity-catalog/models/${model}/aliases/champion" 2>/dev/null | jq -r '.version // empty' || true)"
held_back=()
if [[ -z "$champion" ]] && databricks api get "/api/2.0/serving-endpoints/${endpoint}" >/dev/null 2>&1; then
  # deploying without the endpoint would delete it: refuse rather than take the model offline
  echo "${endpoint} exists but ${model} has no champion alias: set it to the served version first" >&2
  exit 1
fi
if [[ -z "$champion" ]]; then
  echo "No champion of ${model} yet: deploying without the serving endpoint. Run the tournament, then deploy again."
  held_back+=(resources/serving.yml)
fi
if ! databricks api get "/api/2.1/unity-catalog/tables/${inference_table}" >/dev/null 2>&1; then
  echo "${inference_table} does not exist yet (no requests served): deploying without the quality monitor."
  held_back+=(resources/monitoring.yml)
fi

parking="$(mktemp -d)"
restore() { for file in "${held_back[@]}"; do [[ -f "${parking}/$(basename "$file")" ]] && mv "${parking}/$(basename "$file")" "$file"; done; rmdir "$parking"; }
trap restore EXIT
for file in "${held_back[@]}"; do mv "$file" "$parking/"; done

databricks bundle deploy -t "$target" --var="champion_version=${champion:-1}" --auto-approve
echo "Deployed ${target}${champion:+ (endpoint serving champion v${champion})}."
if [[ -n "${champion:-}" ]]; then
  # the smoke query after each deploy: the job restores the last known-good config when it fails
  databricks bundle run smoke_test -t "$target"
fi
