"""Task: one algorithm's randomized search on the frozen training set, logged to MLflow: a run per
algorithm with a nested run per candidate, the training set's Delta version as its input, and metrics
from an out-of-time validation split (the latest trades)."""

import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from ${{ values.packageName }}.runtime import git_source_tags, model_arguments, project_config, spark_session, tables  # noqa: E402
from ${{ values.packageName }}.training.synthetic import LabelledData, split_out_of_time  # noqa: E402
from ${{ values.packageName }}.training.tournament import train_algorithm  # noqa: E402
from ${{ values.packageName }}.training.tracking import MlflowTracker  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--algorithm", required=True)
    parser.add_argument("--experiment-id", required=True)
    parser.add_argument("--tournament-id", required=True)
    parser.add_argument("--job-run-id", required=True)
    args = parser.parse_args()
    config, names, spark = project_config(), tables(args), spark_session()
    features = list(config.numerical_features)
    from pyspark.sql import functions as F

    snapshot = spark.table(names.training_set).where(F.col("tournament_id") == args.tournament_id)
    label = [config.label_column] if config.supervised else []
    rows = snapshot.select(*features, *label, F.col("event_time").cast("double").alias("event_seconds")).toPandas()
    if rows.empty:
        raise SystemExit(f"no training rows for tournament {args.tournament_id} in {names.training_set}")
    data = LabelledData(rows[features].to_numpy(dtype=float),
                        rows[config.label_column].to_numpy(dtype=int) if config.supervised else None,
                        tuple(features), rows["event_seconds"].to_numpy(dtype=float))
    train, validation = split_out_of_time(data, config.validation_fraction)
    version = spark.sql(f"DESCRIBE HISTORY {names.training_set} LIMIT 1").first()["version"]
    entry = train_algorithm(args.algorithm, train, validation, config.search_iterations, config.random_seed,
                            config.primary_metric, MlflowTracker(args.experiment_id), args.tournament_id,
                            run_tags={"fmlops.job_run_id": args.job_run_id, **git_source_tags(args.git_source_info)}, contamination=config.contamination,
                            training_input={"table_name": names.training_set, "version": str(version)})
    if entry.status == "skipped":
        print(f"{args.algorithm} skipped: {entry.reason}")
        return
    print(f"{args.algorithm}: " + ", ".join(f"{k}={v:.4f}" for k, v in sorted(entry.metrics.items())))
    assert np.isfinite(entry.metrics[config.primary_metric])


if __name__ == "__main__":
    main()
