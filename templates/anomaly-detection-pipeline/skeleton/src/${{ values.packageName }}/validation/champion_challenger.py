"""The champion/challenger gate, with MLflow ``MetricThreshold`` semantics.

A challenger is promoted only if every blocking check passes: each metric reaches its absolute
threshold and beats the champion by the minimum absolute and relative changes. The decision keeps
every check's value, baseline and threshold so the reason is visible in the job run and the portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence


@dataclass(frozen=True)
class MetricThreshold:
    metric: str
    threshold: float | None = None
    min_absolute_change: float | None = None
    min_relative_change: float | None = None
    greater_is_better: bool = True
    advisory: bool = False


@dataclass(frozen=True)
class Check:
    metric: str
    kind: str  # threshold | absolute_change | relative_change | present
    value: float | None
    baseline: float | None
    threshold: float | None
    passed: bool
    advisory: bool
    message: str


@dataclass(frozen=True)
class GateDecision:
    promote: bool
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed and not c.advisory]

    def summary(self) -> str:
        if self.promote:
            return "promote: every blocking check passed"
        return "reject: " + "; ".join(c.message for c in self.failures)


def _better(value: float, target: float, greater_is_better: bool) -> bool:
    return value >= target if greater_is_better else value <= target


def evaluate_gate(
    challenger: Mapping[str, float],
    champion: Mapping[str, float] | None,
    thresholds: Sequence[MetricThreshold],
) -> GateDecision:
    """Decides on a challenger. Without a champion only the absolute thresholds apply."""
    if not thresholds:
        raise ValueError("the gate needs at least one metric threshold")
    checks: list[Check] = []
    for t in thresholds:
        value = challenger.get(t.metric)
        if value is None:
            checks.append(Check(t.metric, "present", None, None, None, False, t.advisory, f"{t.metric} was not logged for the challenger"))
            continue
        if t.threshold is not None:
            ok = _better(value, t.threshold, t.greater_is_better)
            relation = ">=" if t.greater_is_better else "<="
            checks.append(
                Check(t.metric, "threshold", value, None, t.threshold, ok, t.advisory,
                      f"{t.metric} {value:.4f} {'meets' if ok else 'misses'} {relation} {t.threshold:.4f}")
            )
        baseline = champion.get(t.metric) if champion else None
        if baseline is None:
            continue
        sign = 1 if t.greater_is_better else -1
        change = sign * (value - baseline)
        if t.min_absolute_change is not None:
            ok = change >= t.min_absolute_change - 1e-12
            checks.append(
                Check(t.metric, "absolute_change", value, baseline, t.min_absolute_change, ok, t.advisory,
                      f"{t.metric} improves by {change:+.4f} over the champion's {baseline:.4f} (needs {t.min_absolute_change:+.4f})")
            )
        if t.min_relative_change is not None:
            relative = change / abs(baseline) if baseline != 0 else (float("inf") if change > 0 else 0.0)
            ok = relative >= t.min_relative_change - 1e-12
            checks.append(
                Check(t.metric, "relative_change", value, baseline, t.min_relative_change, ok, t.advisory,
                      f"{t.metric} improves by {relative:+.2%} over the champion (needs {t.min_relative_change:+.2%})")
            )
    decision = GateDecision(promote=True, checks=tuple(checks))
    return GateDecision(promote=not decision.failures, checks=tuple(checks))


def gate_thresholds(primary_metric: str, min_pr_auc: float, min_f1: float, min_improvement: float,
                    min_relative_improvement: float = 0.0) -> list[MetricThreshold]:
    """The project's gate: floors on PR AUC and F1, and a minimum improvement on the primary metric."""
    thresholds = {
        "pr_auc": MetricThreshold("pr_auc", threshold=min_pr_auc),
        "f1": MetricThreshold("f1", threshold=min_f1),
    }
    primary = thresholds.get(primary_metric, MetricThreshold(primary_metric))
    thresholds[primary_metric] = MetricThreshold(
        primary_metric,
        threshold=primary.threshold,
        min_absolute_change=min_improvement,
        min_relative_change=min_relative_improvement or None,
    )
    return list(thresholds.values())


def unsupervised_gate_thresholds(min_stability: float = 0.5) -> list[MetricThreshold]:
    """The gate without labels: no quality metric exists, so a challenger must keep its alert rate near the
    contamination on unseen trades and separate its alerts from the rest; it need not beat the champion,
    whose label-free numbers are not a quality ranking (retraining on fresh trades is the point)."""
    return [
        MetricThreshold("threshold_stability", threshold=min_stability),
        MetricThreshold("separation", threshold=1.0),
    ]
