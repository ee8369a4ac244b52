"""A seeded synthetic fraud data set for tests and demos: rare anomalies that are large, bursty,
off-hours and volatile, with overlap so the task is realistic (not separable), spread over 30 days.
Labels are optional: a project without a label source trains on the features alone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = ("amount_zscore", "velocity_1m", "log_return", "volume_zscore", "hour_of_day", "price_range_ratio")


@dataclass(frozen=True)
class LabelledData:
    features: np.ndarray  # shape (n, len(feature_names))
    labels: np.ndarray | None  # 1 = anomaly; None when no label source is configured
    feature_names: tuple[str, ...] = FEATURES
    event_time: np.ndarray | None = None  # epoch seconds, for the out-of-time split

    @property
    def labelled(self) -> bool:
        return self.labels is not None

    def rows(self, index: np.ndarray) -> "LabelledData":
        pick = lambda values: None if values is None else values[index]  # noqa: E731
        return LabelledData(self.features[index], pick(self.labels), self.feature_names, pick(self.event_time))

    def without_labels(self) -> "LabelledData":
        return LabelledData(self.features, None, self.feature_names, self.event_time)


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
    event_time = np.sort(rng.uniform(0, 30 * 86400, n)) + 1767225600  # 2026-01-01, 30 days
    return LabelledData(features, labels, FEATURES, event_time)


def split(data: LabelledData, validation_fraction: float, seed: int) -> tuple[LabelledData, LabelledData]:
    """Stratified split, so the rare class appears on both sides (a random one without labels)."""
    rng = np.random.default_rng(seed)
    train_idx, val_idx = [], []
    for label in (0, 1) if data.labelled else (None,):
        idx = np.arange(data.features.shape[0]) if label is None else np.flatnonzero(data.labels == label)
        rng.shuffle(idx)
        cut = max(1, int(round(idx.size * validation_fraction)))
        val_idx.extend(idx[:cut])
        train_idx.extend(idx[cut:])
    return data.rows(np.sort(np.array(train_idx, dtype=int))), data.rows(np.sort(np.array(val_idx, dtype=int)))


def split_out_of_time(data: LabelledData, validation_fraction: float) -> tuple[LabelledData, LabelledData]:
    """Trains on the past and validates on the latest ``validation_fraction`` of the rows by event time:
    trades are a time series, and a random split would let the model see the future it is judged on."""
    if data.event_time is None:
        raise ValueError("the out-of-time split needs event times")
    if not 0 < validation_fraction < 1:
        raise ValueError("validation_fraction must be in (0, 1)")
    order = np.argsort(data.event_time, kind="stable")
    cut = data.features.shape[0] - max(1, int(round(order.size * validation_fraction)))
    train, validation = data.rows(np.sort(order[:cut])), data.rows(np.sort(order[cut:]))
    if data.labelled:
        for name, part in (("training", train), ("validation", validation)):
            if part.labels.sum() == 0:
                raise ValueError(f"the {name} period has no labelled anomaly: widen the data or the validation fraction")
    return train, validation
