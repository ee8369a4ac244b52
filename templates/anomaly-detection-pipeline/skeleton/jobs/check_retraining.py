"""Task: apply the retraining rule to the latest drift windows and live metrics. Sets the task values
`retrain` and `reason`; the job's condition task starts the tournament when retrain is true."""

from datetime import datetime, timezone
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.deployment.retrain_trigger import RetrainRule, WindowStatus, decide_retrain  # noqa: E402
from ${{ values.packageName }}.runtime import model_arguments, project_config, set_task_value, spark_session, tables  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--tournament-job-id", type=int, required=True)
    args = parser.parse_args()
    from databricks.sdk import WorkspaceClient
    from pyspark.sql import functions as F

    config, names, spark = project_config(), tables(args), spark_session()
    rule = RetrainRule(config.retraining.windows_in_drift, config.retraining.of_last_windows,
                       config.retraining.cooldown_hours, dict(config.retraining.metric_floors))
    windows: list[WindowStatus] = []
    if spark.catalog.tableExists(names.drift):
        latest = (spark.table(names.drift).groupBy("window_start")
                  .agg(F.collect_list(F.when(F.col("status") == "drift", F.col("feature"))).alias("drifted"))
                  .orderBy(F.col("window_start").desc()).limit(rule.of_last_windows).collect())
        windows = [WindowStatus(r.window_start, tuple(sorted(r.drifted))) for r in latest]
    live: dict[str, float] = {}
    if spark.catalog.tableExists(names.inference_metrics):
        newest = (spark.table(names.inference_metrics).where(F.col("pr_auc").isNotNull())
                  .orderBy(F.col("window_start").desc(), F.col("requests").desc()).limit(1).collect())
        if newest:
            live = {m: float(newest[0][m]) for m in ("pr_auc", "f1", "precision", "recall") if newest[0][m] is not None}
    # the cooldown counts from the last tournament run, whoever started it (this rule, CI or the portal)
    last_run = next(iter(WorkspaceClient().jobs.list_runs(job_id=args.tournament_job_id, limit=1)), None)
    last_retrain_at = datetime.fromtimestamp(last_run.start_time / 1000, timezone.utc) if last_run and last_run.start_time else None
    decision = decide_retrain(windows, live, rule, last_retrain_at, datetime.now(timezone.utc))
    print(("retrain: " if decision.retrain else "no retrain: ") + decision.reason)
    set_task_value("retrain", "true" if decision.retrain else "false")
    set_task_value("reason", decision.reason[:250])


if __name__ == "__main__":
    main()
