"""Silver: typed, deduplicated trades and bars, guarded by expectations.

Each expectation is written once, as the SQL DLT enforces and as a Python check the landing side and
the tests use, so a row the pipeline drops is a row the tests know it drops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

EARLIEST_MS = 946_684_800_000  # 2000-01-01: older timestamps are unit mistakes (seconds for ms)


def _number(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


@dataclass(frozen=True)
class Expectation:
    name: str
    sql: str
    action: str  # drop | fail | warn
    check: Callable[[Mapping[str, Any]], bool]


def _positive(key: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda row: (_number(row, key) or 0) > 0


TRADE_EXPECTATIONS = (
    Expectation("symbol_present", "symbol IS NOT NULL AND length(symbol) > 0", "drop", lambda r: bool(r.get("symbol"))),
    Expectation("price_positive", "price > 0", "drop", _positive("price")),
    Expectation("volume_non_negative", "volume >= 0", "drop", lambda r: (_number(r, "volume") if _number(r, "volume") is not None else -1) >= 0),
    Expectation("timestamp_in_milliseconds", f"timestamp_ms >= {EARLIEST_MS}", "drop",
                lambda r: (_number(r, "timestamp_ms") or 0) >= EARLIEST_MS),
)

BAR_EXPECTATIONS = (
    Expectation("symbol_present", "symbol IS NOT NULL AND length(symbol) > 0", "drop", lambda r: bool(r.get("symbol"))),
    Expectation("prices_positive", "open > 0 AND close > 0 AND low > 0", "drop",
                lambda r: all((_number(r, k) or 0) > 0 for k in ("open", "close", "low"))),
    Expectation("high_not_below_low", "high >= low", "fail",
                lambda r: None not in (_number(r, "high"), _number(r, "low")) and r["high"] >= r["low"]),
    Expectation("close_within_range", "close BETWEEN low AND high", "warn",
                lambda r: None not in (_number(r, "close"), _number(r, "low"), _number(r, "high")) and r["low"] <= r["close"] <= r["high"]),
)


def violations(row: Mapping[str, Any], expectations: Iterable[Expectation]) -> list[str]:
    return [e.name for e in expectations if not e.check(row)]


def expectation_groups(expectations: Iterable[Expectation]) -> dict[str, dict[str, str]]:
    """{action: {name: sql}} for ``dlt.expect_all_or_drop`` / ``expect_all_or_fail`` / ``expect_all``."""
    groups: dict[str, dict[str, str]] = {"drop": {}, "fail": {}, "warn": {}}
    for e in expectations:
        if e.action not in groups:
            raise ValueError(f"expectation {e.name}: unknown action {e.action!r}")
        groups[e.action][e.name] = e.sql
    return groups


def _guarded(dlt, expectations: Iterable[Expectation]):
    groups = expectation_groups(expectations)

    def apply(function):
        if groups["warn"]:
            function = dlt.expect_all(groups["warn"])(function)
        if groups["fail"]:
            function = dlt.expect_all_or_fail(groups["fail"])(function)
        if groups["drop"]:
            function = dlt.expect_all_or_drop(groups["drop"])(function)
        return function

    return apply


def define_tables(spark) -> None:
    import dlt
    from pyspark.sql import functions as F

    @dlt.table(name="${{ values.modelName }}_trades_silver", comment="Typed, deduplicated Finnhub trades.", table_properties={"quality": "silver"})
    @_guarded(dlt, TRADE_EXPECTATIONS)
    def trades_silver():
        return (
            dlt.read_stream("${{ values.modelName }}_trades_bronze")
            .select(
                F.col("symbol").cast("string").alias("symbol"),
                F.col("price").cast("double").alias("price"),
                F.col("volume").cast("double").alias("volume"),
                F.col("timestamp_ms").cast("bigint").alias("timestamp_ms"),
                F.col("conditions").cast("array<string>").alias("conditions"),
                F.col("_ingested_at"),
            )
            .withColumn("event_time", F.timestamp_millis("timestamp_ms"))
            .withColumn("trade_id", F.sha2(F.concat_ws("|", "symbol", "timestamp_ms", "price", "volume"), 256))
            .withWatermark("event_time", "10 minutes")
            .dropDuplicatesWithinWatermark(["trade_id"])
        )

    @dlt.table(name="${{ values.modelName }}_bars_silver", comment="Typed Alpha Vantage bars, one per symbol, interval and time.", table_properties={"quality": "silver"})
    @_guarded(dlt, BAR_EXPECTATIONS)
    def bars_silver():
        return (
            dlt.read_stream("${{ values.modelName }}_bars_bronze")
            .select(
                F.col("symbol").cast("string").alias("symbol"),
                F.to_timestamp("timestamp").alias("bar_time"),
                F.col("interval").cast("string").alias("interval"),
                *[F.col(c).cast("double").alias(c) for c in ("open", "high", "low", "close", "volume", "adjusted_close")],
            )
            .withWatermark("bar_time", "7 days")
            .dropDuplicatesWithinWatermark(["symbol", "interval", "bar_time"])
        )
