"""The tournament: XGBoost, LightGBM, Random Forest and Isolation Forest, each with a small
randomized hyperparameter search, ranked on the primary metric (PR AUC = average precision).

Candidates are fitted on the training split and chosen on a tuning split carved from it; the
reported metrics come from the untouched validation split, so the winner's number is not optimistic.
Isolation Forest learns from normal (label 0) rows only and scores ``−decision_function``; every
detector's alert threshold is the one that maximises F1 on the tuning split.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, precision_score, recall_score, roc_auc_score

from .synthetic import LabelledData, split
from .tracking import InMemoryTracker, Tracker

SUPERVISED = ("xgboost", "lightgbm", "random_forest")
METRICS = ("pr_auc", "f1", "precision", "recall", "roc_auc")


class Detector:
    """A fitted model with its alert threshold: ``score`` is higher for more anomalous rows."""

    def __init__(self, algorithm: str, model: Any, threshold: float = 0.5) -> None:
        self.algorithm, self.model, self.threshold = algorithm, model, threshold

    def score(self, features: np.ndarray) -> np.ndarray:
        if self.algorithm == "isolation_forest":
            return -self.model.decision_function(features)
        return self.model.predict_proba(features)[:, 1]

    def predict(self, features: np.ndarray) -> np.ndarray:
        return (self.score(features) >= self.threshold).astype(int)

    def as_pyfunc(self) -> Any:
        import mlflow.pyfunc

        detector = self

        class AnomalyDetector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):  # noqa: ARG002 (MLflow's signature)
                values = np.asarray(model_input, dtype=float)
                scores = detector.score(values)
                return {"score": scores.tolist(), "prediction": (scores >= detector.threshold).astype(int).tolist()}

        return AnomalyDetector()


def evaluate(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    predictions = (scores >= threshold).astype(int)
    return {
        "pr_auc": float(average_precision_score(labels, scores)),
        "roc_auc": float(roc_auc_score(labels, scores)),
        "f1": float(f1_score(labels, predictions, zero_division=0)),
        "precision": float(precision_score(labels, predictions, zero_division=0)),
        "recall": float(recall_score(labels, predictions, zero_division=0)),
    }


def best_f1_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0)
    return float(thresholds[int(np.argmax(f1[:-1]))])


def _sample(space: Mapping[str, Callable[[np.random.Generator], Any]], rng: np.random.Generator) -> dict[str, Any]:
    return {name: draw(rng) for name, draw in space.items()}


def _search_space(algorithm: str) -> Mapping[str, Callable[[np.random.Generator], Any]]:
    if algorithm == "xgboost":
        return {
            "n_estimators": lambda r: int(r.integers(80, 250)),
            "max_depth": lambda r: int(r.integers(2, 7)),
            "learning_rate": lambda r: float(10 ** r.uniform(-1.7, -0.5)),
            "subsample": lambda r: float(r.uniform(0.6, 1.0)),
            "colsample_bytree": lambda r: float(r.uniform(0.6, 1.0)),
            "min_child_weight": lambda r: float(r.uniform(1, 6)),
        }
    if algorithm == "lightgbm":
        return {
            "n_estimators": lambda r: int(r.integers(80, 250)),
            "num_leaves": lambda r: int(r.integers(8, 48)),
            "learning_rate": lambda r: float(10 ** r.uniform(-1.7, -0.5)),
            "min_child_samples": lambda r: int(r.integers(5, 40)),
            "subsample": lambda r: float(r.uniform(0.6, 1.0)),
            "subsample_freq": lambda r: 1,
        }
    if algorithm == "random_forest":
        return {
            "n_estimators": lambda r: int(r.integers(60, 200)),
            "max_depth": lambda r: int(r.integers(4, 14)),
            "min_samples_leaf": lambda r: int(r.integers(1, 8)),
            "max_features": lambda r: str(r.choice(["sqrt", "log2"])),
        }
    if algorithm == "isolation_forest":
        return {
            "n_estimators": lambda r: int(r.integers(100, 300)),
            "max_samples": lambda r: int(r.choice([128, 256, 512])),
            "max_features": lambda r: float(r.uniform(0.6, 1.0)),
        }
    raise ValueError(f"unknown algorithm {algorithm!r}")


def _build(algorithm: str, params: Mapping[str, Any], positive_weight: float, seed: int) -> Any:
    if algorithm == "xgboost":
        from xgboost import XGBClassifier

        return XGBClassifier(**params, scale_pos_weight=positive_weight, eval_metric="aucpr", random_state=seed, n_jobs=1)
    if algorithm == "lightgbm":
        from lightgbm import LGBMClassifier

        return LGBMClassifier(**params, scale_pos_weight=positive_weight, random_state=seed, n_jobs=1, verbose=-1)
    if algorithm == "random_forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(**params, class_weight="balanced_subsample", random_state=seed, n_jobs=1)
    from sklearn.ensemble import IsolationForest

    return IsolationForest(**params, random_state=seed, n_jobs=1)


def unavailable_reason(algorithm: str) -> str | None:
    """Why an algorithm cannot run here (its library is missing), or None."""
    module = {"xgboost": "xgboost", "lightgbm": "lightgbm"}.get(algorithm, "sklearn")
    if importlib.util.find_spec(module) is None:
        return f"{module} is not installed"
    return None


@dataclass
class Entry:
    algorithm: str
    status: str  # trained | skipped
    reason: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    detector: Detector | None = None
    candidates_tried: int = 0
    seconds: float = 0.0

    @property
    def supervised(self) -> bool:
        return self.algorithm in SUPERVISED


@dataclass
class TournamentResult:
    tournament_id: str
    primary_metric: str
    entries: list[Entry]
    base_rate: float

    @property
    def ranking(self) -> list[Entry]:
        trained = [e for e in self.entries if e.status == "trained"]
        return sorted(trained, key=lambda e: e.metrics[self.primary_metric], reverse=True)

    @property
    def winner(self) -> Entry:
        if not self.ranking:
            raise RuntimeError("no algorithm could be trained: " + "; ".join(f"{e.algorithm}: {e.reason}" for e in self.entries))
        return self.ranking[0]


def train_algorithm(algorithm: str, train: LabelledData, validation: LabelledData, search_iterations: int,
                    seed: int, primary_metric: str = "pr_auc", tracker: Tracker | None = None,
                    tournament_id: str = "local", run_tags: Mapping[str, str] | None = None) -> Entry:
    """One algorithm's randomized search; logs the chosen candidate as one tracked run.

    Runs carry what the fmlops portal reads: the ``fmlops.tournament_id`` tag that groups them, the
    ``algorithm`` param, the metrics; ``run_tags`` adds e.g. ``fmlops.job_run_id``.
    """
    if primary_metric not in METRICS:
        raise ValueError(f"primary metric must be one of {', '.join(METRICS)}")
    if search_iterations < 1:
        raise ValueError("search_iterations must be at least 1")
    tracker = tracker or InMemoryTracker()
    tags = {**(run_tags or {}), "fmlops.tournament_id": tournament_id, "fmlops.algorithm": algorithm,
            "fmlops.learning": "supervised" if algorithm in SUPERVISED else "unsupervised"}
    reason = unavailable_reason(algorithm)
    if reason:
        # recorded, so the tournament shows why an algorithm is missing instead of silently lacking it
        with tracker.run(f"{algorithm}-{tournament_id}", {**tags, "fmlops.skipped": reason}):
            tracker.log_params({"algorithm": algorithm})
        return Entry(algorithm, "skipped", reason)
    started = time.perf_counter()
    fit_part, tune_part = split(train, 0.25, seed)
    positives = max(int(fit_part.labels.sum()), 1)
    positive_weight = (fit_part.labels.size - positives) / positives
    rng = np.random.default_rng(seed)
    best: tuple[float, dict[str, Any], Detector] | None = None
    for _ in range(search_iterations):
        params = _sample(_search_space(algorithm), rng)
        model = _build(algorithm, params, positive_weight, seed)
        if algorithm == "isolation_forest":
            model.fit(fit_part.features[fit_part.labels == 0])
        else:
            model.fit(fit_part.features, fit_part.labels)
        detector = Detector(algorithm, model)
        tune_scores = detector.score(tune_part.features)
        detector.threshold = best_f1_threshold(tune_part.labels, tune_scores)
        tuned = evaluate(tune_part.labels, tune_scores, detector.threshold)[primary_metric]
        if best is None or tuned > best[0]:
            best = (tuned, params, detector)
    assert best is not None
    _, params, detector = best
    metrics = evaluate(validation.labels, detector.score(validation.features), detector.threshold)
    entry = Entry(algorithm, "trained", params=params, metrics=metrics, detector=detector,
                  candidates_tried=search_iterations, seconds=time.perf_counter() - started)
    with tracker.run(f"{algorithm}-{tournament_id}", tags):
        tracker.log_params({"algorithm": algorithm, **params, "threshold": detector.threshold, "candidates": search_iterations})
        tracker.log_metrics(metrics)
        tracker.log_model(detector, algorithm, validation.features[:20])
    return entry


def run_tournament(train: LabelledData, validation: LabelledData, algorithms: Sequence[str], search_iterations: int,
                   seed: int = 42, primary_metric: str = "pr_auc", tracker: Tracker | None = None,
                   tournament_id: str = "local", run_tags: Mapping[str, str] | None = None) -> TournamentResult:
    """Every algorithm on the same splits; the winner is the best on the primary metric."""
    if not algorithms:
        raise ValueError("a tournament needs at least one algorithm")
    tracker = tracker or InMemoryTracker()
    entries = []
    for algorithm in algorithms:
        entries.append(train_algorithm(algorithm, train, validation, search_iterations, seed, primary_metric, tracker,
                                       tournament_id, run_tags))
    return TournamentResult(tournament_id, primary_metric, entries, float(validation.labels.mean()))
