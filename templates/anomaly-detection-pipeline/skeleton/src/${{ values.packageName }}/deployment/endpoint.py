"""Databricks side of roll-outs and rollbacks: the endpoint's current config, applying a config
(Databricks SDK), the serving history table and live health from the inference (payload) table."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..runtime import SERVING_HISTORY_SCHEMA, append_rows
from .portal import LAST_ROLLOUT_TAG, last_rollout_tag
from .rollback import HealthObservation, ServingSnapshot


class AmbiguousEndpoint(LookupError):
    """More than one endpoint serves the model: the roll-out would not know which to change."""


def find_endpoint(workspace, uc_model: str) -> str | None:
    """The endpoint serving the model, found by what it serves rather than by name, so development
    mode's name prefixes and the first deploy (no endpoint yet) need no special cases."""
    serving = [
        endpoint.name
        for endpoint in workspace.serving_endpoints.list()
        if endpoint.config and any(e.entity_name == uc_model for e in endpoint.config.served_entities or [])
    ]
    if len(serving) > 1:
        raise AmbiguousEndpoint(f"{uc_model} is served by several endpoints: {', '.join(sorted(serving))}")
    return serving[0] if serving else None


def current_config(workspace, endpoint: str) -> dict:
    config = workspace.serving_endpoints.get(endpoint).config
    if config is None:
        raise RuntimeError(f"endpoint {endpoint} has no active config yet")
    return {
        "served_entities": [
            {"name": e.name, "entity_name": e.entity_name, "entity_version": e.entity_version,
             "workload_size": e.workload_size, "scale_to_zero_enabled": e.scale_to_zero_enabled}
            for e in config.served_entities or []
        ],
        "traffic_config": {"routes": [{"served_model_name": r.served_model_name, "traffic_percentage": r.traffic_percentage}
                                      for r in (config.traffic_config.routes if config.traffic_config else [])]},
    }


def apply_config(workspace, endpoint: str, config: dict) -> None:
    from databricks.sdk.service.serving import ServedEntityInput, TrafficConfig

    workspace.serving_endpoints.update_config_and_wait(
        name=endpoint,
        served_entities=[ServedEntityInput.from_dict(e) for e in config["served_entities"]],
        traffic_config=TrafficConfig.from_dict(config["traffic_config"]),
    )


def record_rollout(workspace, endpoint: str, version: str, before: dict, after: dict, by: str) -> None:
    """Tags the endpoint with the change this job made (``fmlops-last-rollout``): the portal's
    external-change watcher shows it as a change made outside the portal, with who made it."""
    from databricks.sdk.service.serving import EndpointTag

    workspace.serving_endpoints.patch(
        name=endpoint, add_tags=[EndpointTag(key=LAST_ROLLOUT_TAG, value=last_rollout_tag(version, before, after, by))])


def record(spark, table: str, endpoint: str, config: dict, healthy: bool, reason: str) -> None:
    append_rows(spark, table, [{"applied_at": datetime.now(timezone.utc), "endpoint": endpoint,
                                "config": json.dumps(config, sort_keys=True), "healthy": healthy, "reason": reason}],
                SERVING_HISTORY_SCHEMA)


def history(spark, table: str, endpoint: str) -> list[ServingSnapshot]:
    from pyspark.sql import functions as F

    if not spark.catalog.tableExists(table):
        return []
    rows = spark.table(table).where(F.col("endpoint") == endpoint).collect()
    return [ServingSnapshot(r.applied_at, json.loads(r.config), bool(r.healthy), r.reason or "") for r in rows]


def observe(spark, payload_table: str, endpoint: str, version: str, since: datetime) -> HealthObservation:
    """Requests, errors and p99 latency of one served model version since ``since``.

    The AI Gateway inference table names the served entity by id; ``system.serving.served_entities``
    maps the id to the endpoint and model version.
    """
    from pyspark.sql import functions as F

    entities = (spark.table("system.serving.served_entities")
                .where((F.col("endpoint_name") == endpoint) & (F.col("entity_version") == str(version)))
                .select("served_entity_id").distinct())
    row = (spark.table(payload_table)
           .where(F.col("request_time") >= F.lit(since))
           .join(entities, "served_entity_id")
           .agg(F.count("*").alias("requests"),
                F.sum(F.when(F.col("status_code") >= 400, 1).otherwise(0)).alias("errors"),
                F.percentile_approx("execution_duration_ms", 0.99).alias("p99"))
           .collect()[0])
    return HealthObservation(int(row.requests or 0), int(row.errors or 0), float(row.p99 or 0.0))
