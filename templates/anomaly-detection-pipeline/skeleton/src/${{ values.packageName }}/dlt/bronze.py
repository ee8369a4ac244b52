"""Bronze: the landed JSON lines as they arrived, with their source file and ingestion time."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BronzeSource:
    table: str
    subdirectory: str  # under the landing volume
    comment: str


SOURCES = (
    BronzeSource("${{ values.modelName }}_trades_bronze", "finnhub", "Finnhub trades as landed by the stream consumer."),
    BronzeSource("${{ values.modelName }}_bars_bronze", "alpha_vantage", "Alpha Vantage bars as landed by the history job."),
)


def autoloader_options(source: BronzeSource) -> dict[str, str]:
    return {
        "cloudFiles.format": "json",
        "cloudFiles.inferColumnTypes": "true",
        # a malformed line is kept in _rescued_data instead of failing the update
        "cloudFiles.schemaEvolutionMode": "rescue",
        # writers land a temporary file and rename it: only finished files are read
        "pathGlobFilter": "*.jsonl",
    }


def define_tables(spark, landing_path: str) -> None:
    """Registers the bronze tables in the running DLT pipeline."""
    import dlt
    from pyspark.sql import functions as F

    for source in SOURCES:

        def table(source: BronzeSource = source):
            return (
                spark.readStream.format("cloudFiles")
                .options(**autoloader_options(source))
                .load(f"{landing_path.rstrip('/')}/{source.subdirectory}")
                .withColumn("_ingested_at", F.current_timestamp())
                .withColumn("_source_file", F.col("_metadata.file_path"))
            )

        dlt.table(name=source.table, comment=source.comment, table_properties={"quality": "bronze"})(table)
