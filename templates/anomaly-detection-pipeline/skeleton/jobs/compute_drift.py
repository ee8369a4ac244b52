"""Task: for the last window, unpack served requests into the inference log, compare every feature
with the champion's training reference (drift table + histograms) and write live metrics per version."""

from datetime import datetime, timezone
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.monitoring.drift import DriftThresholds, drift_window, histogram_bin_edges, sturges_bins, window_bounds  # noqa: E402
from ${{ values.packageName }}.runtime import (  # noqa: E402
    DRIFT_SCHEMA,
    HISTOGRAM_SCHEMA,
    INFERENCE_METRICS_SCHEMA,
    append_rows,
    model_arguments,
    project_config,
    spark_session,
    tables,
)


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--payload-table", required=True)
    parser.add_argument("--window-minutes", type=int, default=60)
    args = parser.parse_args()
    import numpy as np
    from mlflow import MlflowClient
    from pyspark.sql import functions as F

    config, names, spark = project_config(), tables(args), spark_session()
    thresholds = DriftThresholds(config.drift.psi_warning, config.drift.psi_drift, config.drift.js_distance_drift)
    start, end = window_bounds(datetime.now(timezone.utc), args.window_minutes)
    features = list(config.numerical_features)

    # 1. unpack the window's requests: inputs are the model's features, outputs its score and prediction
    window_requests = (spark.table(args.payload_table)
                       .where((F.col("request_time") >= F.lit(start)) & (F.col("request_time") < F.lit(end)))
                       .join(spark.table("system.serving.served_entities")
                             .select("served_entity_id", F.col("entity_version").alias("model_version")).distinct(),
                             "served_entity_id"))
    requests = window_requests.where(F.col("status_code") == 200)
    # one request may carry several records: record i pairs with score i of the response
    record_schema = f"array<struct<{', '.join(f + ': double' for f in features)}>>"
    response_schema = "struct<predictions: struct<score: array<double>, prediction: array<int>>>"
    parsed = (requests
              .withColumn("records", F.from_json(F.get_json_object("request", "$.dataframe_records"), record_schema))
              .withColumn("output", F.from_json("response", response_schema))
              .select("databricks_request_id", "client_request_id", "request_time", "model_version", "output",
                      F.posexplode("records").alias("position", "x"))
              .select("databricks_request_id", "client_request_id", "request_time", "model_version",
                      F.element_at("output.predictions.score", F.col("position") + 1).alias("score"),
                      F.element_at("output.predictions.prediction", F.col("position") + 1).alias("prediction"),
                      *[F.col(f"x.{f}").alias(f) for f in features]))
    if spark.catalog.tableExists(names.labels):
        # callers pass the trade id as client_request_id; investigated cases label it later
        labels = spark.table(names.labels).select(F.col("trade_id").alias("client_request_id"), F.col(config.label_column).alias("label"))
        parsed = parsed.join(labels, "client_request_id", "left")
    else:
        parsed = parsed.withColumn("label", F.lit(None).cast("int"))
    parsed.write.format("delta").mode("append").saveAsTable(names.inference)

    # 2. drift of the window against the champion's reference, with the reference's fixed bins
    champion = MlflowClient(registry_uri="databricks-uc").get_model_version_by_alias(names.uc_model, "champion").version
    reference_frame = spark.table(names.reference).where(F.col("model_version") == str(champion)).select(*features).toPandas()
    current_frame = parsed.select(*features).toPandas()
    if reference_frame.empty or current_frame.empty:
        print(f"window {start:%Y-%m-%d %H:%M}: {len(current_frame)} requests, {len(reference_frame)} reference rows; nothing to compare")
        return
    reference = {f: reference_frame[f].to_numpy(dtype=float) for f in features}
    current = {f: current_frame[f].to_numpy(dtype=float) for f in features}
    edges = {f: histogram_bin_edges(v[np.isfinite(v)], sturges_bins(int(np.isfinite(v).sum()))) for f, v in reference.items()}
    window = drift_window(start, end, reference, current, reference_edges=edges, thresholds=thresholds)
    append_rows(spark, names.drift, window.drift_rows, DRIFT_SCHEMA)
    append_rows(spark, names.drift_histograms, window.histogram_rows, HISTOGRAM_SCHEMA)

    # 3. live metrics per served version (labels arrive later; quality metrics stay null until they do)
    from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score

    traffic = window_requests.groupBy("model_version").agg(
        F.count("*").alias("requests"),
        F.sum(F.when(F.col("status_code") >= 400, 1).otherwise(0)).alias("errors"),
        F.percentile_approx("execution_duration_ms", 0.5).alias("p50"),
        F.percentile_approx("execution_duration_ms", 0.99).alias("p99"),
    ).collect()
    metrics_rows = []
    for row in traffic:
        labelled = (parsed.where((F.col("model_version") == row.model_version) & F.col("label").isNotNull())
                    .select("label", "score", "prediction").toPandas())
        quality: dict[str, float] = {}
        if labelled["label"].nunique() == 2:
            y, predicted = labelled["label"].to_numpy(), labelled["prediction"].to_numpy()
            quality = {"pr_auc": float(average_precision_score(y, labelled["score"].to_numpy())),
                       "f1": float(f1_score(y, predicted, zero_division=0)),
                       "precision": float(precision_score(y, predicted, zero_division=0)),
                       "recall": float(recall_score(y, predicted, zero_division=0))}
        metrics_rows.append({"window_start": start, "model_version": str(row.model_version), "requests": int(row.requests),
                             "errors": int(row.errors or 0), "p50_latency_ms": float(row.p50 or 0), "p99_latency_ms": float(row.p99 or 0),
                             **{k: quality.get(k) for k in ("pr_auc", "f1", "precision", "recall")}})
    append_rows(spark, names.inference_metrics, metrics_rows, INFERENCE_METRICS_SCHEMA)
    drifted = [r["feature"] for r in window.drift_rows if r["status"] == "drift"]
    print(f"window {start:%Y-%m-%d %H:%M}: {len(current_frame)} rows; drift in {drifted or 'no feature'}")


if __name__ == "__main__":
    main()
