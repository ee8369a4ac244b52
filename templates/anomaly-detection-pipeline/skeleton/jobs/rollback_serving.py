"""Task: restore the last known-good serving configuration (the runbook's rollback)."""

import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.deployment.endpoint import apply_config, current_config, find_endpoint, history, record, record_rollout  # noqa: E402
from ${{ values.packageName }}.deployment.rollback import NoKnownGoodConfig, last_known_good  # noqa: E402
from ${{ values.packageName }}.runtime import model_arguments, spark_session, tables  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--reason", default="manual rollback")
    args = parser.parse_args()
    import mlflow
    from databricks.sdk import WorkspaceClient
    from mlflow import MlflowClient

    names, spark, workspace = tables(args), spark_session(), WorkspaceClient()
    endpoint = find_endpoint(workspace, names.uc_model)
    if endpoint is None:
        raise SystemExit(f"no endpoint serves {names.uc_model}: nothing to roll back")
    now = current_config(workspace, endpoint)
    try:
        target = last_known_good(history(spark, names.serving_history, endpoint), now)
    except NoKnownGoodConfig as exc:
        raise SystemExit(f"{endpoint}: {exc}") from exc
    apply_config(workspace, endpoint, target.config)
    record(spark, names.serving_history, endpoint, now, False, f"rolled back: {args.reason}")
    record(spark, names.serving_history, endpoint, target.config, True, f"restored from {target.applied_at.isoformat()}")
    # the champion alias follows what serves all traffic, so the next gate compares with it
    served = max(target.config["traffic_config"]["routes"], key=lambda r: r["traffic_percentage"])
    version = next(e["entity_version"] for e in target.config["served_entities"] if e["name"] == served["served_model_name"])
    # a change outside the portal: recorded on the endpoint for its external-change watcher
    record_rollout(workspace, endpoint, version, now, target.config, "rollback job")
    mlflow.set_registry_uri("databricks-uc")
    MlflowClient().set_registered_model_alias(names.uc_model, "champion", version)
    print(f"{endpoint} restored to the config of {target.applied_at.isoformat()} (champion v{version})")


if __name__ == "__main__":
    main()
