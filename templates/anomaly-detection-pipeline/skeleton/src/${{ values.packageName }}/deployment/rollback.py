"""Rollback: detect a degraded served version and find the last known-good serving configuration.

Every applied configuration is appended to the serving history (a Delta table, one row per change,
marked healthy once it passed its bake). A rollback restores the newest healthy entry that differs
from what is served now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping, Sequence


@dataclass(frozen=True)
class ServingSnapshot:
    applied_at: datetime
    config: Mapping  # served_entities + traffic_config, as sent to Databricks
    healthy: bool
    reason: str = ""

    def versions(self) -> dict[str, int]:
        """Served version → traffic percentage, the identity of a configuration."""
        return traffic_by_version(self.config)


def traffic_by_version(config: Mapping) -> dict[str, int]:
    """An endpoint config's traffic as served model version → percentage."""
    by_name = {e["name"]: str(e["entity_version"]) for e in config["served_entities"]}
    return {by_name[r["served_model_name"]]: r["traffic_percentage"] for r in config["traffic_config"]["routes"]}


@dataclass(frozen=True)
class HealthObservation:
    requests: int
    errors: int
    p99_latency_ms: float
    metric: float | None = None  # live primary metric, when labels have arrived

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class RollbackThresholds:
    max_p99_latency_ms: float
    max_error_rate: float
    max_p99_latency_ratio: float = 1.5
    max_metric_drop: float = 0.05
    min_requests: int = 50


@dataclass(frozen=True)
class RollbackDecision:
    rollback: bool
    inconclusive: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)


def decide_rollback(observed: HealthObservation, baseline: HealthObservation | None,
                    thresholds: RollbackThresholds) -> RollbackDecision:
    """Rolls back on latency, errors or a metric drop; too little traffic decides nothing."""
    if observed.requests < thresholds.min_requests:
        return RollbackDecision(False, True, (f"only {observed.requests} requests (< {thresholds.min_requests}): inconclusive",))
    reasons: list[str] = []
    if observed.p99_latency_ms > thresholds.max_p99_latency_ms:
        reasons.append(f"p99 latency {observed.p99_latency_ms:.0f} ms above {thresholds.max_p99_latency_ms:.0f} ms")
    if observed.error_rate > thresholds.max_error_rate:
        reasons.append(f"error rate {observed.error_rate:.2%} above {thresholds.max_error_rate:.2%}")
    if baseline is not None and baseline.requests >= thresholds.min_requests:
        if baseline.p99_latency_ms > 0 and observed.p99_latency_ms > baseline.p99_latency_ms * thresholds.max_p99_latency_ratio:
            reasons.append(
                f"p99 latency {observed.p99_latency_ms:.0f} ms is more than {thresholds.max_p99_latency_ratio:g}x "
                f"the previous version's {baseline.p99_latency_ms:.0f} ms"
            )
        if observed.metric is not None and baseline.metric is not None and baseline.metric - observed.metric > thresholds.max_metric_drop:
            reasons.append(f"live metric fell from {baseline.metric:.3f} to {observed.metric:.3f}")
    return RollbackDecision(bool(reasons), False, tuple(reasons))


class NoKnownGoodConfig(LookupError):
    """No healthy configuration differs from the current one: nothing to roll back to."""


def last_known_good(history: Sequence[ServingSnapshot], current: Mapping) -> ServingSnapshot:
    """The newest healthy configuration that serves something else than ``current``."""
    current_versions = ServingSnapshot(datetime.min, current, True).versions()
    for snapshot in sorted(history, key=lambda s: s.applied_at, reverse=True):
        if snapshot.healthy and snapshot.versions() != current_versions:
            return snapshot
    raise NoKnownGoodConfig("no healthy serving configuration in the history differs from the current one")
