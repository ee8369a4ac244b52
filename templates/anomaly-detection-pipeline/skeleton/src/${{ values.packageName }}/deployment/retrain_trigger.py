"""When to retrain: drift in N of the last M windows, or a live metric below its floor — never
within the cooldown after the previous retrain (a fresh model needs windows to prove itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping, Sequence


@dataclass(frozen=True)
class RetrainRule:
    windows_in_drift: int
    of_last_windows: int
    cooldown_hours: float
    metric_floors: Mapping[str, float]

    def __post_init__(self) -> None:
        if not 1 <= self.windows_in_drift <= self.of_last_windows:
            raise ValueError("retrain rule: need 1 <= windows_in_drift <= of_last_windows")
        if self.cooldown_hours < 0:
            raise ValueError("retrain rule: cooldown_hours cannot be negative")


@dataclass(frozen=True)
class WindowStatus:
    window_start: datetime
    drifted_features: tuple[str, ...]

    @property
    def in_drift(self) -> bool:
        return bool(self.drifted_features)


@dataclass(frozen=True)
class RetrainDecision:
    retrain: bool
    reason: str


def decide_retrain(windows: Sequence[WindowStatus], live_metrics: Mapping[str, float], rule: RetrainRule,
                   last_retrain_at: datetime | None, now: datetime) -> RetrainDecision:
    triggers: list[str] = []
    latest = sorted(windows, key=lambda w: w.window_start)[-rule.of_last_windows:]
    drifting = [w for w in latest if w.in_drift]
    if len(latest) >= rule.windows_in_drift and len(drifting) >= rule.windows_in_drift:
        features = sorted({f for w in drifting for f in w.drifted_features})
        triggers.append(
            f"drift in {len(drifting)} of the last {len(latest)} windows ({', '.join(features)})"
        )
    for metric, floor in sorted(rule.metric_floors.items()):
        value = live_metrics.get(metric)
        if value is not None and value < floor:
            triggers.append(f"live {metric} {value:.3f} below its floor {floor:.3f}")
    if not triggers:
        return RetrainDecision(False, "no trigger: drift and live metrics within the rule")
    if last_retrain_at is not None:
        ready_at = last_retrain_at + timedelta(hours=rule.cooldown_hours)
        if now < ready_at:
            return RetrainDecision(False, f"cooldown until {ready_at.isoformat()} despite {'; '.join(triggers)}")
    return RetrainDecision(True, "; ".join(triggers))
