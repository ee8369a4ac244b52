"""Task: rank the tournament's runs, register the winner in Unity Catalog as the `challenger`, and
keep its training sample as the drift reference of that version. It also keeps the registered model
bound to the project's catalog entities (the tag `fmlops-entity-refs`), which the bundle cannot set."""

import re
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.runtime import git_source_tags, model_arguments, project_config, spark_session, tables  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--experiment-id", required=True)
    parser.add_argument("--tournament-id", required=True)
    parser.add_argument("--entity-refs", required=True, help="catalog entities the portal may operate the model through")
    args = parser.parse_args()
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", args.tournament_id):
        raise SystemExit(f"invalid tournament id {args.tournament_id!r}")
    import mlflow
    from mlflow import MlflowClient
    from pyspark.sql import functions as F

    config, names, spark = project_config(), tables(args), spark_session()
    mlflow.set_registry_uri("databricks-uc")
    client = MlflowClient()
    runs = client.search_runs(
        [args.experiment_id],
        filter_string=f"tags.`fmlops.tournament_id` = '{args.tournament_id}'",
        order_by=[f"metrics.{config.primary_metric} DESC"],
    )
    ranked = [r for r in runs if config.primary_metric in r.data.metrics]
    if not ranked:
        raise SystemExit(f"tournament {args.tournament_id} logged no run with {config.primary_metric}")
    for place, run in enumerate(ranked, start=1):
        client.set_tag(run.info.run_id, "fmlops.rank", str(place))
        client.set_tag(run.info.run_id, "fmlops.winner", "true" if place == 1 else "false")
    winner = ranked[0]
    version = mlflow.register_model(f"runs:/{winner.info.run_id}/model", names.uc_model,
                                    tags={"fmlops.tournament_id": args.tournament_id,
                                          "fmlops.algorithm": winner.data.tags.get("fmlops.algorithm", ""),
                                          **git_source_tags(args.git_source_info)})
    client.set_registered_model_alias(names.uc_model, "challenger", version.version)
    # MLflow's registry is the only place a Unity Catalog model carries tags; repeating it is harmless
    client.set_registered_model_tag(names.uc_model, "fmlops-entity-refs", args.entity_refs)
    reference = (spark.table(names.training_set)
                 .where(F.col("tournament_id") == args.tournament_id)
                 .select("trade_id", "symbol", *config.numerical_features)
                 .withColumn("model_version", F.lit(str(version.version))))
    reference.write.format("delta").mode("append").saveAsTable(names.reference)
    print(f"challenger: version {version.version} ({winner.data.tags.get('fmlops.algorithm')}, "
          f"{config.primary_metric}={winner.data.metrics[config.primary_metric]:.4f})")


if __name__ == "__main__":
    main()
