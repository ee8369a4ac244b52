"""Per-transaction features, computed from the past only (no look-ahead), the same way offline
(gold table, training) and online (scoring). Pure numpy: one symbol's events in time order."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def rolling_zscore(values: Sequence[float], window: int, min_periods: int = 5) -> np.ndarray:
    """z-score of each value against the previous ``window`` values (0 until ``min_periods`` exist)."""
    if window < 2:
        raise ValueError("window must be at least 2")
    x = np.asarray(values, dtype=float)
    out = np.zeros_like(x)
    for i in range(x.size):
        history = x[max(0, i - window) : i]
        if history.size >= min_periods:
            std = history.std(ddof=1)
            out[i] = 0.0 if std == 0 else (x[i] - history.mean()) / std
    return out


def velocity(timestamps_ms: Sequence[int], window_seconds: float = 60.0) -> np.ndarray:
    """Number of earlier events within ``window_seconds`` before each event (a burst indicator)."""
    t = np.asarray(timestamps_ms, dtype=np.int64)
    if np.any(np.diff(t) < 0):
        raise ValueError("timestamps must be in time order")
    starts = np.searchsorted(t, t - int(window_seconds * 1000), side="left")
    return (np.arange(t.size) - starts).astype(float)


def log_returns(prices: Sequence[float]) -> np.ndarray:
    """ln(p_t / p_{t-1}); 0 for the first event."""
    p = np.asarray(prices, dtype=float)
    if np.any(p <= 0):
        raise ValueError("prices must be positive")
    out = np.zeros_like(p)
    out[1:] = np.log(p[1:] / p[:-1])
    return out


def hour_of_day(timestamps_ms: Sequence[int]) -> np.ndarray:
    """UTC hour of each event."""
    t = np.asarray(timestamps_ms, dtype=np.int64)
    return ((t // 3_600_000) % 24).astype(float)


def price_range_ratio(high: Sequence[float], low: Sequence[float], close: Sequence[float]) -> np.ndarray:
    """(high − low) / close of a bar: intrabar volatility."""
    h, l, c = (np.asarray(v, dtype=float) for v in (high, low, close))
    if np.any(c <= 0):
        raise ValueError("close prices must be positive")
    return (h - l) / c


def trade_features(timestamps_ms: Sequence[int], prices: Sequence[float], volumes: Sequence[float],
                   window: int = 50) -> dict[str, np.ndarray]:
    """The trade features of one symbol's stream, keyed by the names in project_config.yml."""
    if not len(timestamps_ms) == len(prices) == len(volumes):
        raise ValueError("timestamps, prices and volumes differ in length")
    notional = np.asarray(prices, dtype=float) * np.asarray(volumes, dtype=float)
    return {
        "amount_zscore": rolling_zscore(notional, window),
        "velocity_1m": velocity(timestamps_ms, 60.0),
        "log_return": log_returns(prices),
        "volume_zscore": rolling_zscore(volumes, window),
        "hour_of_day": hour_of_day(timestamps_ms),
    }
