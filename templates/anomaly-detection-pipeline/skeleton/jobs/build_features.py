"""Task: merge the gold trade features into the feature table and freeze this tournament's training set
(with the labels of the label source when one is configured, the unlabelled trades otherwise)."""

import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.features.feature_table import trade_feature_table, write_feature_table  # noqa: E402
from ${{ values.packageName }}.runtime import model_arguments, project_config, spark_session, table_exists, tables  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--tournament-id", required=True)
    args = parser.parse_args()
    config, names, spark = project_config(), tables(args), spark_session()
    from pyspark.sql import functions as F

    if not table_exists(spark, names.gold_trades):
        raise SystemExit(f"{names.gold_trades} does not exist yet: run the DLT pipeline first")
    gold = spark.table(names.gold_trades)
    write_feature_table(trade_feature_table(args.catalog, args.schema, args.model_name), gold)
    if config.supervised:
        if not table_exists(spark, config.label_source):
            raise SystemExit(f"{config.label_source} (trade_id, {config.label_column}) does not exist: load investigated cases first")
        rows = gold.join(spark.table(config.label_source).select("trade_id", config.label_column), "trade_id")
        positives = rows.where(F.col(config.label_column) == 1).count()
        if positives < 20:
            raise SystemExit(f"only {positives} labelled anomalies: the tournament needs at least 20")
    else:
        rows = gold
        if rows.count() < 500:
            raise SystemExit(f"only {rows.count()} trades in {names.gold_trades}: the unsupervised tournament needs at least 500")
    # one frozen snapshot per tournament, so every algorithm trains on exactly the same rows
    (rows.withColumn("tournament_id", F.lit(args.tournament_id))
        .write.format("delta").mode("overwrite").option("overwriteSchema", "true").saveAsTable(names.training_set))


if __name__ == "__main__":
    main()
