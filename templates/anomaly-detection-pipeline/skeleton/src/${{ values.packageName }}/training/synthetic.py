"""A seeded synthetic labelled fraud data set for tests and demos: rare anomalies that are large,
bursty, off-hours and volatile, with overlap so the task is realistic (not separable)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = ("amount_zscore", "velocity_1m", "log_return", "volume_zscore", "hour_of_day", "price_range_ratio")


@dataclass(frozen=True)
class LabelledData:
    features: np.ndarray  # shape (n, len(feature_names))
    labels: np.ndarray  # 1 = anomaly
    feature_names: tuple[str, ...] = FEATURES


def make_transactions(n: int = 6000, anomaly_rate: float = 0.03, seed: int = 7) -> LabelledData:
    if n < 100:
        raise ValueError("n must be at least 100")
    if not 0 < anomaly_rate < 0.5:
        raise ValueError("anomaly_rate must be in (0, 0.5)")
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < anomaly_rate).astype(int)
    # Two kinds of fraud: "outliers" (large, bursty, volatile: what an unsupervised detector sees) and
    # "mimics" that stay inside normal ranges but combine night hours, falling prices and rising
    # volume (only labels teach that). Legitimate outliers (big genuine trades) blur both.
    mimic = (labels == 1) & (rng.random(n) < 0.5)
    outlier = (labels == 1) & ~mimic
    legit_outlier = (labels == 0) & (rng.random(n) < 0.03)
    amount = rng.normal(0, 1, n)
    velocity = rng.poisson(3, n).astype(float)
    returns = rng.normal(0, 0.006, n)
    volume = rng.normal(0, 1, n)
    hour = np.floor(rng.normal(14, 3, n) % 24)
    price_range = np.abs(rng.normal(0.008, 0.004, n))
    k = int(outlier.sum())
    amount[outlier] = rng.normal(2.2, 1.2, k)
    velocity[outlier] = rng.poisson(7, k)
    returns[outlier] = rng.normal(0, 0.015, k)
    price_range[outlier] = np.abs(rng.normal(0.016, 0.008, k))
    # genuine large trades: as big and volatile as fraud, but not bursty
    k = int(legit_outlier.sum())
    amount[legit_outlier] = rng.normal(2.2, 1.2, k)
    price_range[legit_outlier] = np.abs(rng.normal(0.016, 0.008, k))
    k = int(mimic.sum())
    hour[mimic] = rng.choice([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 22.0, 23.0], k)
    returns[mimic] = -np.abs(rng.normal(0.010, 0.004, k))
    volume[mimic] = rng.normal(1.4, 0.5, k)
    features = np.column_stack([amount, velocity, returns, volume, hour, price_range])
    return LabelledData(features, labels)


def split(data: LabelledData, validation_fraction: float, seed: int) -> tuple[LabelledData, LabelledData]:
    """Stratified split, so the rare class appears on both sides."""
    rng = np.random.default_rng(seed)
    train_idx, val_idx = [], []
    for label in (0, 1):
        idx = np.flatnonzero(data.labels == label)
        rng.shuffle(idx)
        cut = max(1, int(round(idx.size * validation_fraction)))
        val_idx.extend(idx[:cut])
        train_idx.extend(idx[cut:])
    pick = lambda ids: LabelledData(data.features[np.sort(ids)], data.labels[np.sort(ids)], data.feature_names)  # noqa: E731
    return pick(np.array(train_idx)), pick(np.array(val_idx))
