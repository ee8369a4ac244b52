"""Glue to the Databricks runtime for the entry points under ``jobs/``: Spark, task values, table
names and the project configuration. Everything Databricks-only is imported inside functions."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .config import ProjectConfig, load_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Tables:
    """Unity Catalog names of everything the jobs read and write (the contract with the portal)."""

    catalog: str
    schema: str
    model: str

    def _name(self, suffix: str = "") -> str:
        return f"{self.catalog}.{self.schema}.{self.model}{suffix}"

    @property
    def uc_model(self) -> str:
        return self._name()

    features = property(lambda self: self._name("_features"))
    labels = property(lambda self: self._name("_labels"))
    training_set = property(lambda self: self._name("_training_set"))
    reference = property(lambda self: self._name("_reference"))
    inference = property(lambda self: self._name("_inference"))
    inference_metrics = property(lambda self: self._name("_inference_metrics"))
    drift = property(lambda self: self._name("_drift"))
    drift_histograms = property(lambda self: self._name("_drift_histograms"))
    serving_history = property(lambda self: self._name("_serving_history"))
    gold_trades = property(lambda self: f"{self.catalog}.{self.schema}.{self.model}_trade_features_gold")


def model_arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--model-name", required=True)
    parser.add_argument("--git-source-info", default="",
                        help="url:<origin>; branch:<branch>; commit:<sha> of the deployed bundle (lineage)")
    return parser


def git_source_tags(info: str) -> dict[str, str]:
    """MLflow's source tags from the bundle's ``url:…; branch:…; commit:…`` (empty parts are left out),
    so every run and model version names the commit that produced it."""
    keys = {"url": "mlflow.source.git.repoURL", "branch": "mlflow.source.git.branch", "commit": "mlflow.source.git.commit"}
    tags = {}
    for part in info.split(";"):
        name, _, value = part.strip().partition(":")
        if name.strip() in keys and value.strip():
            tags[keys[name.strip()]] = value.strip()
    return tags


def tables(args: argparse.Namespace) -> Tables:
    return Tables(args.catalog, args.schema, args.model_name)


def project_config() -> ProjectConfig:
    return load_config(PROJECT_ROOT / "project_config.yml")


def spark_session() -> Any:
    from pyspark.sql import SparkSession

    return SparkSession.builder.getOrCreate()


def set_task_value(key: str, value: Any) -> None:
    """Shares a value with later tasks (``{{tasks.<task>.values.<key>}}``); printed off Databricks."""
    try:
        from databricks.sdk.runtime import dbutils

        dbutils.jobs.taskValues.set(key=key, value=value)
    except (ImportError, ValueError, AttributeError):
        print(json.dumps({"task_value": key, "value": value}))


def secret(scope: str, key: str) -> str | None:
    """A secret of the workspace's scope, or None where it (or dbutils) does not exist."""
    try:
        from databricks.sdk.runtime import dbutils

        return dbutils.secrets.get(scope=scope, key=key)
    except Exception:  # noqa: BLE001 - a missing scope or key raises the SDK's own errors
        return None


def table_exists(spark: Any, name: str) -> bool:
    return bool(spark.catalog.tableExists(name))


def append_rows(spark: Any, name: str, rows: Sequence[dict], schema: str) -> None:
    """Appends plain rows to a Delta table, creating it with ``schema`` (a DDL string) on first use."""
    if not rows:
        return
    frame = spark.createDataFrame(list(rows), schema=schema)
    frame.write.format("delta").mode("append").option("mergeSchema", "false").saveAsTable(name)


DRIFT_SCHEMA = (
    "window_start TIMESTAMP, window_end TIMESTAMP, feature STRING, feature_type STRING, psi DOUBLE, "
    "js_divergence DOUBLE, js_distance DOUBLE, status STRING, reference_count BIGINT, current_count BIGINT, "
    "ks_statistic DOUBLE, ks_pvalue DOUBLE"
)
HISTOGRAM_SCHEMA = (
    "window_start TIMESTAMP, feature STRING, bin_index INT, bin_label STRING, bin_lower DOUBLE, "
    "bin_upper DOUBLE, reference_count BIGINT, current_count BIGINT"
)
INFERENCE_METRICS_SCHEMA = (
    "window_start TIMESTAMP, model_version STRING, requests BIGINT, errors BIGINT, p50_latency_ms DOUBLE, "
    "p99_latency_ms DOUBLE, pr_auc DOUBLE, f1 DOUBLE, precision DOUBLE, recall DOUBLE"
)
SERVING_HISTORY_SCHEMA = "applied_at TIMESTAMP, endpoint STRING, config STRING, healthy BOOLEAN, reason STRING"
