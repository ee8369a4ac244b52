"""Loads ``project_config.yml`` into typed settings and rejects inconsistent values early."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

# an environment (bundle target) name as the portal accepts it (fmlops-common ENVIRONMENT_NAME_PATTERN)
ENVIRONMENT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")

ALGORITHMS = ("xgboost", "lightgbm", "random_forest", "isolation_forest")
METRICS = ("pr_auc", "f1", "precision", "recall")
# without labels the tournament ranks on how well the contamination threshold holds on unseen rows
UNSUPERVISED_METRIC = "threshold_stability"


class ConfigError(ValueError):
    """The project configuration is invalid; the message names every problem."""


@dataclass(frozen=True)
class GateConfig:
    min_pr_auc: float
    min_f1: float
    min_improvement: float
    min_relative_improvement: float = 0.0


@dataclass(frozen=True)
class DriftConfig:
    psi_warning: float
    psi_drift: float
    js_distance_drift: float


@dataclass(frozen=True)
class RetrainingConfig:
    windows_in_drift: int
    of_last_windows: int
    cooldown_hours: float
    metric_floors: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RolloutConfig:
    strategy: str
    steps: tuple[int, ...]
    bake_minutes: int


@dataclass(frozen=True)
class RollbackConfig:
    max_p99_latency_ms: float
    max_error_rate: float
    max_p99_latency_ratio: float
    max_metric_drop: float
    min_requests: int


@dataclass(frozen=True)
class ProjectConfig:
    name: str
    primary_metric: str
    label_column: str
    finnhub_symbols: tuple[str, ...]
    alpha_vantage_symbols: tuple[str, ...]
    alpha_vantage_series: tuple[str, ...]
    intraday_interval: str
    numerical_features: tuple[str, ...]
    categorical_features: tuple[str, ...]
    algorithms: tuple[str, ...]
    search_iterations: int
    random_seed: int
    validation_fraction: float
    label_source: str | None
    contamination: float
    gate: GateConfig
    drift: DriftConfig
    retraining: RetrainingConfig
    rollout: RolloutConfig
    rollback: RollbackConfig

    @property
    def supervised(self) -> bool:
        """Labels train the tournament only when a label source is configured."""
        return self.label_source is not None


def load_config(path: str | Path) -> ProjectConfig:
    """Reads and validates a ``project_config.yml``."""
    import yaml  # PyYAML ships with the Databricks runtime and Debian's python3-yaml

    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return parse_config(raw)


def parse_config(raw: Mapping[str, Any]) -> ProjectConfig:
    """Builds the settings from a parsed mapping, collecting every problem before raising."""
    problems: list[str] = []

    def section(name: str) -> Mapping[str, Any]:
        value = raw.get(name)
        if not isinstance(value, dict):
            problems.append(f"{name}: missing section")
            return {}
        return value

    model, data, features = section("model"), section("data"), section("features")
    tournament, gate, drift = section("tournament"), section("gate"), section("drift")
    retraining, serving = section("retraining"), section("serving")
    labels = raw.get("labels") or {}
    alpha = data.get("alpha_vantage") or {}
    rollout = serving.get("rollout") or {}
    rollback = serving.get("rollback") or {}

    def number(where: str, value: Any, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{where}: expected a number, got {value!r}")
            return low
        if not low <= value <= high:
            problems.append(f"{where}: {value} is outside [{low}, {high}]")
        return float(value)

    algorithms = tuple(tournament.get("algorithms") or ())
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if not algorithms or unknown:
        problems.append(f"tournament.algorithms: pick from {', '.join(ALGORITHMS)} (got {list(algorithms)})")
    primary = model.get("primary_metric")
    label_source = labels.get("source") or None
    if label_source is not None and (not isinstance(label_source, str) or label_source.count(".") != 2):
        problems.append(f"labels.source: a Unity Catalog table catalog.schema.table (got {label_source!r})")
    if label_source and primary not in METRICS:
        problems.append(f"model.primary_metric: one of {', '.join(METRICS)} (got {primary!r})")
    if not label_source and primary != UNSUPERVISED_METRIC:
        problems.append(f"model.primary_metric: {UNSUPERVISED_METRIC} without a label source (got {primary!r}); "
                        "set labels.source to rank on a labelled metric")

    gate_cfg = GateConfig(
        min_pr_auc=number("gate.min_pr_auc", gate.get("min_pr_auc"), 0, 1),
        min_f1=number("gate.min_f1", gate.get("min_f1"), 0, 1),
        min_improvement=number("gate.min_improvement", gate.get("min_improvement"), 0, 1),
        min_relative_improvement=number(
            "gate.min_relative_improvement", gate.get("min_relative_improvement", 0.0), 0, 10
        ),
    )
    drift_cfg = DriftConfig(
        psi_warning=number("drift.psi_warning", drift.get("psi_warning"), 0, 10),
        psi_drift=number("drift.psi_drift", drift.get("psi_drift"), 0, 10),
        js_distance_drift=number("drift.js_distance_drift", drift.get("js_distance_drift"), 0, 1),
    )
    if drift_cfg.psi_warning >= drift_cfg.psi_drift:
        problems.append("drift.psi_warning must be below drift.psi_drift")
    retrain_cfg = RetrainingConfig(
        windows_in_drift=int(number("retraining.windows_in_drift", retraining.get("windows_in_drift"), 1, 1000)),
        of_last_windows=int(number("retraining.of_last_windows", retraining.get("of_last_windows"), 1, 1000)),
        cooldown_hours=number("retraining.cooldown_hours", retraining.get("cooldown_hours"), 0, 24 * 365),
        metric_floors={str(k): float(v) for k, v in (retraining.get("metric_floors") or {}).items()},
    )
    if retrain_cfg.windows_in_drift > retrain_cfg.of_last_windows:
        problems.append("retraining.windows_in_drift cannot exceed retraining.of_last_windows")
    steps = tuple(int(s) for s in rollout.get("steps") or ())
    strategy = rollout.get("strategy")
    if strategy not in ("direct", "canary"):
        problems.append(f"serving.rollout.strategy: direct or canary (got {strategy!r})")
    if not steps or steps[-1] != 100 or any(b <= a for a, b in zip(steps, steps[1:])) or steps[0] <= 0:
        problems.append(f"serving.rollout.steps: strictly increasing percentages ending at 100 (got {list(steps)})")
    rollout_cfg = RolloutConfig(
        strategy=str(strategy),
        steps=steps,
        bake_minutes=int(number("serving.rollout.bake_minutes", rollout.get("bake_minutes"), 0, 24 * 60)),
    )
    rollback_cfg = RollbackConfig(
        max_p99_latency_ms=number("serving.rollback.max_p99_latency_ms", rollback.get("max_p99_latency_ms"), 1, 600_000),
        max_error_rate=number("serving.rollback.max_error_rate", rollback.get("max_error_rate"), 0, 1),
        max_p99_latency_ratio=number(
            "serving.rollback.max_p99_latency_ratio", rollback.get("max_p99_latency_ratio", 1.5), 1, 100
        ),
        max_metric_drop=number("serving.rollback.max_metric_drop", rollback.get("max_metric_drop", 0.05), 0, 1),
        min_requests=int(number("serving.rollback.min_requests", rollback.get("min_requests", 50), 0, 10**9)),
    )
    config = ProjectConfig(
        name=str(model.get("name", "")),
        primary_metric=str(primary),
        label_column=str(model.get("label_column", "is_anomaly")),
        finnhub_symbols=tuple(data.get("finnhub_symbols") or ()),
        alpha_vantage_symbols=tuple(alpha.get("symbols") or ()),
        alpha_vantage_series=tuple(alpha.get("series") or ()),
        intraday_interval=str(alpha.get("intraday_interval", "5min")),
        numerical_features=tuple(features.get("numerical") or ()),
        categorical_features=tuple(features.get("categorical") or ()),
        algorithms=algorithms,
        search_iterations=int(number("tournament.search_iterations", tournament.get("search_iterations"), 1, 500)),
        random_seed=int(tournament.get("random_seed", 42)),
        validation_fraction=number("tournament.validation_fraction", tournament.get("validation_fraction", 0.25), 0.05, 0.9),
        label_source=label_source,
        contamination=number("labels.contamination", labels.get("contamination", 0.01), 0.0001, 0.4999),
        gate=gate_cfg,
        drift=drift_cfg,
        retraining=retrain_cfg,
        rollout=rollout_cfg,
        rollback=rollback_cfg,
    )
    if problems:
        raise ConfigError("invalid project_config.yml:\n- " + "\n- ".join(problems))
    return config
