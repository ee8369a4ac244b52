"""Gold: point-in-time features per trade, computed over each symbol's past only (the Spark twin of
``features.engineering``, which the tests pin down)."""

from __future__ import annotations

ZSCORE_WINDOW = 50
VELOCITY_WINDOW_MS = 60_000
MIN_PERIODS = 5


def define_tables(spark) -> None:
    import dlt
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    @dlt.table(name="${{ values.modelName }}_trade_features_gold", comment="Trade features for training, scoring and drift.", table_properties={"quality": "gold"})
    @dlt.expect_all_or_drop({"features_finite": "NOT isnan(log_return) AND NOT isnan(amount_zscore)"})
    def trade_features_gold():
        trades = dlt.read("${{ values.modelName }}_trades_silver").withColumn("amount", F.col("price") * F.col("volume"))
        by_symbol = Window.partitionBy("symbol").orderBy("timestamp_ms")
        past = by_symbol.rowsBetween(-ZSCORE_WINDOW, -1)
        last_minute = by_symbol.rangeBetween(-VELOCITY_WINDOW_MS, -1)

        def zscore(column: str):
            mean, std, n = F.avg(column).over(past), F.stddev_samp(column).over(past), F.count(column).over(past)
            return F.when((n >= MIN_PERIODS) & (std > 0), (F.col(column) - mean) / std).otherwise(F.lit(0.0))

        daily_range = (
            dlt.read("${{ values.modelName }}_bars_silver")
            .where(F.col("interval") == "1d")
            .select("symbol", F.to_date("bar_time").alias("bar_date"), ((F.col("high") - F.col("low")) / F.col("close")).alias("price_range_ratio"))
        )
        features = (
            trades.withColumn("amount_zscore", zscore("amount"))
            .withColumn("volume_zscore", zscore("volume"))
            .withColumn("velocity_1m", F.count("*").over(last_minute).cast("double"))
            .withColumn("log_return", F.coalesce(F.log(F.col("price") / F.lag("price").over(by_symbol)), F.lit(0.0)))
            .withColumn("hour_of_day", F.hour(F.col("event_time")).cast("double"))
            # the previous trading day's range: known before the trade, so no look-ahead
            .withColumn("bar_date", F.date_sub(F.to_date("event_time"), 1))
        )
        return (
            features.join(daily_range, ["symbol", "bar_date"], "left")
            .withColumn("price_range_ratio", F.coalesce("price_range_ratio", F.lit(0.0)))
            .select("trade_id", "symbol", "event_time", "amount_zscore", "velocity_1m", "log_return",
                    "volume_zscore", "hour_of_day", "price_range_ratio")
        )
