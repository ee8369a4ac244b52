import numpy as np
import pytest

from ${{ values.packageName }}.features.engineering import (
    hour_of_day,
    log_returns,
    price_range_ratio,
    rolling_zscore,
    trade_features,
    velocity,
)
from ${{ values.packageName }}.features.feature_table import FeatureTableSpec, trade_feature_table


def test_zscore_uses_only_past_values():
    values = [10, 10, 12, 8, 10, 10, 40]
    z = rolling_zscore(values, window=10, min_periods=5)
    assert z[:5].tolist() == [0, 0, 0, 0, 0]
    history = np.array(values[:6], dtype=float)
    assert z[6] == pytest.approx((40 - history.mean()) / history.std(ddof=1))
    # changing a later value never changes an earlier feature (no look-ahead)
    assert rolling_zscore([*values[:6], -5], 10)[:6].tolist() == z[:6].tolist()


def test_velocity_counts_events_in_the_previous_minute():
    t = [0, 10_000, 20_000, 59_000, 60_000, 125_000]
    assert velocity(t, 60).tolist() == [0, 1, 2, 3, 4, 0]
    with pytest.raises(ValueError, match="time order"):
        velocity([5, 1])


def test_returns_hours_and_ranges():
    assert log_returns([100, 110, 99]).tolist() == pytest.approx([0, np.log(1.1), np.log(0.9)])
    assert hour_of_day([0, 3_600_000 * 25 + 5]).tolist() == [0, 1]
    assert price_range_ratio([11], [9], [10]).tolist() == pytest.approx([0.2])
    with pytest.raises(ValueError, match="positive"):
        log_returns([1, 0])


def test_trade_features_have_the_configured_names_and_flag_a_spike():
    t = np.arange(0, 60 * 1000 * 60, 60 * 1000)
    prices = np.full(t.size, 100.0)
    volumes = np.full(t.size, 10.0) + np.sin(np.arange(t.size))
    volumes[-1] = 500
    features = trade_features(t, prices, volumes)
    assert set(features) == {"amount_zscore", "velocity_1m", "log_return", "volume_zscore", "hour_of_day"}
    assert features["volume_zscore"][-1] > 10 and abs(features["volume_zscore"][-2]) < 3
    with pytest.raises(ValueError, match="length"):
        trade_features(t, prices[:-1], volumes)


def test_feature_table_spec_is_checked():
    spec = trade_feature_table("fmlops_demo", "payments", "model")
    assert spec.name == "fmlops_demo.payments.model_features" and "event_time" in spec.primary_keys
    with pytest.raises(ValueError, match="catalog.schema.table"):
        FeatureTableSpec("features", ("id",), (), "")
    with pytest.raises(ValueError, match="timestamp keys"):
        FeatureTableSpec("a.b.c", ("id",), ("ts",), "")
