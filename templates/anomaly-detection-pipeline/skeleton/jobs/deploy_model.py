"""Task: roll the gated challenger out on the endpoint (direct, or canary steps with bakes and health
checks), roll back on degradation, and move the `champion` alias once it serves all traffic."""

import time
from datetime import datetime, timezone
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.deployment.endpoint import apply_config, current_config, find_endpoint, observe, record  # noqa: E402
from ${{ values.packageName }}.deployment.rollback import RollbackThresholds, decide_rollback  # noqa: E402
from ${{ values.packageName }}.deployment.serving import ServedVersion, canary_plan, endpoint_config  # noqa: E402
from ${{ values.packageName }}.runtime import model_arguments, project_config, spark_session, tables  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--payload-table", required=True)
    args = parser.parse_args()
    import mlflow
    from databricks.sdk import WorkspaceClient
    from mlflow import MlflowClient

    config, names, spark = project_config(), tables(args), spark_session()
    mlflow.set_registry_uri("databricks-uc")
    registry, workspace = MlflowClient(), WorkspaceClient()
    challenger_version = registry.get_model_version_by_alias(names.uc_model, "challenger").version
    endpoint = find_endpoint(workspace, names.uc_model)
    if endpoint is None:
        # first model: the next bundle deploy creates the endpoint serving the champion (scripts/deploy.sh)
        registry.set_registered_model_alias(names.uc_model, "champion", challenger_version)
        registry.delete_registered_model_alias(names.uc_model, "challenger")
        print(f"v{challenger_version} is the first champion; the next bundle deploy creates its endpoint")
        return
    before = current_config(workspace, endpoint)
    if not before["served_entities"]:
        raise SystemExit(f"{endpoint} serves nothing: deploy the bundle first")
    serving_now = max(before["traffic_config"]["routes"], key=lambda r: r["traffic_percentage"])["served_model_name"]
    champion_entity = next(e for e in before["served_entities"] if e["name"] == serving_now)
    if str(champion_entity["entity_version"]) == str(challenger_version):
        print(f"version {challenger_version} already serves {endpoint}")
        return
    champion = ServedVersion("champion", str(champion_entity["entity_version"]), champion_entity["workload_size"],
                             bool(champion_entity["scale_to_zero_enabled"]))
    challenger = ServedVersion("challenger", str(challenger_version), champion.workload_size, champion.scale_to_zero)
    limits = RollbackThresholds(**config.rollback.__dict__)
    record(spark, names.serving_history, endpoint, before, True, "before roll-out")
    for percent in canary_plan(config.rollout.strategy, config.rollout.steps):
        step = endpoint_config(champion, challenger, percent, names.uc_model)
        started = datetime.now(timezone.utc)
        apply_config(workspace, endpoint, step)
        record(spark, names.serving_history, endpoint, step, False, f"challenger at {percent}%, baking")
        print(f"challenger v{challenger.version} at {percent}%; baking {config.rollout.bake_minutes} min")
        decision = None
        for _ in range(2):  # one extension when traffic was too thin to judge
            time.sleep(config.rollout.bake_minutes * 60)
            observed = observe(spark, args.payload_table, endpoint, challenger.version, started)
            baseline = observe(spark, args.payload_table, endpoint, champion.version, started) if percent < 100 else None
            decision = decide_rollback(observed, baseline, limits)
            if not decision.inconclusive:
                break
        if decision.inconclusive:
            raise SystemExit(f"not enough traffic to judge the {percent}% step ({decision.reasons[0]}); "
                             "the split stays as it is for a human to decide")
        if decision.rollback:
            apply_config(workspace, endpoint, before)
            record(spark, names.serving_history, endpoint, step, False, "; ".join(decision.reasons))
            record(spark, names.serving_history, endpoint, before, True, "rolled back")
            registry.set_model_version_tag(names.uc_model, challenger.version, "fmlops.rollout", "rolled back")
            raise SystemExit(f"rolled back v{challenger.version}: " + "; ".join(decision.reasons))
        record(spark, names.serving_history, endpoint, step, True, f"{percent}% passed its bake")
    registry.set_registered_model_alias(names.uc_model, "champion", challenger.version)
    registry.delete_registered_model_alias(names.uc_model, "challenger")
    registry.set_model_version_tag(names.uc_model, challenger.version, "fmlops.rollout", "champion")
    print(f"v{challenger.version} is the champion of {endpoint}")


if __name__ == "__main__":
    main()
