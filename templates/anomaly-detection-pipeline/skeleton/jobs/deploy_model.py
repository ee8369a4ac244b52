"""Task: have the gated challenger rolled out on the endpoint. The fmlops portal owns roll-outs: when
one is configured (--portal-url, the secret portal-token) this task asks it to promote the challenger
and waits for the outcome. Only without a reachable portal does it roll out by itself (direct, or
canary steps with bakes and health checks), roll back on degradation, move the `champion` alias once
it serves all traffic, and record each change on the endpoint (tag fmlops-last-rollout)."""

import time
from datetime import datetime, timezone
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.deployment.endpoint import apply_config, current_config, find_endpoint, observe, record, record_rollout  # noqa: E402
from ${{ values.packageName }}.deployment.portal import Portal, PortalRefused, PortalUnreachable  # noqa: E402
from ${{ values.packageName }}.deployment.rollback import RollbackThresholds, decide_rollback  # noqa: E402
from ${{ values.packageName }}.deployment.serving import ServedVersion, canary_plan, endpoint_config  # noqa: E402
from ${{ values.packageName }}.runtime import model_arguments, project_config, secret, spark_session, tables  # noqa: E402


def rolled_out_by_portal(args, uc_model: str, version: str) -> bool:
    """True when the portal rolled the challenger out; False when there is no portal to ask. A portal
    that refuses, or whose roll-out fails or rolls back, fails the task: never overrule it."""
    resource = next((r.split("/")[-1] for r in args.entity_refs.split() if r.startswith("resource:")), None)
    environ = {"FMLOPS_PORTAL_URL": args.portal_url, "FMLOPS_PORTAL_TOKEN": secret(args.secret_scope, "portal-token") or ""}
    try:
        Portal.from_environment(resource or "", environ).roll_out(args.environment, f"deploy-{uc_model}-v{version}")
    except PortalUnreachable as exc:
        print(f"{exc}: this job rolls out by itself and records it on the endpoint")
        return False
    except (PortalRefused, TimeoutError) as exc:
        raise SystemExit(str(exc)) from exc
    return True


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--payload-table", required=True)
    parser.add_argument("--environment", required=True, help="the bundle target: dev, acc or prd")
    parser.add_argument("--entity-refs", required=True, help="the catalog entities of the model (the Resource is asked for)")
    parser.add_argument("--portal-url", default="", help="the fmlops portal; empty: roll out without it")
    parser.add_argument("--secret-scope", default="fmlops", help="holds portal-token, a static access token of the portal")
    parser.add_argument("--run-id", default="", help="this job run, named in the roll-out record")
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
    if rolled_out_by_portal(args, names.uc_model, str(challenger_version)):
        print(f"v{challenger_version} is the champion of {endpoint} (rolled out by the portal)")
        return
    by = f"databricks-job-run:{args.run_id}" if args.run_id else "databricks-job"
    champion = ServedVersion("champion", str(champion_entity["entity_version"]), champion_entity["workload_size"],
                             bool(champion_entity["scale_to_zero_enabled"]))
    challenger = ServedVersion("challenger", str(challenger_version), champion.workload_size, champion.scale_to_zero)
    limits = RollbackThresholds(**config.rollback.__dict__)
    record(spark, names.serving_history, endpoint, before, True, "before roll-out")
    for percent in canary_plan(config.rollout.strategy, config.rollout.steps):
        step = endpoint_config(champion, challenger, percent, names.uc_model)
        started = datetime.now(timezone.utc)
        apply_config(workspace, endpoint, step)
        record_rollout(workspace, endpoint, challenger.version, before, step, by)
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
            record_rollout(workspace, endpoint, champion.version, step, before, by)
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
