"""The Unity Catalog feature table of the model (Databricks Feature Engineering)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeatureTableSpec:
    name: str  # catalog.schema.table
    primary_keys: tuple[str, ...]
    timestamp_keys: tuple[str, ...]
    description: str

    def __post_init__(self) -> None:
        if self.name.count(".") != 2:
            raise ValueError(f"feature table name must be catalog.schema.table, got {self.name!r}")
        if not self.primary_keys:
            raise ValueError("a feature table needs a primary key")
        missing = set(self.timestamp_keys) - set(self.primary_keys)
        if missing:
            raise ValueError(f"timestamp keys must be part of the primary key: {sorted(missing)}")


def trade_feature_table(catalog: str, schema: str, model_name: str) -> FeatureTableSpec:
    return FeatureTableSpec(
        name=f"{catalog}.{schema}.{model_name}_features",
        primary_keys=("trade_id", "event_time"),
        timestamp_keys=("event_time",),
        description=f"Point-in-time trade features of {model_name} (from the DLT gold layer).",
    )


def write_feature_table(spec: FeatureTableSpec, dataframe) -> None:
    """Creates the table on first use and merges the features (a Spark DataFrame) into it."""
    from databricks.feature_engineering import FeatureEngineeringClient  # on Databricks ML runtimes

    client = FeatureEngineeringClient()
    try:
        client.get_table(name=spec.name)
    except Exception:  # the client raises a generic error for a missing table
        client.create_table(
            name=spec.name,
            primary_keys=list(spec.primary_keys),
            timestamp_keys=list(spec.timestamp_keys),
            schema=dataframe.schema,
            description=spec.description,
        )
    client.write_table(name=spec.name, df=dataframe, mode="merge")
